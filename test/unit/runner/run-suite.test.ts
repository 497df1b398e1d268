/**
 * runSuite against the built-in server in process: capabilities, skip reasons,
 * existing groups, --bail and concurrency.
 */
import { describe, expect, it } from 'vitest';
import { createHandlerTransport } from '../../../src/runner/client/handler-transport.js';
import { loadScenarios } from '../../../src/runner/load/find-scenarios.js';
import { defaultEntraMode, runSuite } from '../../../src/runner/run-suite.js';
import type { RunOptions } from '../../../src/runner/run-suite.js';
import { createScimServer } from '../../../src/server/create-server.js';

const loaded = loadScenarios(
  ['discovery', 'user-lifecycle', 'patch-user', 'group-membership'].map((n) => `scenarios/rfc/${n}.yaml`).concat('test/fixtures/secrets/user-with-password.yaml'),
);
if (!loaded.ok) throw new Error('fixtures invalid');
const [discovery, lifecycle, patch, groups, failing] = loaded.value as [NonNullable<(typeof loaded.value)[number]>, ...NonNullable<(typeof loaded.value)[number]>[]];

function run(overrides: Partial<RunOptions>) {
  const server = createScimServer({ token: 'tok-run-suite' });
  return runSuite({
    baseUrl: 'http://mock.test/scim/v2',
    transport: createHandlerTransport(server),
    scenarios: [],
    auth: { token: 'tok-run-suite', headers: {} },
    mode: 'mock',
    toolVersion: 't',
    ...overrides,
  });
}

describe('runSuite', () => {
  it('reads capabilities from /ServiceProviderConfig and applies overrides', async () => {
    const r = await run({ scenarios: [discovery!], capabilityOverrides: { me: true, bulk: false } });
    expect(r.capabilities).toMatchObject({ patch: true, filter: true, groups: true, 'groups.create': true, me: true, bulk: false });
    expect(r.discovery.map((d) => `${d.request.method} ${new URL(d.request.url).pathname}`)).toEqual([
      'GET /scim/v2/ServiceProviderConfig',
      'GET /scim/v2/Users',
      'GET /scim/v2/ResourceTypes',
      'GET /scim/v2/Schemas',
      'GET /scim/v2/Me',
      'POST /scim/v2/Users/.search',
      'GET /scim/v2/Groups',
    ]);
    expect(r.supports?.find((e) => e.feature === 'me')).toEqual({ feature: 'me', state: 'supported', how: 'assumed', detail: 'set by --capability or the config' });
    expect(r.supports?.find((e) => e.feature === 'sort')).toEqual({ feature: 'sort', state: 'supported', how: 'discovery', detail: '/ServiceProviderConfig sort.supported is true' });
  });

  it('skips scenarios the target cannot run, with the reason', async () => {
    const r = await run({ scenarios: [patch!, groups!], capabilityOverrides: { patch: false, 'groups.create': false } });
    expect(r.scenarios.map((s) => [s.id, s.status, s.reason])).toEqual([
      ['rfc/patch-user', 'skipped', 'the target lacks `patch` (set by --no-capability or the config)'],
      ['rfc/group-membership', 'skipped', 'the target lacks `patch` (set by --no-capability or the config)'],
    ]);
    // No group to create and none listed: the reason says so.
    const g = await run({ scenarios: [groups!], capabilityOverrides: { 'groups.create': false } });
    expect(g.scenarios[0]?.reason).toBe('needs 1 existing group(s): the target refuses group creation and GET /Groups listed 0 (status 200); pass --group <displayName>');
    const missing = await run({ scenarios: [groups!], groups: ['No Such Group'] });
    expect(missing.scenarios[0]?.reason).toBe('--group "No Such Group" was not found on the target');
  });

  it('uses an existing group given by name', async () => {
    const server = createScimServer({ token: 'tok-run-suite', seed: { groups: [{ id: 'org-1', displayName: 'Department' }], users: [] } });
    const r = await runSuite({
      baseUrl: 'http://mock.test/scim/v2',
      transport: createHandlerTransport(server),
      scenarios: [groups!],
      auth: { token: 'tok-run-suite', headers: {} },
      groups: ['Department'],
      capabilityOverrides: { 'groups.create': false, 'groups.delete': false },
      mode: 'mock',
      toolVersion: 't',
    });
    expect(r.scenarios[0]?.status).toBe('passed');
    const add = r.scenarios[0]?.steps.find((s) => s.name === 'add both members');
    expect(add?.exchange?.request.url).toBe('http://mock.test/scim/v2/Groups/org-1');
    expect(server.store.size('Group')).toBe(1);
  });

  it('--bail stops after the first failing scenario; teardown still runs', async () => {
    const r = await run({ scenarios: [failing!, lifecycle!], bail: true });
    expect(r.aborted).toBe(true);
    expect(r.scenarios[0]?.status).toBe('failed');
    expect(r.scenarios[0]?.steps.some((s) => s.name.startsWith('clean up'))).toBe(true);
    expect(r.scenarios[1]?.steps.every((s) => s.status === 'skipped')).toBe(true);
  });

  it('concurrency keeps the order and the verdicts', async () => {
    const all = [discovery!, lifecycle!, patch!, groups!];
    const one = await run({ scenarios: all, concurrency: 1 });
    const many = await run({ scenarios: all, concurrency: 4 });
    const shape = (x: typeof one) => x.scenarios.map((s) => [s.id, s.status, s.steps.length]);
    expect(shape(many)).toEqual(shape(one));
    expect(shape(one).every(([, status]) => status === 'passed')).toBe(true);
  });

  it('Entra mode follows the base URL', () => {
    expect(defaultEntraMode('https://x/scim?aadOptscim062020')).toBe('aadopt');
    expect(defaultEntraMode('https://x/scim?a=1&aadOptscim062020')).toBe('aadopt');
    expect(defaultEntraMode('https://x/scim')).toBe('both');
  });
});
