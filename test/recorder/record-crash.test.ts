/**
 * Given the built CLI recording with `scimctl record --mock`, when it is
 * SIGKILLed while several IdP requests are in flight, then the recording file
 * loads and holds every exchange whose response the client received (each one
 * is appended and fsync'd before it is answered); and SIGTERM stops it cleanly.
 *
 * Runs the built CLI (bin/scimctl.js imports dist/): `npm test` builds first.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRecordingFile } from '../../src/runner/load/load-recording.js';
import { tempDir } from './helpers.js';

const BIN = fileURLToPath(new URL('../../bin/scimctl.js', import.meta.url));
const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function startRecord(out: string): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
  const child = spawn(process.execPath, [BIN, 'record', '--mock', '--port', '0', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] });
  cleanups.push(() => child.kill('SIGKILL'));
  let err = '';
  child.stderr?.on('data', (c: Buffer) => (err += c.toString('utf8')));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => {
      const url = /listening on (\S+),/.exec(line)?.[1];
      if (url) resolve({ child, url, stderr: () => err });
      else reject(new Error(`unexpected first line: ${line}`));
    });
    child.once('exit', (code) => reject(new Error(`record exited early with ${code}: ${err}`)));
  });
}

const create = (url: string, n: number) =>
  fetch(`${url}/Users`, {
    method: 'POST',
    headers: { 'content-type': 'application/scim+json', authorization: 'Bearer crash-token-123' },
    body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: `u${n}@example.com`, password: 'crash-password-1' }),
  });

describe('record survives a crash', () => {
  it('keeps every answered exchange when SIGKILLed mid-traffic', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const out = join(tmp.dir, 'crash.yaml');
    const { child, url } = await startRecord(out);
    const exited = new Promise((resolve) => child.once('exit', resolve));
    const answered = new Set<string>();
    let killed = false;
    const client = async (c: number) => {
      for (let n = 0; !killed; n++) {
        try {
          const res = await create(url, c * 1000 + n);
          if (res.status === 201) answered.add(`u${c * 1000 + n}@example.com`);
          if (answered.size >= 12 && !killed) {
            killed = true;
            child.kill('SIGKILL');
          }
        } catch {
          return; // the connection died with the process
        }
      }
    };
    await Promise.all([client(1), client(2), client(3)]);
    await exited;

    const loaded = loadRecordingFile(out);
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const recorded = new Set(loaded.value.exchanges.map((e) => (e.request.body as { userName: string }).userName));
    for (const name of answered) expect(recorded.has(name), name).toBe(true);
    expect(loaded.value.exchanges.every((e) => (e.request.body as { password: string }).password === '<redacted>')).toBe(true);
  });

  it('stops on SIGTERM with exit code 0 and says how much it recorded', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const out = join(tmp.dir, 'term.yaml');
    const { child, url, stderr } = await startRecord(out);
    expect((await create(url, 1)).status).toBe(201);
    const code = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await code).toBe(0);
    expect(stderr()).toContain(`scimctl record: stopped on SIGTERM; 1 exchange in ${out}`);
  });
});
