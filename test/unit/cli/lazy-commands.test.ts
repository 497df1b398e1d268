/**
 * `scimctl --help`, `--version` and each command's `--help` load only the
 * commander definitions: every command imports its implementation in its
 * action, which keeps start-up near bare node (bench/RESULTS.md, goal 6).
 * Asserts which modules load, never how long it takes.
 *
 * Runs the built CLI (bin/scimctl.js imports dist/): `npm test` builds first.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../../src/server/create-server.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const TRACE = fileURLToPath(new URL('../../fixtures/trace-imports.mjs', import.meta.url));

/** The packages and layers that made `--help` take 255 ms; none is needed to print help. */
const HEAVY = [/\/node_modules\/(undici|ajv|yaml|msw)\//, /\/dist\/(server|runner|recorder|reporters|load)\//];

/** Runs the CLI with the import tracer; returns stdout and every module URL it loaded. */
function traced(args: string[]): { status: number | null; stdout: string; loaded: string[] } {
  const r = spawnSync(process.execPath, ['--import', TRACE, 'bin/scimctl.js', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith('trace-import '))
    .map((l) => l.slice('trace-import '.length));
  return { status: r.status, stdout: r.stdout, loaded };
}

const heavyIn = (loaded: string[]) => loaded.filter((url) => HEAVY.some((re) => re.test(url)));

describe('commands load their implementation only when they run', () => {
  it.each([
    [['--help']],
    [['--version']],
    [['serve', '--help']],
    [['test', '--help']],
    [['list', '--help']],
    [['validate', '--help']],
    [['coverage', '--help']],
    [['record', '--help']],
    [['import', 'har', '--help']],
    [['scaffold', '--help']],
    [['load', '--help']],
  ])('scimctl %j loads none of undici, ajv, yaml, msw, the server, runner, recorder or reporters', (args) => {
    const run = traced(args);
    expect(run.status).toBe(0);
    // The tracer works: the CLI's own modules are in the list.
    expect(run.loaded.some((url) => url.endsWith('/dist/cli/main.js'))).toBe(true);
    expect(heavyIn(run.loaded)).toEqual([]);
  });

  it('a command that runs still loads what it needs (the tracer sees packages)', () => {
    const run = traced(['list', '--grep', 'no-scenario-has-this-name']);
    expect(run.status).toBe(0);
    expect(heavyIn(run.loaded).some((url) => url.includes('/node_modules/yaml/'))).toBe(true);
  });

  it('serve --help still shows the server default for --max-body', () => {
    // Both read MAX_REQUEST_BODY_BYTES (src/core/limits.ts); commander may wrap the help line.
    const help = traced(['serve', '--help']).stdout.replace(/\s+/g, ' ');
    expect(help).toContain(`(default: "${DEFAULT_LIMITS.maxBodyBytes}")`);
  });
});
