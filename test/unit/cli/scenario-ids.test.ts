/**
 * Given scenario files without an `id:`, when they are listed from different
 * working directories, then each gets the same default id (docs/formats.md):
 * the path below `scenarios/`, or below the folder the user passed.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { expandPaths, loadScenarios } from '../../../src/runner/load/find-scenarios.js';
import { scimctl } from './cli-helpers.js';

const SCENARIO = ['kind: scenario', 'version: 1', 'name: list users', 'steps:', '  - name: list', '    request: { method: GET, path: /Users }', '    expect: { status: { value: 200, requirement: P-3.4.2-07 } }', ''].join('\n');

const root = realpathSync(mkdtempSync(join(tmpdir(), 'scimctl-ids-')));
for (const dir of ['scenarios/suite', 'mine/sub']) mkdirSync(join(root, dir), { recursive: true });
writeFileSync(join(root, 'scenarios/suite/discovery.yaml'), SCENARIO);
writeFileSync(join(root, 'mine/sub/b.yaml'), SCENARIO);

/** Display paths are relative to process.cwd(); pretend the user stands in `dir`. */
const standIn = (dir: string) => vi.spyOn(process, 'cwd').mockReturnValue(dir);
afterEach(() => vi.restoreAllMocks());
afterAll(() => rmSync(root, { recursive: true, force: true }));

function ids(paths: string[]): string[] {
  const files = expandPaths(paths);
  if (!files.ok) throw new Error('missing fixture');
  const loaded = loadScenarios(files.value, paths);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  return loaded.value.map((s) => s.id);
}

describe('default scenario ids', () => {
  it('`scimctl list --scenarios .` inside scenarios/suite keeps the suite in the id', async () => {
    const cwd = join(root, 'scenarios/suite');
    standIn(cwd);
    const out = await scimctl(['list', '--scenarios', '.'], { cwd });
    expect(out.code).toBe(0);
    expect(out.stdout.split('\n')[0]).toMatch(/^suite\/discovery {2}/);
  });

  it('are the same from any working directory', () => {
    const folder = join(root, 'scenarios/suite');
    const seen = [root, folder, tmpdir()].map((cwd) => {
      standIn(cwd);
      return ids([folder]);
    });
    expect(seen).toEqual([['suite/discovery'], ['suite/discovery'], ['suite/discovery']]);
  });

  it('outside any scenarios/ folder: the path below the folder passed, or the base name of a file passed', () => {
    standIn(join(root, 'mine/sub'));
    expect(ids([join(root, 'mine')])).toEqual(['sub/b']);
    expect(ids([join(root, 'mine/sub/b.yaml')])).toEqual(['b']);
  });
});
