/**
 * The order scenarios run in (`--order file|reverse|random --seed N`): a run
 * whose verdict changes with the order has scenarios that depend on each other
 * or on what an earlier run left behind (issue 12, isolation).
 */

export type ScenarioOrder = { kind: 'file' } | { kind: 'reverse' } | { kind: 'random'; seed: number };

export const ORDER_KINDS = ['file', 'reverse', 'random'] as const;

/** mulberry32: a small seeded generator, so `--order random --seed N` is the same order on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The indexes of `count` scenarios in run order. */
export function orderScenarios(count: number, order: ScenarioOrder = { kind: 'file' }): number[] {
  const idx = Array.from({ length: count }, (_, i) => i);
  if (order.kind === 'reverse') return idx.reverse();
  if (order.kind === 'random') {
    // Fisher–Yates with the seeded generator.
    const rnd = seededRandom(order.seed);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
  }
  return idx;
}
