/**
 * The order scenarios run in (`--order file|reverse|random --seed N`): a run
 * whose verdict changes with the order has scenarios that depend on each other
 * or on what an earlier run left behind (issue 12, isolation).
 */

import { seededRng } from '../shared/seeded-rng.js';

export type ScenarioOrder = { kind: 'file' } | { kind: 'reverse' } | { kind: 'random'; seed: number };

export const ORDER_KINDS = ['file', 'reverse', 'random'] as const;

/** The indexes of `count` scenarios in run order. */
export function orderScenarios(count: number, order: ScenarioOrder = { kind: 'file' }): number[] {
  const idx = Array.from({ length: count }, (_, i) => i);
  if (order.kind === 'reverse') return idx.reverse();
  if (order.kind === 'random') {
    // Fisher–Yates with the seeded generator.
    const rnd = seededRng(order.seed);
    for (let i = idx.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [idx[i], idx[j]] = [idx[j] as number, idx[i] as number];
    }
  }
  return idx;
}
