/**
 * `scimctl test`, `list` and `validate` run in process, with their output and
 * exit codes compared.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scimctl } from './cli-helpers.js';

const tmp = () => mkdtempSync(join(tmpdir(), 'scimctl-cli-'));

describe('scimctl test --mock', () => {
  it('runs the built-in scenarios green and prints the verdict table', async () => {
    const r = await scimctl(['test', '--mock']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^scimctl · http:\/\/scimctl\.mock\/scim\/v2 · run r[0-9a-f]{5} · \d+ scenarios\n/);
    expect(r.stdout).toContain(' ✓ rfc/user-lifecycle  Create, read, find and delete a user');
    expect(r.stdout).toMatch(/\nVerdict\n {2}Okta {22}ready\n {2}Entra \(aadOptscim062020\) {2}ready\n {2}Entra \(default\) {11}ready\n {2}Mezmo {21}ready\n {2}RFC 7644 MUSTs +(\d+)\/\1 met\n/);
    expect(r.stdout).toContain('exit       0 (nothing blocking failed)');
    // The per-requirement list is for --verbose; a green run has no defects to list first.
    expect(r.stdout).not.toContain('\nDefects');
    expect(r.stdout).not.toMatch(/^ [✗!] /m);
  });

  it('the mezmo profile is green too, with its existing groups', async () => {
    const r = await scimctl(['test', '--mock', '--profile', 'mezmo', '--tag', 'rfc']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' ✓ rfc/group-membership');
  });

  it('--no-capability skips what needs it, with the reason', async () => {
    const r = await scimctl(['test', '--mock', '--scenarios', 'scenarios/rfc/patch-user.yaml', 'scenarios/rfc/discovery.yaml', '--no-capability', 'patch']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(' - rfc/patch-user  skipped: the target lacks `patch` (set by --no-capability or the config)');
  });

  it('--grep selects scenarios; none matching is a usage error', async () => {
    const r = await scimctl(['test', '--mock', '--scenarios', 'scenarios/rfc/discovery.yaml', 'scenarios/rfc/errors.yaml', '--grep', 'discovery']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('· 1 scenario\n');
    const none = await scimctl(['test', '--mock', '--grep', 'no-such-thing']);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no scenario matches --tag/--grep');
  });
});

describe('usage and scenario errors exit 2 before anything runs', () => {
  it('no base URL', async () => {
    const r = await scimctl(['test']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'error: Invalid command line\n  missing the base URL\n  help: scimctl test https://app.example/scim/v2 --token … (or --mock for the built-in server)\n\nscimctl: 1 error; nothing was run\n',
    );
  });

  it('an unknown reporter', async () => {
    const r = await scimctl(['test', '--mock', '--reporter', 'pretty,xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown reporter `xml`\n  help: valid reporters: pretty, json, junit, tap, markdown, html');
  });

  it('a malformed scenario: file, line, column and field; the run does not start', async () => {
    const r = await scimctl(['test', '--mock', '--scenarios', 'test/fixtures/bad/status-not-a-status.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('  --> test/fixtures/bad/status-not-a-status.yaml:9:15\n');
    expect(r.stderr).toContain('^^ step 1 › expect.status: must be integer');
  });

  it('bad flags', async () => {
    const r = await scimctl(['test', 'ftp://x', '--capability', 'pach', '--header', 'no colon', '--concurrency', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('unknown capability `pach`');
    expect(r.stderr).toContain("--header `no colon` is not of the form 'Name: value'");
    expect(r.stderr).toContain('--concurrency must be a positive integer, not `0`');
    expect(r.stderr).toContain('`ftp://x` is not an http(s) URL');
  });
});

describe('list and validate', () => {
  it('list shows scenarios, tags and counts', async () => {
    const r = await scimctl(['list', '--scenarios', 'scenarios/rfc/discovery.yaml', 'scenarios/rfc/patch-user.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      [
        'rfc/discovery   Discovery documents  [rfc, discovery]  3 steps',
        'rfc/patch-user  PATCH a user as Okta and Entra do  [rfc, patch]  5 steps  needs patch',
        '',
        '2 scenarios',
        'tags: discovery (1), patch (1), rfc (2)',
        '',
      ].join('\n'),
    );
  });

  it('validate accepts good files and rejects bad ones with their positions', async () => {
    const ok = await scimctl(['validate', 'scenarios/rfc/discovery.yaml', 'test/fixtures/scenarios', 'test/fixtures/recordings']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toBe('scimctl: 3 files valid\n');
    const bad = await scimctl(['validate', 'test/fixtures/bad']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.match(/ {2}--> test\/fixtures\/bad\/[a-z-]+\.yaml:\d+:\d+/g)).toHaveLength(16);
    expect(bad.stderr).toContain('scimctl: 16 errors; nothing was run\n');
  });
});

describe('files: reporters, HAR, baselines, config', () => {
  it('writes every reporter, a HAR and a baseline; the baseline then accepts known failures', async () => {
    const dir = tmp();
    const first = await scimctl([
      'test', '--mock', '--scenarios', 'test/fixtures/secrets', '--reporter', 'json,junit,tap,markdown,html',
      '--output-dir', dir, '--har', join(dir, 'run.har'), '--write-baseline', join(dir, 'baseline.json'),
    ]);
    expect(first.code).toBe(1);
    const harText = readFileSync(join(dir, 'run.har'), 'utf8').replace(/\/Users\/[0-9a-f-]{8,}/g, '/Users/[id]');
    const har = JSON.parse(harText) as { log: { version: string; entries: { request: { method: string; url: string } }[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.map((e) => `${e.request.method} ${new URL(e.request.url).pathname}`)).toEqual([
      'GET /scim/v2/ServiceProviderConfig',
      'GET /scim/v2/Users',
      'GET /scim/v2/ResourceTypes',
      'GET /scim/v2/Schemas',
      'GET /scim/v2/Me',
      'POST /scim/v2/Users/.search',
      'GET /scim/v2/Groups',
      'POST /scim/v2/Users',
      'GET /scim/v2/Users/[id]',
      'DELETE /scim/v2/Users/[id]',
    ]);
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'))).toEqual({
      version: 1,
      failures: ['user-with-password › create with a password › status'],
    });
    const report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')) as { verdict: { exitCode: number } };
    expect(report.verdict.exitCode).toBe(1);
    const second = await scimctl(['test', '--mock', '--scenarios', 'test/fixtures/secrets', '--baseline', join(dir, 'baseline.json')]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('baseline: 1 known, 0 new, 0 now passing');
  });

  it('scimctl.config.yaml in the working directory, validated, with flags on top', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'scimctl.config.yaml'), `version: 1\nscenarios: [${resolve('scenarios/rfc/discovery.yaml')}]\nreporters: [tap]\n`);
    const r = await scimctl(['test', '--mock'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^TAP version 13\n1\.\.3\n/);
    const flagged = await scimctl(['test', '--mock', '--reporter', 'pretty'], { cwd: dir });
    expect(flagged.stdout).toContain('Verdict');
    writeFileSync(join(dir, 'bad.yaml'), 'version: 1\ntarget: https://x\ncapabilites: { patch: true }\n');
    const bad = await scimctl(['test', '--config', 'bad.yaml'], { cwd: dir });
    expect(bad.code).toBe(2);
    // Relative to the command's working directory, not the test process's.
    expect(bad.stderr).toContain('  --> bad.yaml:3:1');
    expect(bad.stderr).toContain('help: did you mean `capabilities`?');
  });
});
