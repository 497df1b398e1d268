/**
 * `scimctl serve --fault` over real HTTP (runServe in process): the node
 * adapter honours `drop` by closing the socket, faults and the seed are
 * announced, and a bad spec is a usage error.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runServe, type ServeOptions } from '../../src/cli/run-serve.js';
import { serveHarness } from '../helpers/serve-harness.js';


const base: ServeOptions = { host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: '1048576', token: 'tok' };
const auth = { authorization: 'Bearer tok', 'content-type': 'application/scim+json' };

async function serve(options: Partial<ServeOptions>) {
  const h = serveHarness();
  const done = runServe({ ...base, ...options }, h.io);
  await h.ready;
  const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] as string;
  return {
    h,
    url,
    async stop() {
      h.stop('SIGTERM');
      expect(await done).toBe(0);
    },
  };
}

describe('scimctl serve --fault', () => {
  it('drop closes the connection without an answer', async () => {
    const s = await serve({ fault: ['drop:route=/Users'], faultSeed: '1' });
    await expect(fetch(`${s.url}/Users`, { headers: auth })).rejects.toThrow(/fetch failed/);
    // Another route still answers.
    expect((await fetch(`${s.url}/Groups`, { headers: auth })).status).toBe(200);
    expect(s.h.err.join('\n')).toContain('injecting faults "drop:route=/Users" (--fault-seed 1)');
    await s.stop();
  });

  it('several faults at once: 429 on writes, string counts on lists, logged as the client saw them', async () => {
    const s = await serve({ fault: ['429:retry-after=7:route=POST /Users', 'string-counts'], log: true });
    const post = await fetch(`${s.url}/Users`, { method: 'POST', headers: auth, body: '{}' });
    expect(post.status).toBe(429);
    expect(post.headers.get('retry-after')).toBe('7');
    const list = (await (await fetch(`${s.url}/Users`, { headers: auth })).json()) as { totalResults: unknown };
    expect(list.totalResults).toBe('0');
    await s.stop();
    expect(s.h.err.some((l) => /^POST \/scim\/v2\/Users 429 \d+ms$/.test(l))).toBe(true);
    expect(s.h.err.join('\n')).toMatch(/--fault-seed \d+\)/);
  });

  it('a bad spec or seed is exit code 2 with the reason', async () => {
    const cases: [Partial<ServeOptions>, RegExp][] = [
      [{ fault: ['latency=fast'] }, /--fault "latency=fast": latency needs a duration/],
      [{ fault: ['drop', 'nope'] }, /unknown fault "nope"/],
      [{ fault: ['drop'], faultSeed: '-3' }, /--fault-seed must be an integer/],
    ];
    for (const [options, message] of cases) {
      const h = serveHarness();
      expect(await runServe({ ...base, ...options }, h.io)).toBe(2);
      expect(h.err.join('\n')).toMatch(message);
      expect(h.out).toEqual([]);
    }
  });
});

describe('scimctl serve --fault through the built CLI (bin/scimctl.js → dist/)', () => {
  const BIN = fileURLToPath(new URL('../../bin/scimctl.js', import.meta.url));

  it('repeated --fault options all apply, and --fault-seed is announced', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--token', 'tok', '--fault', '429:retry-after=9:route=POST /Users', '--fault', 'no-location', '--fault-seed', '5'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout! }).once('line', resolve);
        child.once('exit', () => reject(new Error(`serve exited: ${stderr}`)));
      });
      const url = /listening on (\S+)/.exec(line)?.[1] as string;
      const throttled = await fetch(`${url}/Users`, { method: 'POST', headers: auth, body: '{}' });
      expect([throttled.status, throttled.headers.get('retry-after')]).toEqual([429, '9']);
      const group = await fetch(`${url}/Groups`, { method: 'POST', headers: auth, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'G' }) });
      expect(group.status).toBe(201);
      expect(group.headers.get('location')).toBeNull();
      expect(stderr).toContain('injecting faults "429:retry-after=9:route=POST /Users", "no-location" (--fault-seed 5)');
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });

  it('a bad second --fault is exit code 2 with its reason', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--fault', 'drop', '--fault', 'nope'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(stderr).toContain('--fault "nope": unknown fault "nope"');
  });
});
