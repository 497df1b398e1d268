/**
 * A small seeded PRNG (mulberry32), shared by the server and the runner: a
 * `--fault-seed` reproduces the same injected faults, and `--order random
 * --seed N` the same scenario order, on every machine.
 */

/** Uniform numbers in [0, 1) from a 32-bit seed. */
export function seededRng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
