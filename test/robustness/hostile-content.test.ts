/**
 * Given a target whose answers carry terminal escape sequences and control
 * characters (in the body and an error detail), when scimctl prints
 * and writes its reports, then none of them reaches the terminal or a report
 * raw: a hostile or broken endpoint cannot rewrite the user's terminal or
 * forge lines in the output.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { scimctl } from '../unit/cli/cli-helpers.js';
import { recordFigure } from './figures.js';
import { startFaultyTarget, TARGET_TOKEN, type FaultyTarget } from './faulty-target.js';

const SCENARIO = 'test/robustness/fixtures/scenarios/read-user.yaml';
// Clear screen, a fake green PASS line, an OSC window title, a bell, a NUL and a carriage return.
const HOSTILE = '\u001b[2J\u001b[H\u001b[32m✓ all checks passed\u001b[0m\u001b]0;pwned\u0007\u0000\r';

let target: FaultyTarget | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await target?.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** C0 controls except tab and newline, and DEL: none may come through from the target. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F]/;

describe('hostile content from the target', () => {
  it('never reaches the terminal or a report file raw', async () => {
    target = await startFaultyTarget({
      match: (m, p) => m === 'GET' && /\/Users\/[^/]+$/.test(p),
      fault: (_req, res) => {
        res.writeHead(404, { 'content-type': 'application/scim+json' });
        res.end(JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '404', detail: HOSTILE, userName: HOSTILE }));
      },
    });
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-hostile-'));
    dirs.push(dir);
    const env = { SCIMCTL_TOKEN: TARGET_TOKEN };
    const files = await scimctl(['test', target.url, '--scenarios', SCENARIO, '--reporter', 'json,junit,tap,markdown,html', '--output-dir', dir], { env });
    const pretty = await scimctl(['test', target.url, '--scenarios', SCENARIO], { env });
    expect([files.code, pretty.code]).toEqual([1, 1]);
    // The hostile text was shown (so this could fail): its printable part is in the terminal output.
    expect(pretty.stdout).toContain('all checks passed');
    const outputs: [string, string][] = [
      ['terminal', pretty.stdout + pretty.stderr + files.stdout + files.stderr],
      ...readdirSync(dir).filter((f) => f !== 'report.json').map((f): [string, string] => [f, readFileSync(join(dir, f), 'utf8')]),
    ];
    const raw = outputs.filter(([, text]) => CONTROL.test(text)).map(([name, text]) => `${name}: ${JSON.stringify(CONTROL.exec(text)?.[0])}`);
    recordFigure({ suite: 'faulty-targets', target: 'escape sequences from the target', cases: outputs.length, outcomes: { 'outputs with raw control characters': raw.length } });
    expect(raw).toEqual([]);
  });
});
