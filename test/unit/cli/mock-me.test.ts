/**
 * Given `scimctl test --mock`, when the /Me scenario runs, then its `me` steps
 * are judged against a user the built-in server binds /Me to (the run's /Me
 * probe finds it), not skipped; `--no-capability me` skips the steps that need /Me,
 * while the first step (a clear answer, never a server error) still runs.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/runner/types.js';
import { scimctl } from './cli-helpers.js';

async function meSteps(extra: string[] = []) {
  const r = await scimctl(['test', '--mock', '--grep', 'rfc/me', '--reporter', 'json', ...extra]);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  const report = JSON.parse(r.stdout) as RunResult;
  return report.scenarios.flatMap((s) => (s.status === 'skipped' ? [`${s.id}: skipped, ${s.reason ?? ''}`] : s.steps.map((st) => `${st.name}: ${st.status}`)));
}

describe('--mock and /Me', () => {
  it('runs the /Me steps against the bound user', async () => {
    expect(await meSteps()).toEqual([
      '/Me never fails with a server error: passed',
      "/Me names the caller's User in Location: passed",
      'the Location of /Me is the User resource: passed',
    ]);
  });

  it('--no-capability me skips the steps that need /Me', async () => {
    expect(await meSteps(['--no-capability', 'me'])).toEqual([
      '/Me never fails with a server error: passed',
      "/Me names the caller's User in Location: skipped",
      'the Location of /Me is the User resource: skipped',
    ]);
  });
});
