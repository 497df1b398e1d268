/**
 * `scimctl load --export artillery <file>` writes the profile's flows as an
 * Artillery script; Artillery's engine runs it on loopback against `scimctl
 * serve`, and the requests it sent are counted on both sides. Telemetry is off
 * and no cloud option is used; the engine is @artilleryio/int-core, the one the
 * `artillery` CLI runs (package.json says why not the CLI itself).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { parse } from 'yaml';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runLoadCommand } from '../../src/cli/run-load-command.js';
import { runServe } from '../../src/cli/run-serve.js';
import { serveHarness, type ServeHarness } from '../helpers/serve-harness.js';

const RUNNER = fileURLToPath(new URL('./fixtures/run-artillery.cjs', import.meta.url));

let harness: ServeHarness | undefined;
let served: Promise<number> | undefined;
afterEach(async () => {
  harness?.stop('SIGTERM');
  await served;
});

function cli(cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (err += t) }, env: {}, cwd, isTTY: false, onInterrupt: () => () => undefined };
  return { io, out: () => out, err: () => err };
}

function runArtillery(scriptJson: string, token: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [RUNNER, scriptJson], {
      env: { PATH: process.env.PATH ?? '', SCIMCTL_TOKEN: token, ARTILLERY_DISABLE_TELEMETRY: 'true' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('scimctl load --export artillery', () => {
  it.each([
    ['entra', 7],
    ['okta', 8],
  ])('the %s flows run under Artillery against scimctl serve with the exact request count', async (profile, perFlow) => {
    harness = serveHarness();
    served = runServe({ host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: String(2 * 1024 * 1024), token: 'art-T0k3n', log: true }, harness.io);
    await harness.ready;
    const url = harness.url();
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-artillery-'));
    const c = cli(dir);
    const code = await runLoadCommand(url, { profile, rate: String(perFlow * 2), duration: '2s', export: ['artillery', 'load.yml'], group: 'Artillery Group' }, c.io);
    expect(c.err()).toBe('');
    expect(code).toBe(0);
    const text = readFileSync(join(dir, 'load.yml'), 'utf8');
    expect(text).not.toContain('art-T0k3n');
    expect(text).toContain('# Run it without telemetry: ARTILLERY_DISABLE_TELEMETRY=true');
    const script = parse(text) as { config: { target: string; phases: { arrivalCount?: number }[] }; scenarios: { flow: unknown[] }[] };
    expect(script.config.target).toBe(url);
    expect(script.scenarios[0]?.flow).toHaveLength(perFlow);
    const flows = script.config.phases[0]?.arrivalCount as number;
    expect(flows).toBe(4);

    // The flows push members to an existing group (scimctl load creates its own; an exported script needs one).
    const made = await request(`${url}/Groups`, {
      method: 'POST',
      headers: { authorization: 'Bearer art-T0k3n', 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'Artillery Group' }),
    });
    expect(made.statusCode).toBe(201);
    await made.body.dump();
    const logBefore = harness.err.length;

    const jsonFile = join(dir, 'load.json');
    writeFileSync(jsonFile, JSON.stringify(script));
    const run = await runArtillery(jsonFile, 'art-T0k3n');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const counters = (JSON.parse(run.stdout) as { counters: Record<string, number> }).counters;
    expect(counters['vusers.created']).toBe(flows);
    expect(counters['vusers.failed'] ?? 0).toBe(0);
    expect(counters['http.requests']).toBe(flows * perFlow);
    const non2xx = Object.entries(counters).filter(([k, v]) => /^http\.codes\.(?!2)/.test(k) && v > 0);
    expect(non2xx).toEqual([]);
    // The server saw the same number of requests, one log line each.
    const lines = harness.err.slice(logBefore).filter((l) => /\b(GET|POST|PUT|PATCH|DELETE) \//.test(l));
    expect(lines).toHaveLength(flows * perFlow);
  }, 30_000);
});
