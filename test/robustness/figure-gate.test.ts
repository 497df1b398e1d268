/**
 * The figure gate of `npm run robustness` can fire: every outcome that must stay zero is
 * named so the gate sees it, and no robustness test writes an outcome as a constant.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { badFigures, MUST_BE_ZERO } from '../../scripts/figure-gate.mjs';

const dir = import.meta.dirname;

describe('robustness figure gate', () => {
  it('flags a must-be-zero outcome that is not zero, and nothing else', () => {
    const figures: Parameters<typeof badFigures>[0] = [
      { suite: 'secrets', target: 'serve --log', outcomes: { 'log lines written': 8, 'secrets leaked': 1 } },
      { suite: 'crash-kill', target: 'kills', outcomes: { 'acknowledged writes': 900, 'writes lost': 0 } },
    ];
    expect(badFigures(figures)).toEqual(['secrets / serve --log: secrets leaked = 1']);
  });

  it.each([
    '5xx', 'internal errors', 'store changed by a rejection', 'server unusable afterwards', 'writes lost', 'updates lost', 'additions lost',
    'unloadable files', 'stale temp files left', 'half-applied operations', 'secrets leaked', 'runs that crashed', 'runs that did not survive',
    'different decisions', 'outputs with raw control characters',
  ])('gates the outcome "%s"', (name) => {
    expect(MUST_BE_ZERO.test(name)).toBe(true);
  });

  it('finds no outcome written as a constant in a recordFigure call', () => {
    const constants: string[] = [];
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const text = readFileSync(join(dir, file), 'utf8');
      for (const call of text.matchAll(/recordFigure\(\{[\s\S]*?\}\s*\}\)/g)) {
        for (const m of call[0].matchAll(/'([^']+)':\s*0\s*[,}]/g)) constants.push(`${file}: '${m[1]}': 0`);
      }
    }
    expect(constants).toEqual([]);
  });
});
