/**
 * Issue 12 (isolation): every scenario leaves the target as it found it and
 * names what it creates with the run id and its own tag, so runs in a row
 * against one server (no restart), in reverse order or concurrently, give the
 * same verdicts, and the server ends with exactly what it started with.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/runner/types.js';
import { computeVerdict } from '../../src/runner/verdict.js';
import type { ProfileName } from '../../src/server/profiles/types.js';
import { describeFailures, failures, mockServer, runMock } from './mock-run.js';

/** What a verdict says, without run ids: IdP states, exit code and each scenario's status. */
function outcome(run: RunResult) {
  const v = computeVerdict(run);
  return {
    exit: v.exitCode,
    idps: v.idps.map((i) => `${i.key}:${i.state}`),
    scenarios: Object.fromEntries(run.scenarios.map((s) => [s.id, s.status])),
    failures: describeFailures(failures(run)),
  };
}

describe.each<ProfileName>(['rfc', 'mezmo'])('isolation on the %s profile', (profile) => {
  it('two runs in a row, one reversed and one with concurrency 4, against one server give identical verdicts and leave it as found', async () => {
    const server = mockServer(profile);
    const users = server.store.size('User');
    const groups = server.store.size('Group');
    const first = await runMock({ profile, server, runId: 'rone01' });
    expect(server.store.size('User')).toBe(users);
    const second = await runMock({ profile, server, runId: 'rtwo02' });
    const reversed = await runMock({ profile, server, runId: 'rrev03', reverse: true });
    const parallel = await runMock({ profile, server, runId: 'rpar04', concurrency: 4 });
    expect(outcome(first).failures).toBe('');
    for (const run of [second, reversed, parallel]) expect(outcome(run)).toEqual(outcome(first));
    expect(server.store.size('User')).toBe(users);
    expect(server.store.size('Group')).toBe(groups);
  });
});
