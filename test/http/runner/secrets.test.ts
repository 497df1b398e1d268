/**
 * Given a known token, a known password, an extra secret header and a target
 * that echoes the Authorization header into its bodies, when scimctl runs with
 * every reporter, a HAR and a baseline, then none of the secrets appear in any
 * output, file or log.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scimctl } from '../../unit/cli/cli-helpers.js';
import { startFaultyServer, TOKEN } from './faulty-server.js';
import type { FaultyServer } from './faulty-server.js';

const PASSWORD = 'Hunter2-Passw0rd!';
const API_KEY = 'K3Y-abcdef-123456';
let server: FaultyServer | undefined;
afterEach(async () => {
  await server?.close();
});

describe('secrets never leak', () => {
  it('token, password and secret header are absent from reporters, HAR, baseline and logs', async () => {
    // A careless target that echoes the credentials back in a header and the body.
    server = await startFaultyServer({
      response: (req, res) => ({
        ...res,
        headers: { ...res.headers, 'X-Echo-Auth': req.headers['authorization'] ?? '' },
        ...(res.body && typeof res.body === 'object' && !Array.isArray(res.body) ? { body: { ...res.body, debugAuth: req.headers['authorization'], debugKey: req.headers['x-api-key'] } } : {}),
      }),
    });
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-secrets-'));
    const r = await scimctl(
      [
        'test', server.url, '--scenarios', 'test/fixtures/secrets', 'scenarios/rfc/errors.yaml',
        '--header', `X-Api-Key: ${API_KEY}`, '--reporter', 'json,junit,tap,markdown,html', '--output-dir', dir,
        '--har', join(dir, 'run.har'), '--write-baseline', join(dir, 'baseline.json'),
      ],
      { env: { SCIMCTL_TOKEN: TOKEN } },
    );
    expect(r.code).toBe(1);
    const pretty = await scimctl(['test', server.url, '--scenarios', 'test/fixtures/secrets', '--header', `X-Api-Key: ${API_KEY}`], { env: { SCIMCTL_TOKEN: TOKEN } });
    expect(pretty.stdout).toContain('> POST');
    const outputs: [string, string][] = [
      ['stdout', r.stdout + pretty.stdout],
      ['stderr', r.stderr + pretty.stderr],
      ...readdirSync(dir).map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]),
    ];
    expect(outputs.map(([f]) => f).sort()).toEqual(['baseline.json', 'report.html', 'report.json', 'report.tap', 'run.har', 'stderr', 'stdout', 'summary.md', 'junit.xml'].sort());
    for (const [name, text] of outputs) {
      for (const secret of [TOKEN, PASSWORD, API_KEY]) expect(text.includes(secret), `${secret} in ${name}`).toBe(false);
    }
    // The exchange is still there, redacted.
    const har = readFileSync(join(dir, 'run.har'), 'utf8');
    expect(har).toContain('"value": "<redacted>"');
    expect(har).toContain('\\"password\\":\\"<redacted>\\"');
  });
});
