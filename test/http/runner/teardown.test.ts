/**
 * Teardown always runs: after a failure, and after an abort (Ctrl-C calls the
 * runner's abort), everything the run created is deleted.
 */
import { describe, expect, it } from 'vitest';
import { createHandlerTransport } from '../../../src/runner/client/handler-transport.js';
import { loadScenarios } from '../../../src/runner/load/find-scenarios.js';
import { runSuite } from '../../../src/runner/run-suite.js';
import { scenarioRunId } from '../../../src/runner/run-scope.js';
import { createScimServer } from '../../../src/server/create-server.js';

const loaded = loadScenarios(['scenarios/rfc/user-lifecycle.yaml', 'scenarios/rfc/group-membership.yaml', 'test/fixtures/secrets/user-with-password.yaml']);
if (!loaded.ok) throw new Error('fixtures invalid');
const [lifecycle, groups, failing] = loaded.value;

function target() {
  const server = createScimServer({ token: 'T0KEN-teardown' });
  return { server, transport: createHandlerTransport(server) };
}

describe('teardown', () => {
  it('deletes what a failing scenario created', async () => {
    const { server, transport } = target();
    const result = await runSuite({ baseUrl: 'http://mock.test/scim/v2', transport, scenarios: [failing!], auth: { token: 'T0KEN-teardown', headers: {} }, mode: 'mock', toolVersion: 't' });
    expect(result.scenarios[0]?.status).toBe('failed');
    const cleanup = result.scenarios[0]?.steps.filter((s) => s.name.startsWith('clean up /Users/'));
    expect(cleanup).toHaveLength(1);
    expect(cleanup?.[0]?.status).toBe('passed');
    expect(server.store.size('User')).toBe(0);
  });

  it('on abort, skips the remaining steps and scenarios but still cleans up, run-created groups included', async () => {
    const { server, transport } = target();
    const abort = new AbortController();
    const result = await runSuite({
      baseUrl: 'http://mock.test/scim/v2',
      transport,
      scenarios: [groups!, lifecycle!],
      auth: { token: 'T0KEN-teardown', headers: {} },
      mode: 'mock',
      toolVersion: 't',
      signal: abort.signal,
      events: {
        onStepEnd: (_s, step) => {
          if (step.name === 'add both members') abort.abort();
        },
      },
    });
    expect(result.aborted).toBe(true);
    const steps = result.scenarios[0]?.steps ?? [];
    expect(steps.find((s) => s.name === 'remove b with a value filter')).toMatchObject({ status: 'skipped', reason: 'the run was interrupted' });
    // The scenario's own teardown ran, then the clean-up of both users.
    expect(steps.find((s) => s.name === 'remove a from the group')?.status).toBe('passed');
    expect(steps.filter((s) => s.name.startsWith('clean up /Users/')).map((s) => s.status)).toEqual(['passed', 'passed']);
    expect(result.scenarios[1]?.steps.every((s) => s.status === 'skipped' || s.phase === 'teardown')).toBe(true);
    expect(server.store.size('User')).toBe(0);
    expect(server.store.size('Group')).toBe(0);
  });

  it('names the run: created users carry the run id and the scenario tag', async () => {
    const { transport } = target();
    const result = await runSuite({ baseUrl: 'http://mock.test/scim/v2', transport, scenarios: [lifecycle!], auth: { token: 'T0KEN-teardown', headers: {} }, mode: 'mock', toolVersion: 't', runId: 'rtest1' });
    const create = result.scenarios[0]?.steps.find((s) => s.name === 'create');
    expect(create?.exchange?.request.body).toContain(`"userName":"ada+${scenarioRunId('rtest1', lifecycle!.id)}@example.com"`);
  });
});
