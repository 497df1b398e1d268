/**
 * Given HAR captures (a browser-style one with noise around the SCIM calls,
 * and the one `scimctl test --har` writes), when imported, then only the SCIM
 * exchanges under the base path remain, in time order, redacted, with ids;
 * and the imported recording scaffolds and replays green.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runImportHarCommand } from '../../src/cli/run-import-har.js';
import { runTestCommand } from '../../src/cli/run-test.js';
import { runScaffoldCommand } from '../../src/cli/run-scaffold.js';
import { loadRecordingFile } from '../../src/runner/load/load-recording.js';
import { failures, startRecord, startServe, tempDir, type Report, capturingIo } from './helpers.js';
import { oktaSequence } from './idp-sequences.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});


const h = (o: Record<string, string>) => Object.entries(o).map(([name, value]) => ({ name, value }));

function entry(at: string, method: string, url: string, status: number, extra: { reqHeaders?: Record<string, string>; body?: string; resText?: string; base64?: boolean } = {}) {
  return {
    startedDateTime: at,
    request: { method, url, headers: h({ ':authority': 'app.example', ...extra.reqHeaders }), ...(extra.body ? { postData: { mimeType: 'application/scim+json', text: extra.body } } : {}) },
    response: {
      status,
      headers: h({ 'content-type': 'application/scim+json', 'content-encoding': 'gzip', date: 'Sat, 28 Nov 2026 10:00:00 GMT' }),
      content: extra.resText === undefined ? {} : extra.base64 ? { text: Buffer.from(extra.resText).toString('base64'), encoding: 'base64' } : { text: extra.resText },
    },
  };
}

describe('import har', () => {
  it('keeps the SCIM exchanges under the guessed base path, in time order, redacted', () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const auth = { Authorization: 'Bearer har-token-99887766' };
    const har = {
      log: {
        version: '1.2',
        entries: [
          entry('2026-11-28T10:00:03.000Z', 'PATCH', 'https://app.example/api/scim/v2/Users/U-9', 200, {
            reqHeaders: auth,
            body: JSON.stringify({ Operations: [{ op: 'replace', value: { active: false } }] }),
            resText: JSON.stringify({ id: 'U-9', active: false }),
          }),
          entry('2026-11-28T10:00:00.000Z', 'GET', 'https://app.example/favicon.ico', 200),
          entry('2026-11-28T10:00:01.000Z', 'OPTIONS', 'https://app.example/api/scim/v2/Users', 204),
          entry('2026-11-28T10:00:02.000Z', 'POST', 'https://app.example/api/scim/v2/Users', 201, {
            reqHeaders: auth,
            body: JSON.stringify({ userName: 'eve@example.com', password: 'har-password-1234' }),
            resText: JSON.stringify({ id: 'U-9', userName: 'eve@example.com' }),
            base64: true,
          }),
          entry('2026-11-28T10:00:04.000Z', 'GET', 'https://app.example/api/scim/v2/Users/U-9', 0),
        ],
      },
    };
    const harFile = join(tmp.dir, 'capture.har');
    writeFileSync(harFile, JSON.stringify(har));
    const out = join(tmp.dir, 'fixtures', 'from-har.yaml');
    const cli = capturingIo(tmp.dir);
    expect(runImportHarCommand(harFile, { out, redact: [] }, cli), cli.out()).toBe(0);
    expect(cli.out()).toBe(`scimctl import: 2 exchanges under /api/scim/v2 written to ${out} (left out: 1 outside /api/scim/v2, 1 method OPTIONS, 1 no response)\n`);

    const text = readFileSync(out, 'utf8');
    expect(text).not.toContain('har-token-99887766');
    expect(text).not.toContain('har-password-1234');
    expect(text).not.toMatch(/:authority|content-encoding|gzip|Date:/i);
    const loaded = loadRecordingFile(out);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const [create, patch] = loaded.value.exchanges;
    expect(create?.id).toBe('create-user-1');
    expect(create?.response.body).toEqual({ id: 'U-9', userName: 'eve@example.com' });
    expect(create?.request.headers).toEqual({ Authorization: 'Bearer <redacted>' });
    expect(patch?.id).toBe('patch-user-2');
    expect(text).toContain('note: reuses U-9 (id from create-user-1)');
  });

  it('says what is wrong with a file that is not HAR, or has no SCIM request', () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const notHar = join(tmp.dir, 'x.har');
    writeFileSync(notHar, '{"entries": []}');
    const cli = capturingIo(tmp.dir);
    expect(runImportHarCommand(notHar, { out: join(tmp.dir, 'r.yaml'), redact: [] }, cli)).toBe(2);
    expect(cli.out()).toBe(`scimctl import: ${notHar}: not a HAR file: \`log.entries\` is missing\n`);
    writeFileSync(notHar, JSON.stringify({ log: { entries: [entry('2026-11-28T10:00:00.000Z', 'GET', 'https://a.example/index.html', 200)] } }));
    const cli2 = capturingIo(tmp.dir);
    expect(runImportHarCommand(notHar, { out: join(tmp.dir, 'r.yaml'), redact: [] }, cli2)).toBe(2);
    expect(cli2.out()).toMatch(/no SCIM request .* --base-path/);
  });

  it('imports the HAR of a scimctl test run, and that recording replays green', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    // A recording to start from: Okta through the proxy.
    const first = await startServe({ token: 'tok-first-0001' });
    cleanups.push(() => first.stop());
    const fixture = join(tmp.dir, 'fixtures', 'okta.yaml');
    const rec = await startRecord({ target: first.url, out: fixture });
    await oktaSequence(rec.url, 'tok-first-0001');
    await rec.stop();
    const scenario = join(tmp.dir, 'scenarios', 'okta.yaml');
    expect(runScaffoldCommand(fixture, { out: scenario }, capturingIo(tmp.dir))).toBe(0);

    // Run it with --har, import that HAR, scaffold and replay the import.
    const second = await startServe({ token: 'tok-second-0002' });
    cleanups.push(() => second.stop());
    const harFile = join(tmp.dir, 'run.har');
    const run = capturingIo(tmp.dir);
    expect(await runTestCommand(second.url, { scenarios: [scenario], token: 'tok-second-0002', reporter: 'json', har: harFile }, run), run.out()).toBe(0);
    const imported = join(tmp.dir, 'fixtures', 'imported.yaml');
    expect(runImportHarCommand(harFile, { out: imported, idp: 'okta', redact: [] }, capturingIo(tmp.dir))).toBe(0);
    expect(readFileSync(imported, 'utf8')).not.toContain('tok-second-0002');
    const importedScenario = join(tmp.dir, 'scenarios', 'imported.yaml');
    expect(runScaffoldCommand(imported, { out: importedScenario }, capturingIo(tmp.dir))).toBe(0);

    const third = await startServe({ token: 'tok-third-0003' });
    cleanups.push(() => third.stop());
    const replay = capturingIo(tmp.dir);
    const code = await runTestCommand(third.url, { scenarios: [importedScenario], token: 'tok-third-0003', reporter: 'json' }, replay);
    expect(failures(JSON.parse(replay.out()) as Report)).toEqual([]);
    expect(code).toBe(0);
  });
});
