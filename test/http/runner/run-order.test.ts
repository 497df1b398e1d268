/**
 * Isolation over HTTP (issue 12): against one `scimctl serve` (no restart),
 * two full runs in a row and a third with `--order reverse` give identical
 * verdicts, so no scenario depends on another's leftovers or on the order.
 * (test/suites/isolation.test.ts does the same in process, with concurrency.)
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runServe } from '../../../src/cli/run-serve.js';
import { serveHarness } from '../../helpers/serve-harness.js';
import { scimctl } from '../../unit/cli/cli-helpers.js';

interface Report {
  verdict: { exitCode: number; counts: Record<string, number>; idps: { key: string; state: string; blockingFailures: number }[] };
  scenarios: { id: string; status: string; steps: { name: string; checks: { checkId: string; status: string }[] }[] }[];
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
});

/** What a verdict says, without run ids or timings. */
function outcome(r: Report) {
  return {
    exit: r.verdict.exitCode,
    counts: r.verdict.counts,
    idps: r.verdict.idps.map((i) => `${i.key}:${i.state}:${i.blockingFailures}`),
    scenarios: Object.fromEntries(r.scenarios.map((s) => [s.id, s.status])),
    failing: r.scenarios.flatMap((s) => s.steps.flatMap((st) => st.checks.filter((c) => c.status === 'failed' || c.status === 'errored').map((c) => `${s.id} › ${st.name} › ${c.checkId}`))).sort(),
  };
}

describe('scimctl test against one scimctl serve, three times', () => {
  it('two runs in a row and one with --order reverse give identical verdicts', async () => {
    const h = serveHarness();
    const done = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', token: 'T', maxBody: '2097152' }, h.io);
    cleanups.push(async () => {
      h.stop('SIGTERM');
      await done;
    });
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-order-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    await h.ready;
    const run = async (name: string, extra: string[] = []) => {
      const out = join(dir, `${name}.json`);
      const r = await scimctl(['test', h.url(), '--token', 'T', '--reporter', 'json', '--output', out, ...extra]);
      expect(r.stderr, name).toBe('');
      return JSON.parse(readFileSync(out, 'utf8')) as Report;
    };
    const first = outcome(await run('first'));
    const second = outcome(await run('second'));
    const reversed = outcome(await run('reversed', ['--order', 'reverse']));
    expect(Object.keys(first.scenarios).length).toBeGreaterThanOrEqual(40);
    expect(second).toEqual(first);
    expect(reversed).toEqual(first);
  }, 180_000);

  it('--order random takes --seed; --seed without it is a usage error', async () => {
    const bad = await scimctl(['test', '--mock', '--order', 'sideways']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--order must be file, reverse, random, not `sideways`');
    const seedAlone = await scimctl(['test', '--mock', '--seed', '3']);
    expect(seedAlone.code).toBe(2);
    expect(seedAlone.stderr).toContain('--seed applies only to --order random');
  });
});
