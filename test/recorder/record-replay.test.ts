/**
 * Given an IdP-like client (Okta- and Entra-shaped sequences) sending through
 * `scimctl record` in front of `scimctl serve`, when the recording is
 * scaffolded into a scenario and replayed with `scimctl test`, then a fresh
 * `scimctl serve` passes with the ids correlated, and a server that breaks one
 * thing fails on that thing.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScaffoldCommand } from '../../src/cli/run-scaffold.js';
import { loadRecordingFile } from '../../src/runner/load/load-recording.js';
import { startNodeServer, type RunningServer } from '../../src/server/adapters/node-http.js';
import { createScimServer } from '../../src/server/create-server.js';
import type { ScimHandler } from '../../src/server/types.js';
import { failures, runTest, startRecord, startServe, tempDir, type Started, capturingIo } from './helpers.js';
import { entraSequence, OKTA_PASSWORD, oktaSequence } from './idp-sequences.js';

const RECORDED_TOKEN = 'recorded-tenant-token-5b1e';
const FRESH_TOKEN = 'fresh-target-token-c04d';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


async function started(s: Promise<Started>): Promise<Started> {
  const value = await s;
  let stopped = false;
  cleanups.push(() => (stopped ? undefined : value.stop()));
  return { ...value, stop: async () => ((stopped = true), value.stop()) };
}

/** Record `sequence` in front of a fresh `scimctl serve`, then scaffold a scenario; returns both paths. */
async function recordAndScaffold(dir: string, name: string, sequence: (url: string, token: string) => Promise<void>, idp?: string) {
  const serve = await started(startServe({ token: RECORDED_TOKEN }));
  const fixture = join(dir, 'fixtures', `${name}.yaml`);
  const rec = await started(startRecord({ target: serve.url, out: fixture, ...(idp ? { idp } : {}) }));
  await sequence(rec.url, RECORDED_TOKEN);
  expect(await rec.stop()).toBe(0);
  await serve.stop();
  const scenario = join(dir, 'scenarios', `${name}.yaml`);
  const io = capturingIo(dir);
  expect(runScaffoldCommand(fixture, { out: scenario }, io), io.out()).toBe(0);
  return { fixture, scenario };
}

/** The built-in server with one bug: a PATCH operation without `path` is ignored (okta.md §6's deactivation). */
function ignoresPathlessPatch(token: string): ScimHandler {
  const inner = createScimServer({ token });
  return async (req) => {
    if (req.method === 'PATCH' && req.body) {
      const body = JSON.parse(req.body) as { Operations?: { path?: string }[] };
      if (body.Operations?.some((o) => o.path === undefined)) {
        const { body: _ignored, ...rest } = req;
        return inner({ ...rest, method: 'GET' });
      }
    }
    return inner(req);
  };
}

/** The built-in server with one bug: a filter that matches nothing answers 404 (RFC 7644 §3.4.2 says 200). */
function notFoundOnEmptyFilter(token: string): ScimHandler {
  const inner = createScimServer({ token });
  return async (req) => {
    const res = await inner(req);
    const body = res.body as { totalResults?: number } | undefined;
    if (req.method === 'GET' && /filter=/.test(req.query) && body?.totalResults === 0) {
      return { status: 404, headers: res.headers, body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: 'User not found' } };
    }
    return res;
  };
}

async function startBroken(handler: ScimHandler): Promise<RunningServer> {
  const server = await startNodeServer(handler, { port: 0, basePath: '/scim/v2' });
  cleanups.push(() => server.close());
  return server;
}

describe('record in front of serve, replay with test', () => {
  it('Okta: the recording replays green on a fresh server, ids correlated, and red on a server that ignores path-less PATCH', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const { fixture, scenario } = await recordAndScaffold(tmp.dir, 'okta-tenant', oktaSequence);

    const text = readFileSync(fixture, 'utf8');
    expect(text).not.toContain(RECORDED_TOKEN);
    expect(text).not.toContain(OKTA_PASSWORD);
    const recording = loadRecordingFile(fixture);
    if (!recording.ok) throw new Error(JSON.stringify(recording.diagnostics));
    expect(recording.value.idp).toBe('okta');
    expect(recording.value.exchanges.map((e) => e.id)).toEqual([
      'list-users-1',
      'lookup-users-2',
      'create-user-3',
      'lookup-users-4',
      'create-user-5',
      'lookup-groups-6',
      'create-group-7',
      'patch-group-8',
      'patch-group-9',
      'patch-user-10',
      'read-user-11',
    ]);
    const bobId = (recording.value.exchanges[4]?.response.body as { id: string }).id;
    expect(text).toContain(`reuses ${bobId} (id from create-user-5)`);

    const fresh = await started(startServe({ token: FRESH_TOKEN }));
    const green = await runTest(fresh.url, scenario, FRESH_TOKEN, tmp.dir);
    expect(failures(green.report), green.stderr).toEqual([]);
    expect(green.code).toBe(0);
    // The deactivation went to the fresh server's id for bob, not the recorded one.
    const steps = green.report?.scenarios[0]?.steps ?? [];
    const patchUser = steps.find((s) => s.name.includes('patch-user-10')) as unknown as { exchange: { request: { url: string } } };
    expect(patchUser.exchange.request.url).toMatch(/\/scim\/v2\/Users\/[^/]+$/);
    expect(patchUser.exchange.request.url).not.toContain(bobId);

    const broken = await startBroken(ignoresPathlessPatch(FRESH_TOKEN));
    const red = await runTest(broken.url, scenario, FRESH_TOKEN, tmp.dir);
    expect(red.code).toBe(1);
    expect(failures(red.report)).toEqual([expect.stringMatching(/patch-user-10 PATCH \/Users\/.* › body\.path\/active: \/active is true/)]);
  });

  it('Entra: the recording replays green on a fresh server and red on one that answers an empty filter with 404', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const { fixture, scenario } = await recordAndScaffold(tmp.dir, 'entra-tenant', entraSequence, 'entra');
    expect(readFileSync(fixture, 'utf8')).not.toContain(RECORDED_TOKEN);

    const fresh = await started(startServe({ token: FRESH_TOKEN }));
    const green = await runTest(fresh.url, scenario, FRESH_TOKEN, tmp.dir);
    expect(failures(green.report), green.stderr).toEqual([]);
    expect(green.code).toBe(0);

    const broken = await startBroken(notFoundOnEmptyFilter(FRESH_TOKEN));
    const red = await runTest(broken.url, scenario, FRESH_TOKEN, tmp.dir);
    expect(red.code).toBe(1);
    const failed = failures(red.report);
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((f) => /lookup-(users|groups)-\d+ GET/.test(f))).toBe(true);
  });
});
