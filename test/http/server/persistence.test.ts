import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runServe, type ServeOptions } from '../../../src/cli/run-serve.js';
import { serveHarness } from '../../helpers/serve-harness.js';
import { loadStoreFile, writeStoreFile } from '../../../src/server/persistence.js';
import { group, patch, startTestServer, user } from './helpers.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'scimctl-persist-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('persistence (--data)', () => {
  it('round-trips users, groups, membership, meta and versions', async () => {
    const file = join(dir, 'data.json');
    const a = await startTestServer({ onCommit: (store) => writeStoreFile(file, store) });
    await a.json('POST', '/Users', user('alice', { name: { givenName: 'Alice' } }));
    await a.json('POST', '/Users', user('bob'));
    await a.json('POST', '/Groups', group('Team', { members: [{ value: 'id-1' }] }));
    await a.json('PATCH', '/Groups/id-3', patch({ op: 'add', path: 'members', value: [{ value: 'id-2' }] }));
    await a.call('DELETE', '/Users/id-2');
    const before = [(await a.json('GET', '/Users/id-1')).body, (await a.json('GET', '/Groups/id-3')).body];
    await a.close();
    // The write happened before each response, so the file already holds the last change.
    const store = loadStoreFile(file);
    expect(store).toBeDefined();
    const b = await startTestServer({ store });
    expect(b.url).not.toBe(a.url);
    const after = [(await b.json('GET', '/Users/id-1')).body, (await b.json('GET', '/Groups/id-3')).body];
    const norm = (r: any) => JSON.parse(JSON.stringify(r).replaceAll(a.url, 'BASE').replaceAll(b.url, 'BASE'));
    expect(after.map(norm)).toEqual(before.map(norm));
    expect((await b.json('GET', '/Users/id-2')).status).toBe(404);
    // Versions keep counting after a restart: a change never reuses an old version.
    const changed = await b.json('PATCH', '/Users/id-1', patch({ op: 'replace', path: 'title', value: 'x' }));
    expect(Number(/\d+/.exec(changed.body.meta.version)?.[0])).toBeGreaterThan(5);
    await b.close();
  });

  it('leaves no temporary files behind, writes valid JSON, never writes passwords', async () => {
    const file = join(dir, 'data.json');
    const a = await startTestServer({ onCommit: (store) => writeStoreFile(file, store) });
    for (const n of ['a', 'b', 'c']) await a.json('POST', '/Users', user(n, { password: `pw-${n}-1mz050nq` }));
    await a.close();
    expect(readdirSync(dir)).toEqual(['data.json']);
    const text = readFileSync(file, 'utf8');
    expect(JSON.parse(text).users).toHaveLength(3);
    // RFC 7643 §9.2: passwords are never stored in cleartext (this server does not keep them at all).
    expect(text).not.toContain('1mz050nq');
  });

  it('a missing file is an empty start; a corrupt file is a clear error', () => {
    expect(loadStoreFile(join(dir, 'absent.json'))).toBeUndefined();
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, '{"format":');
    expect(() => loadStoreFile(bad)).toThrow(/bad\.json cannot be loaded/);
    writeFileSync(bad, '{"some":"thing"}');
    expect(() => loadStoreFile(bad)).toThrow(/not a scimctl store/);
  });
});

describe('scimctl serve (in-process)', () => {
  const base: ServeOptions = { host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: '1048576' };

  it('prints one line with the base URL, warns without a token, flushes --data on stop', async () => {
    const h = serveHarness();
    const file = join(dir, 'serve.json');
    const done = runServe({ ...base, data: file }, h.io);
    await h.ready;
    expect(h.out).toHaveLength(1);
    const url = /listening on (\S+) \(profile rfc\)$/.exec(h.out[0] ?? '')?.[1] as string;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/scim\/v2$/);
    expect(h.err.join('\n')).toMatch(/WARNING: no token/);
    const res = await fetch(`${url}/Users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user('x')) });
    expect(res.status).toBe(201);
    h.stop('SIGTERM');
    expect(await done).toBe(0);
    expect(loadStoreFile(file)?.size('User')).toBe(1);
  });

  it('a change whose data-file write fails is answered 500 and undone: memory keeps only acknowledged writes', async () => {
    const h = serveHarness();
    const sub = join(dir, 'failing');
    mkdirSync(sub);
    const file = join(sub, 'state.json');
    const done = runServe({ ...base, data: file }, h.io);
    await h.ready;
    const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] as string;
    const post = (name: string) =>
      fetch(`${url}/Users`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(user(name)) });
    expect((await post('kept')).status).toBe(201);
    // The data file becomes a directory: the rename over it fails from now on.
    rmSync(file);
    mkdirSync(file);
    const failed = await post('lost');
    expect(failed.status).toBe(500);
    const count = async (name: string) =>
      ((await (await fetch(`${url}/Users?filter=${encodeURIComponent(`userName eq "${name}"`)}`)).json()) as { totalResults: number }).totalResults;
    expect(await count('lost')).toBe(0);
    expect(await count('kept')).toBe(1);
    expect(h.err.join('\n')).toMatch(/the change was undone/);
    expect(readdirSync(sub).filter((n) => n.endsWith('.tmp'))).toEqual([]);
    h.stop('SIGTERM');
    expect(await done).toBe(1);
  });

  it('takes the token from SCIMCTL_TOKEN and never logs it; --log writes one line per request', async () => {
    const h = serveHarness();
    h.io.env = { SCIMCTL_TOKEN: 'tok-123' };
    const done = runServe({ ...base, log: true }, h.io);
    await h.ready;
    const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] as string;
    expect((await fetch(`${url}/Users`)).status).toBe(401);
    expect((await fetch(`${url}/Users?access_token=tok-123`, { headers: { authorization: 'Bearer tok-123' } })).status).toBe(200);
    h.stop('SIGINT');
    await done;
    const log = h.err.filter((l) => /^GET /.test(l));
    expect(log).toHaveLength(2);
    expect(log[0]).toMatch(/^GET \/scim\/v2\/Users 401 \d+ms$/);
    expect(h.err.join('\n')).not.toContain('tok-123');
    expect(h.err.join('\n')).not.toMatch(/WARNING: no token/);
  });

  it('bad options, a bad seed and an unreadable data file give a clear message and exit code 2', async () => {
    for (const [options, message] of [
      [{ ...base, port: 'abc' }, /--port must be an integer/],
      [{ ...base, profile: 'okta' }, /--profile must be rfc or mezmo/],
      [{ ...base, seed: join(dir, 'none.yaml') }, /cannot read seed file/],
    ] as const) {
      const h = serveHarness();
      expect(await runServe(options, h.io)).toBe(2);
      expect(h.err.join('\n')).toMatch(message);
    }
    const unwritable = serveHarness();
    expect(await runServe({ ...base, data: join(dir, 'no', 'such', 'dir', 'x.json') }, unwritable.io)).toBe(2);
    expect(unwritable.err.join('\n')).toMatch(/cannot write data file .*ENOENT/);
    const seed = join(dir, 'seed.yaml');
    writeFileSync(seed, 'users:\n  - displayName: no userName\n');
    const h = serveHarness();
    expect(await runServe({ ...base, seed }, h.io)).toBe(2);
    expect(h.err.join('\n')).toMatch(/users\[0\]/);
  });

  it('--seed loads YAML; the mezmo profile defaults to the fixture child orgs', async () => {
    const seed = join(dir, 'seed.yaml');
    writeFileSync(seed, 'users:\n  - userName: alice@example.com\ngroups:\n  - displayName: Ops\n    members: [alice@example.com]\n');
    const h = serveHarness();
    const done = runServe({ ...base, seed, me: 'alice@example.com' }, h.io);
    await h.ready;
    const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] as string;
    const me = (await (await fetch(`${url}/Me`)).json()) as { groups: { display: string }[] };
    expect(me.groups[0]?.display).toBe('Ops');
    h.stop('SIGTERM');
    await done;
    const m = serveHarness();
    const mezmo = runServe({ ...base, profile: 'mezmo', token: 't' }, m.io);
    await m.ready;
    const murl = /listening on (\S+) \(profile mezmo\)/.exec(m.out[0] ?? '')?.[1] as string;
    expect(murl).toMatch(/\/v1\/enterprise\/scim$/);
    const groups = (await (await fetch(`${murl}/Groups`, { headers: { authorization: 'Bearer t' } })).json()) as { totalResults: number };
    expect(groups.totalResults).toBe(5);
    m.stop('SIGTERM');
    await mezmo;
  });

  it('--seed reads JSON too, and --base-path moves the endpoints', async () => {
    const seed = join(dir, 'seed.json');
    writeFileSync(seed, JSON.stringify({ users: [{ id: 'u-fixed', userName: 'json@example.com' }] }));
    const h = serveHarness();
    const done = runServe({ ...base, seed, basePath: 'api/scim/' }, h.io);
    await h.ready;
    const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] as string;
    expect(url).toMatch(/\/api\/scim$/);
    const res = await fetch(`${url}/Users/u-fixed`);
    expect(((await res.json()) as { userName: string }).userName).toBe('json@example.com');
    expect((await fetch(url.replace('/api/scim', '/scim/v2/Users'))).status).toBe(404);
    h.stop('SIGTERM');
    await done;
  });

  it('the example seed in fixtures/ loads: users, manager, nested groups', async () => {
    const h = serveHarness();
    const seed = fileURLToPath(new URL('../../../fixtures/seed-example.yaml', import.meta.url));
    const done = runServe({ ...base, seed }, h.io);
    await h.ready;
    const url = /listening on (\S+)/.exec(h.out[0] ?? '')?.[1] as string;
    const smith = (await (await fetch(`${url}/Users/u-jsmith`)).json()) as Record<string, any>;
    expect(smith['urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'].manager.value).toBe('u-bjensen');
    expect(smith.groups.map((g: { value: string; type: string }) => `${g.value}:${g.type}`)).toEqual([
      'g-tour-guides:direct',
      'g-staff:indirect',
    ]);
    const list = (await (await fetch(`${url}/Users`)).json()) as { totalResults: number };
    expect(list.totalResults).toBe(3);
    h.stop('SIGTERM');
    await done;
  });
});
