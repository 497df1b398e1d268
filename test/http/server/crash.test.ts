/**
 * SIGKILL during a stream of writes must leave a --data file that loads and
 * holds every write that was acknowledged with a 2xx (the file is replaced
 * atomically before each response is sent).
 *
 * Runs the built CLI (bin/scimctl.js imports dist/): `npm test` builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { loadStoreFile } from '../../../src/server/persistence.js';

const BIN = fileURLToPath(new URL('../../../bin/scimctl.js', import.meta.url));
const ROUNDS = 5;
const WRITERS = 3;

const dir = mkdtempSync(join(tmpdir(), 'scimctl-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function startServe(data: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--data', data, '--token', 'crash-token'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      const url = /listening on (\S+)/.exec(line)?.[1];
      if (url) resolve({ child, url });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`serve exited early with ${code}`)));
  });
}

const headers = { authorization: 'Bearer crash-token', 'content-type': 'application/scim+json' };

describe('crash safety', () => {
  it(`keeps every acknowledged write across ${ROUNDS} SIGKILLs at arbitrary points`, async () => {
    const data = join(dir, 'data.json');
    const acknowledged = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const { child, url } = await startServe(data);
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // The kill comes after a number of acknowledgements that differs per round, while other writes are in flight.
      const killAfter = 4 + round * 7;
      let acksThisRound = 0;
      let killed = false;
      const writer = async (w: number): Promise<void> => {
        for (let n = 0; !killed; n++) {
          const userName = `r${round}-w${w}-n${n}@example.com`;
          const op =
            n % 3 === 2 && acknowledged.size > 0
              ? fetch(`${url}/Users?filter=userName%20eq%20%22${encodeURIComponent(userName)}%22`, { headers })
              : fetch(`${url}/Users`, { method: 'POST', headers, body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName }) });
          try {
            const res = await op;
            if (res.status === 201) {
              acknowledged.add(userName);
              acksThisRound++;
            }
            await res.arrayBuffer();
          } catch {
            return; // the connection died with the server
          }
          if (acksThisRound >= killAfter && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        }
      };
      await Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
      await exited;
      // The file must load, and hold everything acknowledged so far.
      const store = loadStoreFile(data);
      expect(store, `round ${round}`).toBeDefined();
      for (const userName of acknowledged) expect(store!.byUserName(userName), `${userName} after round ${round}`).toBeDefined();
    }
    // A final restart serves them all over HTTP too.
    const { child, url } = await startServe(data);
    const list = (await (await fetch(`${url}/Users?count=1000`, { headers })).json()) as { Resources: { userName: string }[] };
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
    const names = new Set(list.Resources.map((r: { userName: string }) => r.userName));
    for (const userName of acknowledged) expect(names.has(userName)).toBe(true);
    expect(acknowledged.size).toBeGreaterThan(ROUNDS * 4);
  });
});
