/**
 * Given `scimctl record --mock --profile mezmo` (the proxy in front of the
 * built-in server, as a team would expose it to its tenant through a tunnel),
 * when an Entra-like client links a user to an existing Mezmo organization and
 * tries to create a group, then the recording holds the mock's answers with
 * locations that point back through the proxy, and its scaffold replays green
 * on `scimctl test --mock --profile mezmo`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runTestCommand } from '../../src/cli/run-test.js';
import { runScaffoldCommand } from '../../src/cli/run-scaffold.js';
import { loadRecordingFile } from '../../src/runner/load/load-recording.js';
import { failures, idpClient, startRecord, tempDir, type Report, capturingIo } from './helpers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


describe('record --mock', () => {
  it('records the built-in mezmo server and replays on the in-process mock', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const fixture = join(tmp.dir, 'fixtures', 'mezmo-link.yaml');
    const rec = await startRecord({ mock: true, profile: 'mezmo', token: 'mock-token-a1b2', out: fixture, idp: 'entra' });
    cleanups.push(() => rec.stop());
    expect(rec.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\/enterprise\/scim$/);

    const send = idpClient(rec.url, { Authorization: 'Bearer mock-token-a1b2' });
    const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
    const org = await send('GET', '/Groups?excludedAttributes=members&filter=displayName+eq+%22Production%22');
    expect(org.json?.['totalResults']).toBe(1);
    expect((await send('GET', '/Users?filter=userName+eq+%22dana%40contoso.com%22')).json?.['totalResults']).toBe(0);
    const created = await send('POST', '/Users', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'dana@contoso.com', externalId: 'dana', active: true });
    expect(created.status).toBe(201);
    // meta.location is built from the client's own origin, so it points back through the proxy.
    expect(created.headers['location']).toBe(`${rec.url}/Users/${String(created.json?.['id'])}`);
    const add = await send('PATCH', '/Groups/org-production', { schemas: [PATCH], Operations: [{ op: 'Add', path: 'members', value: [{ value: created.json?.['id'] }] }] });
    expect([200, 204]).toContain(add.status);
    expect((await send('POST', '/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'New Team' })).status).toBe(403);
    expect(await rec.stop()).toBe(0);

    const loaded = loadRecordingFile(fixture);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    expect(loaded.value.basePath).toBe('/v1/enterprise/scim');
    expect(loaded.value.exchanges.map((e) => `${e.id} ${e.response.status}`)).toEqual([
      'lookup-groups-1 200',
      'lookup-users-2 200',
      'create-user-3 201',
      'patch-group-4 200',
      'create-group-5 403',
    ]);

    const scenario = join(tmp.dir, 'scenarios', 'mezmo-link.yaml');
    const scaffoldIo = capturingIo(tmp.dir);
    expect(runScaffoldCommand(fixture, { out: scenario }, scaffoldIo), scaffoldIo.out()).toBe(0);
    const io = capturingIo(tmp.dir);
    // Mezmo groups are existing organizations: the scaffold asks for one, and --group names it.
    expect(readFileSync(scenario, 'utf8')).toContain('org-production: "{{groups.0.id}}"');
    const code = await runTestCommand(undefined, { mock: true, profile: 'mezmo', scenarios: [scenario], reporter: 'json', group: ['Production'] }, io);
    const report = JSON.parse(io.out()) as Report;
    expect(failures(report)).toEqual([]);
    expect(code).toBe(0);
    const steps = report.scenarios[0]?.steps ?? [];
    for (const id of ['lookup-groups-1', 'lookup-users-2', 'create-user-3', 'patch-group-4', 'create-group-5']) {
      expect(steps.find((s) => s.name.includes(`› ${id} `))?.status, id).toBe('passed');
    }
  });
});
