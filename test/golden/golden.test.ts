/**
 * Golden CLI cases (house style §15, Hurl-style): each folder under test/golden/ is one
 * command run through `main()` with its working directory set to the folder. It holds
 * - `about.md`: what the case shows, as given / when / then;
 * - `args.json`: the arguments; `{{target}}` is the URL of the target named in `target.json`;
 * - `target.json` (optional): `{ "token": "…" }` starts the reference server on 127.0.0.1:0 with
 *   that token for the case;
 * - `env.json` (optional): the environment (default: none at all);
 * - `expected.stdout`, `expected.stderr`, `expected.code`: the exact output and exit code, after
 *   durations, run ids, ports and the package version are replaced with [...].
 * `GOLDEN_UPDATE=1 npx vitest run test/golden` rewrites the expected files from the current output.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { main } from '../../src/cli/main.js';
import { startNodeServer, type RunningServer } from '../../src/server/adapters/node-http.js';
import { createScimServer } from '../../src/server/create-server.js';

const root = import.meta.dirname;
const UPDATE = process.env['GOLDEN_UPDATE'] === '1';

/** Durations, run ids and ports differ per run; the rest must not. */
export function scrub(text: string): string {
  return text
    .replace(/\b\d+(\.\d+)? ?(ms|s)\b/g, '[...]')
    .replace(/\br[0-9a-f]{5}\b/g, '[...]')
    .replace(/(127\.0\.0\.1|localhost):\d{2,5}\b/g, '$1:[...]')
    .replace(/^(\s*< date:) .*$/gm, '$1 [...]');
}

async function run(args: string[], cwd: string, env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env,
    cwd,
    isTTY: false,
    onInterrupt: () => () => {},
  };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

let server: RunningServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const cases = readdirSync(root, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

describe('golden CLI cases', () => {
  it('has at least 20 cases, each with its given/when/then', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
    for (const name of cases) expect(readFileSync(join(root, name, 'about.md'), 'utf8'), name).toMatch(/Given .*\n?.*[Ww]hen .*[Tt]hen /s);
  });

  it.each(cases)('%s', async (name) => {
    const dir = join(root, name);
    const read = (f: string) => (existsSync(join(dir, f)) ? readFileSync(join(dir, f), 'utf8') : undefined);
    let args = JSON.parse(read('args.json') ?? '[]') as string[];
    const env = JSON.parse(read('env.json') ?? '{}') as Record<string, string>;
    const target = read('target.json');
    if (target) {
      const { token } = JSON.parse(target) as { token: string };
      server = await startNodeServer(createScimServer({ token }), { port: 0, basePath: '/scim/v2' });
      args = args.map((a) => a.replace('{{target}}', server!.url));
    }
    const r = await run(args, dir, env);
    const got = { stdout: scrub(r.stdout), stderr: scrub(r.stderr), code: `${r.code}\n` };
    if (UPDATE) {
      for (const [k, v] of Object.entries(got)) {
        if (k === 'code' || v !== '') writeFileSync(join(dir, `expected.${k}`), v);
      }
    }
    expect(got.stdout).toBe(read('expected.stdout') ?? '');
    expect(got.stderr).toBe(read('expected.stderr') ?? '');
    expect(got.code).toBe(read('expected.code'));
  });
});
