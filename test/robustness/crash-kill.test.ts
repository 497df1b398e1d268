/**
 * Crash safety of `scimctl serve --data`: real processes (runServe from the
 * built dist/, started by fixtures/serve-entry.mjs) killed with SIGKILL at seeded-random moments during
 * a stream of creates, deletes and If-Match updates. After every kill the
 * file must load and hold every write that was acknowledged: acknowledged
 * creates present, acknowledged deletes absent, the counter at least the last
 * acknowledged value. Four chains run side by side, each restarting from its
 * own file. `npm test` builds dist/ first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { seededRng } from '../../src/shared/seeded-rng.js';
import { loadStoreFile } from '../../src/server/persistence.js';
import { recordFigure, scaled } from './figures.js';
import { PATCH_URN, USER_URN } from './server-harness.js';

const ENTRY = fileURLToPath(new URL('./fixtures/serve-entry.mjs', import.meta.url));
const TOKEN = 'crash-kill-token';
const CHAINS = 4;
const KILLS = scaled(52);
const headers = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/scim+json' };

const dir = mkdtempSync(join(tmpdir(), 'scimctl-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startServe(data: string): Promise<{ child: ChildProcess; url: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, [ENTRY, data, TOKEN], { stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const url = /listening on (\S+)/.exec(line)?.[1];
      if (url) resolve({ child, url, exited });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening: ${stderr}`)));
  });
}

interface ChainState {
  file: string;
  created: Set<string>;
  deleted: Set<string>;
  /** Deletes sent but not acknowledged: the kill may have come before or after they reached the file. */
  deleting: Set<string>;
  /** Last acknowledged counter value. */
  counter: number;
  acks: number;
}

/** One life of a server: writes until the seeded moment, then SIGKILL. Returns the acknowledgements it got. */
async function life(chain: ChainState, round: number, rng: () => number): Promise<void> {
  const { child, url, exited } = await startServe(chain.file);
  const killAfter = Math.floor(rng() * 24); // 0 = killed before the first acknowledgement arrives
  let acks = 0;
  let killed = false;
  const ack = (): void => {
    acks++;
    chain.acks++;
    if (acks >= killAfter && !killed) {
      killed = true;
      child.kill('SIGKILL');
    }
  };
  if (killAfter === 0) ack();
  const send = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const res = await fetch(`${url}${path}`, { method, headers: { ...headers, ...extra }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const text = await res.text();
    return { status: res.status, etag: res.headers.get('etag'), body: text ? (JSON.parse(text) as any) : undefined };
  };
  const creator = async (w: number): Promise<void> => {
    for (let n = 0; !killed; n++) {
      const userName = `c${round}-w${w}-n${n}@example.com`;
      const res = await send('POST', '/Users', { schemas: [USER_URN], userName });
      if (res.status === 201) {
        chain.created.add(userName);
        ack();
      }
    }
  };
  const deleter = async (): Promise<void> => {
    while (!killed) {
      const victim = [...chain.created].find((u) => !chain.deleted.has(u) && !chain.deleting.has(u));
      if (!victim) {
        await send('GET', '/Users?count=1');
        continue;
      }
      const found = await send('GET', `/Users?filter=${encodeURIComponent(`userName eq "${victim}"`)}`);
      const id = found.body?.Resources?.[0]?.id as string | undefined;
      if (!id) throw new Error(`${victim} was acknowledged but is not served`);
      chain.deleting.add(victim);
      const res = await send('DELETE', `/Users/${id}`);
      if (res.status === 204) {
        chain.deleting.delete(victim);
        chain.deleted.add(victim);
        ack();
      }
    }
  };
  const counter = async (): Promise<void> => {
    while (!killed) {
      const found = await send('GET', `/Users?filter=${encodeURIComponent('userName eq "counter"')}`);
      let user = found.body?.Resources?.[0];
      if (!user) {
        const created = await send('POST', '/Users', { schemas: [USER_URN], userName: 'counter', title: '0' });
        if (created.status !== 201) continue;
        user = created.body;
      }
      const next = Number(user.title) + 1;
      const res = await send('PATCH', `/Users/${user.id}`, { schemas: [PATCH_URN], Operations: [{ op: 'replace', path: 'title', value: String(next) }] }, { 'if-match': user.meta.version });
      if (res.status === 200) {
        chain.counter = Math.max(chain.counter, next);
        ack();
      }
    }
  };
  const guarded = (p: Promise<void>): Promise<void> =>
    p.catch((err: unknown) => {
      // After the kill, requests fail with a connection error; before it, any failure is a finding.
      if (!killed) throw err;
    });
  await Promise.all([guarded(creator(0)), guarded(creator(1)), guarded(deleter()), guarded(counter())]);
  await exited;
}

/** Acknowledged writes missing from the chain's file, or `unloadable` when the file cannot be loaded at all. */
function checkFile(chain: ChainState): { missing: string[]; unloadable: boolean } {
  let store: ReturnType<typeof loadStoreFile>;
  try {
    store = loadStoreFile(chain.file);
  } catch {
    store = undefined;
  }
  if (!store) return { missing: [], unloadable: true };
  const missing: string[] = [];
  for (const userName of chain.created) {
    if (chain.deleting.has(userName)) continue; // either answer is right
    const present = store!.byUserName(userName) !== undefined;
    if (present !== !chain.deleted.has(userName)) missing.push(`${chain.deleted.has(userName) ? 'delete' : 'create'} of ${userName}`);
  }
  const counter = Number(store!.byUserName('counter')?.data.title ?? 0);
  if (counter < chain.counter) missing.push(`counter ${chain.counter} (file has ${counter})`);
  return { missing, unloadable: false };
}

describe('crash safety under SIGKILL', () => {
  it(`loses no acknowledged write across ${KILLS} kills at random moments`, { timeout: 120_000 }, async () => {
    const chains: ChainState[] = Array.from({ length: CHAINS }, (_, c) => ({ file: join(dir, `chain-${c}.json`), created: new Set(), deleted: new Set(), deleting: new Set(), counter: 0, acks: 0 }));
    let kills = 0;
    let lost = 0;
    let unloadable = 0;
    const findings: string[] = [];
    await Promise.all(
      chains.map(async (chain, c) => {
        const rng = seededRng(1000 + c);
        for (let round = 0; round < Math.ceil(KILLS / CHAINS); round++) {
          await life(chain, round, rng);
          kills++;
          const checked = checkFile(chain);
          lost += checked.missing.length;
          if (checked.unloadable) unloadable++;
          const where = `chain ${c} after kill ${round + 1}`;
          findings.push(...checked.missing.map((m) => `${where}: lost ${m}`), ...(checked.unloadable ? [`${where}: the file does not load`] : []));
          // An unloadable file ends this chain: the next life would start from nothing.
          if (checked.unloadable) break;
        }
      }),
    );
    const acknowledged = chains.reduce((n, c) => n + c.acks, 0);
    // A killed process may leave its temporary file behind, but loading (each restart, and checkFile) removes those
    // of dead processes: none may pile up.
    const leftovers = readdirSync(dir).filter((f) => f.endsWith('.tmp')).length;
    recordFigure({ suite: 'crash-kill', target: 'serve --data, SIGKILL during writes', cases: kills, outcomes: { 'acknowledged writes': acknowledged, 'writes lost': lost, 'unloadable files': unloadable, 'stale temp files left': leftovers } });
    expect(findings).toEqual([]);
    expect(leftovers).toBe(0);
    expect(kills).toBeGreaterThanOrEqual(50);
    expect(acknowledged).toBeGreaterThan(kills * 3);
  });
});
