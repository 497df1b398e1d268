/**
 * Golden cases (house style §15): each folder under golden/ holds a scenario,
 * the command's arguments, and the exact expected stdout, stderr and exit
 * code, with durations and run ids replaced by [...].
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scimctl, scrubDurations } from './cli-helpers.js';

const root = join(import.meta.dirname, 'golden');

describe('golden', () => {
  for (const name of readdirSync(root).sort()) {
    it(name, async () => {
      const dir = join(root, name);
      const args = JSON.parse(readFileSync(join(dir, 'args.json'), 'utf8')) as string[];
      const r = await scimctl(args, { cwd: dir });
      const expected = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : '');
      expect(scrubDurations(r.stdout)).toBe(expected('expected.stdout'));
      expect(scrubDurations(r.stderr)).toBe(expected('expected.stderr'));
      expect(r.code).toBe(Number(expected('expected.code').trim()));
    });
  }
});
