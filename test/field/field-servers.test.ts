/**
 * The field servers (field/servers/*.mjs) as `npm run field` uses them: each
 * starts on 127.0.0.1 port 0, prints `<BANNER> <base URL>`, answers discovery
 * and /Users with the bearer token and 401 without it, and exits 0 on SIGTERM.
 * They need field/'s own dependencies (`npm ci --prefix field`, which .ci/run
 * does); without them this file is skipped and says why.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIELD = fileURLToPath(new URL('../../field/', import.meta.url));
const INSTALLED = existsSync(`${FIELD}node_modules`);
const TOKEN = 'field-test-token';
const SERVERS = [
  { script: 'servers/scimmy.mjs', banner: 'SCIMMY', basePath: '/scim/v2' },
  { script: 'servers/better-auth.mjs', banner: 'BETTER-AUTH', basePath: '/api/auth/scim/v2' },
];

interface Started {
  child: ChildProcess;
  line: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function start(script: string, args: string[]): Promise<Started> {
  const child = spawn(process.execPath, [script, ...args], { cwd: FIELD, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += String(d)));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', (line) => resolve({ child, line, exited }));
    void exited.then(({ code }) => reject(new Error(`${script} exited ${code} before printing a line: ${stderr}`)));
  });
}

if (!INSTALLED) console.warn('test/field/field-servers.test.ts skipped: field/node_modules is missing; run `npm ci --prefix field`');

const auth = { authorization: `Bearer ${TOKEN}`, accept: 'application/scim+json' };

describe.skipIf(!INSTALLED)(
  INSTALLED ? 'field servers' : 'field servers (skipped: field/node_modules is missing; run `npm ci --prefix field`)',
  () => {
    for (const server of SERVERS) {
      it(`${server.banner}: starts, prints its URL, authenticates and stops on SIGTERM`, async () => {
        const { child, line, exited } = await start(server.script, ['--port', '0', '--token', TOKEN]);
        try {
          const match = new RegExp(`^${server.banner} (http://127\\.0\\.0\\.1:\\d+${server.basePath.replaceAll('/', '\\/')})$`).exec(line);
          expect(match, line).not.toBeNull();
          const base = match![1]!;

          const spc = await fetch(`${base}/ServiceProviderConfig`, { headers: auth });
          expect(spc.status).toBe(200);
          expect(((await spc.json()) as { schemas: string[] }).schemas).toContain('urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig');

          const users = await fetch(`${base}/Users`, { headers: auth });
          expect(users.status).toBe(200);
          const list = (await users.json()) as { schemas: string[]; totalResults: number };
          expect(list.schemas).toContain('urn:ietf:params:scim:api:messages:2.0:ListResponse');
          expect(list.totalResults).toBe(0);

          for (const headers of [{ accept: 'application/scim+json' }, { ...auth, authorization: `Bearer ${TOKEN}x` }]) {
            const refused = await fetch(`${base}/Users`, { headers });
            expect(refused.status).toBe(401);
            await refused.body?.cancel();
          }
        } finally {
          child.kill('SIGTERM');
        }
        expect(await exited).toEqual({ code: 0, signal: null });
      });

      it(`${server.banner}: a missing --token is a usage error naming the flag`, async () => {
        const child = spawn(process.execPath, [server.script, '--port', '0'], { cwd: FIELD, stdio: ['ignore', 'pipe', 'pipe'] });
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += String(d)));
        const code = await new Promise((resolve) => child.once('exit', resolve));
        expect(code).toBe(2);
        expect(stderr).toMatch(/--token <bearer> is required/);
      });
    }
  },
);
