/**
 * Issue 12 (isolation): every scenario leaves the target as it found it and
 * names what it creates with the run id and its own tag, so runs in a row
 * against one server (no restart), in reverse order or concurrently, give the
 * same verdicts, and the server ends with exactly what it started with.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult, StepResult } from '../../src/runner/types.js';
import type { ScimHandler } from '../../src/server/types.js';
import { computeVerdict } from '../../src/runner/verdict.js';
import type { ProfileName } from '../../src/server/profiles/types.js';
import type { SeedData } from '../../src/server/seed-data.js';
import type { StoredResource } from '../../src/server/store.js';
import { describeFailures, failures, mockServer, runMock } from './mock-run.js';
import type { MockServer } from './mock-run.js';

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

/**
 * Every user and group of the server, by id, as content: the client-owned
 * attributes in stored order (JSON text, so member order and key order count)
 * and the creation time. meta.lastModified and meta.version are left out: the
 * runner's restore of an existing group is a PUT, which bumps them even when it
 * puts back exactly what was there.
 */
function contents(server: MockServer): Map<string, string> {
  const { users, groups } = server.store.snapshot();
  const text = (r: StoredResource) => JSON.stringify({ resourceType: r.resourceType, data: r.data, created: r.created });
  return new Map([...users, ...groups].map((r) => [`${r.resourceType}/${r.id}`, text(r)]));
}

/** Teardown steps that errored or failed (a clean-up or a restore left something behind), as `scenario › step: reason`. */
function teardownTrouble(run: RunResult): string[] {
  return run.scenarios.flatMap((s) => s.steps.filter((st) => st.phase === 'teardown' && (st.status === 'errored' || st.status === 'failed')).map((st) => `${s.id} › ${st.name}: ${st.reason ?? st.status}`));
}

const restoreSteps = (run: RunResult, id: string): StepResult[] => run.scenarios.find((s) => s.id === id)?.steps.filter((st) => st.name.startsWith('restore ')) ?? [];

/** A user the IdPs never provision, and a member of the existing group: a scenario must not take it out. */
const KEEP_USER = {
  id: 'u-keep',
  userName: 'keep@example.com',
  externalId: 'ext-keep',
  name: { givenName: 'Kim', familyName: 'Keep' },
  displayName: 'Kim Keep',
  emails: [{ value: 'keep@example.com', type: 'work', primary: true }],
  active: true,
};

/** The mezmo seed with its Department child organization holding a member (and its externalId). */
function mezmoWithMember(seed: SeedData): SeedData {
  return {
    ...seed,
    users: [...(seed.users ?? []), KEEP_USER],
    groups: (seed.groups ?? []).map((g) => (g.displayName === 'Department' ? { ...g, members: [{ value: 'u-keep' }] } : g)),
  };
}

/** The rfc profile with a user and a group that exist before the run (the group is named with --group). */
function rfcWithExisting(seed: SeedData): SeedData {
  return {
    ...seed,
    users: [...(seed.users ?? []), KEEP_USER],
    groups: [...(seed.groups ?? []), { id: 'g-keep', displayName: 'Keepers', externalId: 'ext-keepers', members: [{ value: 'u-keep' }] }],
  };
}

describe.each<ProfileName>(['rfc', 'mezmo'])('isolation on the %s profile', (profile) => {
  it('two runs in a row, one reversed and one with concurrency 4, against one server give identical verdicts and leave it as found', async () => {
    const server = mockServer(profile);
    const users = server.store.size('User');
    const groups = server.store.size('Group');
    const before = contents(server);
    const first = await runMock({ profile, server, runId: 'rone01' });
    expect(server.store.size('User')).toBe(users);
    const second = await runMock({ profile, server, runId: 'rtwo02' });
    const reversed = await runMock({ profile, server, runId: 'rrev03', reverse: true });
    const parallel = await runMock({ profile, server, runId: 'rpar04', concurrency: 4 });
    expect(outcome(first).failures).toBe('');
    for (const run of [second, reversed, parallel]) expect(outcome(run)).toEqual(outcome(first));
    for (const run of [first, second, reversed, parallel]) expect(teardownTrouble(run)).toEqual([]);
    expect(server.store.size('User')).toBe(users);
    expect(server.store.size('Group')).toBe(groups);
    // Not just as many: the same ones, with the same content (mezmo's child organizations keep their externalId).
    expect(contents(server)).toEqual(before);
  });
});

describe('isolation: existing resources keep their content', () => {
  it('mezmo: a full run (in order, then with concurrency 4) leaves the existing child organizations exactly as they were (displayName, externalId, members)', async () => {
    const server = mockServer('mezmo', { seed: mezmoWithMember });
    const department = () => {
      const g = server.store.byGroupDisplayName('Department');
      return g && { displayName: g.data.displayName, externalId: g.data.externalId, members: g.data.members };
    };
    expect(department()).toEqual({ displayName: 'Department', externalId: 'mezmo-child-org-department', members: [{ value: 'u-keep' }] });
    const before = contents(server);
    const run = await runMock({ profile: 'mezmo', server, runId: 'rkeep1' });
    expect(describeFailures(failures(run))).toBe('');
    expect(run.scenarios.find((s) => s.id === 'mezmo/okta-setup')?.status).toBe('passed');
    expect(teardownTrouble(run)).toEqual([]);
    // The AIW PUTs replace the member list and drop externalId: the runner puts them back, and says so.
    expect(restoreSteps(run, 'mezmo/okta-setup')).toMatchObject([{ name: 'restore /Groups/org-department', phase: 'teardown', status: 'passed' }]);
    expect(department()).toEqual({ displayName: 'Department', externalId: 'mezmo-child-org-department', members: [{ value: 'u-keep' }] });
    expect(contents(server)).toEqual(before);
    const parallel = await runMock({ profile: 'mezmo', server, runId: 'rkeep2', concurrency: 4 });
    expect(describeFailures(failures(parallel))).toBe('');
    expect(teardownTrouble(parallel)).toEqual([]);
    expect(contents(server)).toEqual(before);
  });

  it('rfc: after full runs with and without --group, every pre-existing user and group has the same content', async () => {
    const server = mockServer('rfc', { seed: rfcWithExisting });
    const before = contents(server);
    expect(before.get('Group/g-keep')).toContain('"members":[{"value":"u-keep"}]');
    const own = await runMock({ profile: 'rfc', server, runId: 'rkeep3' });
    expect(describeFailures(failures(own))).toBe('');
    expect(contents(server)).toEqual(before);
    const given = await runMock({ profile: 'rfc', server, runId: 'rkeep4', groups: ['Keepers'], concurrency: 4 });
    expect(describeFailures(failures(given))).toBe('');
    expect(teardownTrouble(given)).toEqual([]);
    expect(contents(server)).toEqual(before);
  });

  it('a restore the target refuses is an errored teardown step that says what to put back; the run goes on and the scenario keeps its verdict', async () => {
    const server = mockServer('mezmo', { seed: mezmoWithMember });
    // Refuse the runner's restore (the only group PUT carrying an externalId; Okta's AIW PUTs send none).
    const refuseRestore = (handler: ScimHandler): ScimHandler => async (req) =>
      req.method === 'PUT' && /\/Groups\//.test(req.path) && (req.body ?? '').includes('externalId')
        ? { status: 500, headers: { 'Content-Type': 'application/scim+json' }, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '500', detail: 'down' } }
        : handler(req);
    const run = await runMock({ profile: 'mezmo', server, runId: 'rkeep5', wrap: refuseRestore, ids: ['mezmo/okta-setup', 'mezmo/entra-setup'] });
    expect(run.scenarios.map((s) => s.status)).toEqual(['passed', 'passed']);
    expect(teardownTrouble(run)).toEqual([
      'mezmo/okta-setup › restore /Groups/org-department: the scenario changed externalId, members (0 added, 1 removed); the restore PUT answered 500: restore displayName "Department", externalId "mezmo-child-org-department", 1 member by hand',
    ]);
  });
});
