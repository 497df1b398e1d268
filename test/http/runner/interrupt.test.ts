/**
 * Ctrl-C cancels a run at once (issue 14): a real `bin/scimctl.js test` against a
 * loopback target that answers discovery and one create, then takes 30 s for
 * every other request. SIGINT while a step waits: the request is cancelled (not
 * waited out), teardown still sends its DELETE under its own short deadline,
 * and the process is gone within 3 s with exit code 130 (INTERRUPTED).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT_CODES } from '../../../src/core/errors.js';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SLOW_MS = 30_000;

const SCENARIO = `kind: scenario
version: 1
name: interrupted while waiting
tags: [rfc]
steps:
  - name: create a user
    request:
      method: POST
      path: /Users
      body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "int-{{run}}" }
    expect: { requirement: P-3.3-01, status: 201 }
  - name: read it back slowly
    request: { method: GET, path: "/Users/u-1" }
    expect: { requirement: P-3.4.1-01, status: 200 }
`;

const json = (res: ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/scim+json' });
  res.end(JSON.stringify(body));
};

interface SlowTarget {
  url: string;
  seen: string[];
  /** Resolves when a request is being held (the moment to press Ctrl-C). */
  held: Promise<void>;
  close(): Promise<void>;
}

async function slowTarget(): Promise<SlowTarget> {
  const seen: string[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let onHeld!: () => void;
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    const path = (req.url ?? '').split('?')[0] ?? '';
    seen.push(`${req.method} ${path}`);
    if (req.method === 'GET' && path.endsWith('/ServiceProviderConfig')) return json(res, 200, { patch: { supported: true }, filter: { supported: true, maxResults: 100 } });
    if (req.method === 'GET' && path.endsWith('/ResourceTypes')) return json(res, 200, { Resources: [{ name: 'User' }, { name: 'Group' }] });
    if (req.method === 'GET' && path.endsWith('/Users')) return json(res, 200, { schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: 0, Resources: [] });
    if (req.method === 'POST' && path.endsWith('/Users')) {
      res.setHeader('location', `http://${req.headers.host}/scim/v2/Users/u-1`);
      return json(res, 201, { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], id: 'u-1', userName: 'x', meta: { resourceType: 'User' } });
    }
    // The discovery probes (/Schemas, /Me, .search, /Groups) get a quick 404: this target has none of them.
    if (!path.endsWith('/Users/u-1')) return json(res, 404, { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404' });
    // The user's read and the teardown DELETE answer only after 30 s.
    if (req.method === 'GET') onHeld();
    const t = setTimeout(() => json(res, 200, {}), SLOW_MS);
    timers.add(t);
    res.on('close', () => clearTimeout(t));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/scim/v2`,
    seen,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let target: SlowTarget | undefined;
let child: ChildProcess | undefined;
let dir: string | undefined;

afterEach(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await target?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  target = child = dir = undefined;
});

describe('scimctl test under Ctrl-C', () => {
  it('cancels the request in flight, attempts teardown and exits 130 within 3 s', async () => {
    target = await slowTarget();
    dir = mkdtempSync(join(tmpdir(), 'scimctl-int-'));
    writeFileSync(join(dir, 'scenario.yaml'), SCENARIO);
    const proc = spawn(process.execPath, [join(ROOT, 'bin/scimctl.js'), 'test', target.url, '--scenarios', 'scenario.yaml', '--reporter', 'json', '--timeout', String(SLOW_MS * 2)], {
      cwd: dir,
      env: { ...process.env, NO_COLOR: '1', SCIMCTL_TOKEN: 'interrupt-test-token' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    let stdout = '';
    let stderr = '';
    proc.stdout?.on('data', (d) => (stdout += String(d)));
    proc.stderr?.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));

    await target.held;
    proc.kill('SIGINT');
    const bound = new Promise<'still running'>((resolve) => setTimeout(resolve, 3000, 'still running').unref());
    const outcome = await Promise.race([exited, bound]);

    expect(outcome, stderr).toBe(EXIT_CODES.interrupted);
    expect(stderr).toContain('interrupted');
    // Teardown was attempted: the created user's DELETE reached the target.
    expect(target.seen).toContain('DELETE /scim/v2/Users/u-1');
    // The cancelled read is reported as aborted, never as a TIMEOUT.
    const report = JSON.parse(stdout) as { aborted: boolean; scenarios: { steps: { name: string; status: string; reason?: string }[] }[] };
    expect(report.aborted).toBe(true);
    const read = report.scenarios[0]?.steps.find((s) => s.name === 'read it back slowly');
    expect(read?.status).toBe('skipped');
    expect(read?.reason).toMatch(/^aborted: .*cancelled: interrupted \(Ctrl-C\)/);
    expect(stdout).not.toContain('TIMEOUT');
  }, 15_000);
});
