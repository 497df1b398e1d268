/**
 * Given `scimctl serve --token T` on 127.0.0.1:0 with the --mock set-up (its
 * /Me user), when `scimctl test <url> --token T` runs the
 * built-in scenarios, then the verdicts equal those of `scimctl test --mock`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startNodeServer } from '../../../src/server/adapters/node-http.js';
import { mockServerSetup } from '../../../src/cli/mock-server.js';
import { createScimServer, PROFILES } from '../../../src/server/create-server.js';
import type { RunningServer } from '../../../src/server/adapters/node-http.js';
import { scimctl } from '../../unit/cli/cli-helpers.js';

let running: RunningServer | undefined;
afterEach(async () => {
  await running?.close();
});

interface Report {
  verdict: unknown;
  scenarios: { id: string; status: string; steps: { name: string; checks: { checkId: string; status: string }[] }[] }[];
}

describe('serve and --mock agree', () => {
  it('gives the same verdicts over HTTP as in process', async () => {
    // The same server --mock starts: the /Me user seeded and bound; the run's /Me probe finds it, as it does in --mock.
    const { seed, me } = mockServerSetup(PROFILES.rfc);
    running = await startNodeServer(createScimServer({ token: 'T', seed, ...(me ? { me } : {}) }), { port: 0, basePath: '/scim/v2' });
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-parity-'));
    const http = await scimctl(['test', running.url, '--token', 'T', '--reporter', 'json', '--output', join(dir, 'http.json')]);
    const mock = await scimctl(['test', '--mock', '--reporter', 'json', '--output', join(dir, 'mock.json')]);
    expect(http.stderr).toBe('');
    expect(http.code).toBe(0);
    expect(mock.code).toBe(0);
    const read = (f: string) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as Report;
    const a = read('http.json');
    const b = read('mock.json');
    expect(a.verdict).toEqual(b.verdict);
    const shape = (r: Report) => r.scenarios.map((s) => [s.id, s.status, s.steps.map((st) => st.checks.map((c) => `${c.checkId}:${c.status}`))]);
    expect(shape(a)).toEqual(shape(b));
  });
});
