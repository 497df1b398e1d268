/**
 * Given wrong `scimctl record` options, then it says what is wrong in one line
 * and exits 2 before listening; given a port that is taken, it exits 1.
 */
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runRecord, type RecordFlags } from '../../src/cli/run-record.js';
import { tempDir } from './helpers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function record(flags: Partial<RecordFlags>): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  const code = await runRecord(
    { profile: 'rfc', redact: [], host: '127.0.0.1', port: '0', timeout: '1000', ...flags },
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l), waitForStop: () => Promise.resolve('SIGTERM') },
  );
  return { code, lines };
}

describe('scimctl record options', () => {
  it.each([
    [{ mock: true }, 'scimctl record: --out <file> is required (e.g. --out fixtures/okta/my-tenant.yaml)'],
    [{ out: 'x.yaml' }, 'scimctl record: give --target <url> to record in front of a SCIM server, or --mock for the built-in one'],
    [{ out: 'x.yaml', mock: true, target: 'http://a' }, 'scimctl record: --target and --mock exclude each other'],
    [{ out: 'x.yaml', mock: true, profile: 'okta' }, 'scimctl record: --profile must be rfc or mezmo (got "okta")'],
    [{ out: 'x.yaml', mock: true, idp: 'google' }, 'scimctl record: --idp must be one of okta, entra, entra-aadopt, mezmo, other (got "google")'],
    [{ out: 'x.yaml', mock: true, port: '70000' }, 'scimctl record: --port must be an integer from 0 to 65535 (got "70000")'],
    [{ out: 'x.yaml', target: 'staging.example/scim' }, 'scimctl record: --target `staging.example/scim` is not an absolute URL'],
  ] as [Partial<RecordFlags>, string][])('%j', async (flags, message) => {
    expect(await record(flags)).toEqual({ code: 2, lines: [message] });
  });

  it('refuses to replace an existing recording without --force', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const out = join(tmp.dir, 'exists.yaml');
    writeFileSync(out, 'kind: recording\n');
    const { code, lines } = await record({ mock: true, out });
    expect(code).toBe(2);
    expect(lines).toEqual([`scimctl record: \`${out}\` already exists; choose another --out or pass --force to replace it`]);
  });

  it('exits 1 when the port is taken, and writes nothing when nothing was recorded', async () => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    cleanups.push(() => new Promise((r) => blocker.close(r)));
    const port = String((blocker.address() as AddressInfo).port);
    expect(await record({ mock: true, out: join(tmp.dir, 'a.yaml'), port })).toEqual({ code: 1, lines: [`scimctl record: cannot listen on 127.0.0.1:${port} (EADDRINUSE)`] });

    const { code, lines } = await record({ mock: true, out: join(tmp.dir, 'b.yaml') });
    expect(code).toBe(0);
    expect(lines.at(-1)).toBe('scimctl record: stopped on SIGTERM; nothing recorded, no file written');
  });
});
