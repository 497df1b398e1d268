/**
 * Given Okta traffic recorded in front of a server whose ids are small
 * integers ("1", "2", …, as many Rails and Django apps assign), when replayed
 * on a fresh `scimctl serve` (UUIDs), then it is green: correlation rewrites
 * the ids where they stand alone and leaves `startIndex=1`, `count=100` and
 * `%20` as they are.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runScaffoldCommand } from '../../src/cli/run-scaffold.js';
import { startNodeServer } from '../../src/server/adapters/node-http.js';
import { createScimServer } from '../../src/server/create-server.js';
import { failures, runTest, startRecord, startServe, tempDir } from './helpers.js';
import { oktaSequence } from './idp-sequences.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe('recordings from a server with integer ids', () => {
  it('replay green on a server with UUIDs', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    let next = 0;
    const numeric = await startNodeServer(createScimServer({ token: 'tok-numeric-1', newId: () => String(++next) }), { port: 0, basePath: '/scim/v2' });
    cleanups.push(() => numeric.close());
    const fixture = join(tmp.dir, 'fixtures', 'numeric.yaml');
    const rec = await startRecord({ target: numeric.url, out: fixture });
    cleanups.push(() => rec.stop());
    await oktaSequence(rec.url, 'tok-numeric-1');
    await rec.stop();
    const scenario = join(tmp.dir, 'scenarios', 'numeric.yaml');
    const io: CliIO = { stdout: { write: () => {} }, stderr: { write: () => {} }, env: {}, cwd: tmp.dir, isTTY: false, onInterrupt: () => () => {} };
    expect(runScaffoldCommand(fixture, { out: scenario }, io)).toBe(0);

    const fresh = await startServe({ token: 'tok-fresh-2' });
    cleanups.push(() => fresh.stop());
    const run = await runTest(fresh.url, scenario, 'tok-fresh-2', tmp.dir);
    expect(failures(run.report), run.stderr).toEqual([]);
    expect(run.code).toBe(0);
    const urls = (run.report?.scenarios[0]?.steps ?? []).map((s) => (s as unknown as { exchange?: { request: { url: string } } }).exchange?.request.url ?? '');
    expect(urls.filter((u) => u.includes('startIndex'))).toEqual(urls.filter((u) => /startIndex=1&count=(2|100)$/.test(u)));
  });
});
