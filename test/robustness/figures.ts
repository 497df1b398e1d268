/**
 * Figures for docs/robustness.md. Every robustness test records what it tried
 * (cases, faults, kills, writes lost) with `recordFigure`; `npm run
 * robustness` sets ROBUSTNESS_OUT (and ROBUSTNESS_SCALE for more cases) and
 * turns the records into the markdown table. In a normal test run the figures
 * are only printed.
 */
import { appendFileSync } from 'node:fs';

export interface Figure {
  /** Suite file, e.g. `server-fuzz`. */
  suite: string;
  /** What was attacked, e.g. `filters (GET ?filter=)`. */
  target: string;
  /** Cases tried. */
  cases: number;
  /** What held, as counted numbers: `{ '5xx': 0, 'store changed by a rejection': 0 }`. */
  outcomes: Record<string, number>;
}

/** Multiplier for case counts: 1 in CI, more under `npm run robustness`. */
export const SCALE = Math.max(1, Number(process.env.ROBUSTNESS_SCALE ?? '1') || 1);

export function scaled(n: number): number {
  return Math.round(n * SCALE);
}

export function recordFigure(figure: Figure): void {
  const out = process.env.ROBUSTNESS_OUT;
  if (out) appendFileSync(out, `${JSON.stringify(figure)}\n`);
  const tally = Object.entries(figure.outcomes)
    .map(([k, v]) => `${k}: ${v}`)
    .join(', ');
  console.info(`[robustness] ${figure.suite} / ${figure.target}: ${figure.cases} cases (${tally})`);
}
