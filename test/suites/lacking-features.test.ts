/**
 * Issue 12, "done when": a server that lawfully lacks an optional feature gets
 * no blocking failure from the built-in suites. Each case is the reference
 * server as a test-only variant lacking one feature (src/server/variants/
 * lacking.ts, `createScimServer({ lacking })`, no profile or CLI flag), run
 * with the --mock set-up: the run has to find out what is missing
 * (discovery, probes) and skip or accept it, never blame the server for it.
 *
 * REMAINING lists, per variant, the verdict that still differs from "exit 0,
 * no IdP blocked" and whose piece it waits for; the test fails when a variant
 * changes either way, so the list only shrinks.
 */
import { describe, expect, it } from 'vitest';
import { computeVerdict } from '../../src/runner/verdict.js';
import type { RunResult } from '../../src/runner/types.js';
import { LACKABLE_FEATURES } from '../../src/server/variants/lacking.js';
import type { LackableFeature } from '../../src/server/variants/lacking.js';
import { describeFailures, failures, runMock } from './mock-run.js';

interface Outcome {
  exit: number;
  blocked: string[];
}

const CLEAN: Outcome = { exit: 0, blocked: [] };

/** What is still red, and why. Empty: every variant is clean (enterprise since replays leave an unmapped extension out, src/runner/replay-adapt.ts). */
const REMAINING: Partial<Record<LackableFeature, Outcome & { waitsFor: string }>> = {
};

function outcome(run: RunResult): Outcome {
  const v = computeVerdict(run);
  return { exit: v.exitCode, blocked: v.idps.filter((i) => i.state === 'blocked').map((i) => i.key) };
}

describe('the built-in suites against a server lacking one optional feature', () => {
  it.each(LACKABLE_FEATURES)('without %s: no blocking failure', async (feature) => {
    const run = await runMock({ profile: 'rfc', lacking: [feature], runId: `rlack${LACKABLE_FEATURES.indexOf(feature)}` });
    expect(run.fatal).toBeUndefined();
    const remaining = REMAINING[feature];
    const expected = remaining ? { exit: remaining.exit, blocked: remaining.blocked } : CLEAN;
    expect(outcome(run), describeFailures(failures(run))).toEqual(expected);
  }, 60_000);

  it('each variant is found out by discovery or a probe before any scenario', async () => {
    const run = await runMock({ profile: 'rfc', ids: ['rfc/discovery'], lacking: ['enterprise', 'sort', 'bulk', 'etag', 'search', 'me'] });
    const state = Object.fromEntries((run.supports ?? []).map((s) => [s.feature, `${s.state} (${s.how})`]));
    expect(state).toMatchObject({
      enterprise: 'unsupported (discovery)',
      sort: 'unsupported (discovery)',
      bulk: 'unsupported (discovery)',
      etag: 'unsupported (discovery)',
      search: 'unsupported (probe)',
      me: 'unsupported (probe)',
      patch: 'supported (discovery)',
    });
  });
});

describe('an Entra replay against a server without the enterprise extension', () => {
  it('sends the recording without it, judges the rest, and says what it left out', async () => {
    const run = await runMock({ profile: 'rfc', ids: ['entra/user-lifecycle'], lacking: ['enterprise'], runId: 'rlackent' });
    const steps = run.scenarios.flatMap((s) => s.steps);
    const update = steps.find((s) => s.name.includes('update-alice'));
    expect(update?.status).toBe('passed');
    expect(JSON.parse(update?.exchange?.request.body ?? '{}').Operations).toHaveLength(4);
    const noted = steps.filter((s) => s.checks.some((c) => c.checkId === 'replay.without-enterprise' && c.status === 'skipped'));
    expect(noted.map((s) => s.name.split(' › ')[1]?.split(' ')[0])).toEqual(['create-alice', 'update-alice']);
    expect(noted[0]?.checks.find((c) => c.checkId === 'replay.without-enterprise')).toMatchObject({ reason: expect.stringContaining('enterprise') });
    // The name change in the same PATCH is still judged on the next read.
    const read = steps.find((s) => s.name.includes('read-before-disable'));
    expect(read?.checks.find((c) => c.checkId.startsWith('body.match'))?.status).toBe('passed');
  });
});
