// The robustness figure gate: an outcome whose name says it must stay zero (a 5xx, a lost
// write, a leaked secret, a crash, ...) fails `npm run robustness` when it is not zero.
// Every such outcome is measured by its test (test/robustness/*.test.ts), never written
// as a constant, and recorded before the test asserts, so the gate sees a failing run too.
export const MUST_BE_ZERO =
  /5xx|lost|leaked|changed by a rejection|internal errors|unusable|unloadable|half-applied|wrong|crashed|did not survive|different decisions|raw control characters|stale temp files/i;

/** `suite / target: outcome = n` for every must-be-zero outcome that is not zero. */
export function badFigures(figures) {
  return figures.flatMap((f) =>
    Object.entries(f.outcomes)
      .filter(([k, v]) => MUST_BE_ZERO.test(k) && v !== 0)
      .map(([k, v]) => `${f.suite} / ${f.target}: ${k} = ${v}`),
  );
}
