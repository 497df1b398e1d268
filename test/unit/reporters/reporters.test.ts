/**
 * Given a fixed result tree, each reporter's plain output is compared exactly
 * (durations replaced with [...]).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { htmlText } from '../../../src/reporters/html-reporter.js';
import { createReporters, REPORTER_NAMES } from '../../../src/reporters/index.js';
import { jsonReport } from '../../../src/reporters/json-reporter.js';
import { junitXml } from '../../../src/reporters/junit-reporter.js';
import { markdownText } from '../../../src/reporters/markdown-reporter.js';
import { prettySummary, scenarioLine } from '../../../src/reporters/pretty-reporter.js';
import { tapText } from '../../../src/reporters/tap-reporter.js';
import { blockingFailureKeys, compareBaseline, computeVerdict } from '../../../src/runner/verdict.js';
import { runFixture } from './run-fixture.js';

const plain = new Chalk({ level: 0 });
const scrub = (s: string) => s.replace(/\d+(\.\d+)? (ms|s)\b/g, '[...]').replace(/time="[\d.]+"/g, 'time="[...]"');
const run = runFixture();
const summary = { verdict: computeVerdict(run) };

describe('pretty', () => {
  it('scenario lines', () => {
    expect(run.scenarios.map((s) => scrub(scenarioLine(s, plain)))).toEqual([
      ' ✓ rfc/ok  All good (1 step, [...])',
      ' ✗ okta/create  Okta creates a user (1 step, [...])',
      ' ! entra/flag  Entra flag mode (1 step, [...])',
      ' - mezmo/groups  skipped: the target lacks `groups.create`',
    ]);
  });

  it('--verbose keeps the per-check list and the requirements after the defects', () => {
    const out = scrub(prettySummary(run, summary, plain, false, undefined, true));
    expect(out.indexOf('\nDefects (3, 2 fail the run)\n')).toBeGreaterThan(-1);
    expect(out.indexOf('\nDefects')).toBeLessThan(out.indexOf('\nFailures\n'));
    expect(out).not.toContain('\nFailures\n'.repeat(2));
    expect(prettySummary(run, summary, plain, false)).not.toContain('\nFailures\n');
    expect(out.slice(out.indexOf('\nFailures\n'))).toBe(
      [
        '',
        'Failures',
        '',
        ' ✗ okta/create › create alice',
        '   status is 201: expected status 201, got 200',
        '   --> scenarios/okta/create.yaml:12:7',
        '   requirement: RFC 7644 §3.3 (P-3.3-06) · MUST · blocks Okta',
        '   Content-Type is application/scim+json: Content-Type is `text/plain`',
        '   requirement: RFC 7644 §8.1 (P-8.1-01) · SHOULD',
        '   > POST http://127.0.0.1:4000/scim/v2/Users',
        '   > Authorization: <redacted>',
        '   > {"userName":"alice"}',
        '   < 200',
        '   < content-type: application/scim+json',
        '   < {"id":"1"}',
        '',
        ' ✗ entra/flag › read',
        '   the target answers: could not judge — no response from 127.0.0.1:4000 within [...]',
        '   requirement: entra: entra.md §2.2 · MUST · blocks Entra',
        '   > GET http://127.0.0.1:4000/scim/v2/Users/1',
        '   < (no response)',
        '',
        'Requirements',
        '  requirements: 3 enforced · 0 passed · 2 failed · 1 errored',
        '  ! entra: entra.md §2.2  MUST',
        '      entra/flag › read › transport',
        '  ✗ P-3.3-06  MUST  A successful create answers `201 Created`.',
        '      okta/create › create alice › status',
        '  ✗ P-8.1-01  SHOULD  SCIM applications use the `application/scim+json` media type (file extensions…',
        '      okta/create › create alice › scim.contentType.media',
        '',
        'Verdict',
        '  Okta                      blocked by 1 defect (1 failing check)',
        '  Entra (aadOptscim062020)  blocked by 1 defect (1 failing check)',
        '  Entra (default)           not tested',
        '  Mezmo                     not tested',
        '  RFC 7644 MUSTs            0/1 met',
        '',
        'RFC areas (MUST)',
        '  RFC 7644 §3.3  0/1',
        '',
        'Summary',
        '  scenarios  1 passed · 1 failed · 1 errored · 1 skipped',
        '  checks     1 passed · 2 failed · 1 errored · 0 skipped',
        '  defects    3 (2 fail the run)',
        '  duration   [...]',
        '  exit       1 (2 blocking defects, 2 failing checks)',
        '',
        'Okta: blocked by 1 defect (1 failing check) · Entra (aadOptscim062020): blocked by 1 defect (1 failing check) · Entra (default): not tested · Mezmo: not tested · RFC 7644 MUSTs: 0/1 met',
        '',
        '',
      ].join('\n'),
    );
  });

  it('shows the failing expectation in its file, Hurl-style, when the file can be read', () => {
    const source = ['kind: scenario', 'steps:', '  - name: create alice', '    request: { method: POST, path: /Users }', '    expect:', '      requirement: P-3.3-06', '      x: 1', '      y: 2', '      z: 3', '      a: 4', '      b: 5', '      status: 201'].join('\n');
    const out = prettySummary(run, summary, plain, false, (f) => (f === 'scenarios/okta/create.yaml' ? source : undefined));
    expect(out).toContain(
      [
        '   first: okta/create › create alice',
        '   error: status is 201',
        '     --> scenarios/okta/create.yaml:12:7',
        '      |',
        '    3 |   - name: create alice',
        '      | ...',
        '   12 |       status: 201',
        '      |       ^^^^^^ expected status 201, got 200',
        '      |',
        '   > POST http://127.0.0.1:4000/scim/v2/Users',
      ].join('\n'),
    );
  });

  it('requirements: more than three failing checks of one requirement are summarised', () => {
    const many = runFixture();
    const step = many.scenarios[1]?.steps[0];
    const status = step?.checks[0];
    if (!step || !status) throw new Error('fixture changed');
    for (const n of [2, 3, 4, 5]) step.checks.push({ ...status, checkId: `status.${n}` });
    const out = prettySummary(many, { verdict: computeVerdict(many) }, plain, false, undefined, true);
    expect(out).toContain(
      [
        '  ✗ P-3.3-06  MUST  A successful create answers `201 Created`.',
        '      okta/create › create alice › status',
        '      okta/create › create alice › status.2',
        '      okta/create › create alice › status.3',
        '      … and 2 more',
        '  ✗ P-8.1-01',
      ].join('\n'),
    );
  });

  it('GitHub annotations: one per blocking defect, at its first failing check', () => {
    const out = prettySummary(run, summary, plain, true);
    expect(out.split('\n').filter((l) => l.startsWith('::'))).toEqual([
      '::error file=scenarios/okta/create.yaml,line=12,col=7::status is 201: expected status 201, got 200 (blocks Okta · fails the RFC MUST gate; 1 failing check in 1 scenario)',
    ]);
  });
});

describe('machine formats', () => {
  it('JUnit: <failure> for a blocking failure, <error> for errored, <skipped>, warnings in system-out', () => {
    const xml = scrub(junitXml(run));
    expect(xml.split('\n').slice(0, 8)).toEqual([
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<testsuites name="scimctl" tests="4" failures="1" errors="1" skipped="1" time="[...]">',
      '  <testsuite name="rfc/ok" tests="1" failures="0" errors="0" skipped="0" time="[...]" file="scenarios/rfc/ok.yaml">',
      '    <testcase classname="rfc/ok" name="rfc/ok › create" time="[...]"/>',
      '  </testsuite>',
      '  <testsuite name="okta/create" tests="1" failures="1" errors="0" skipped="0" time="[...]" file="scenarios/okta/create.yaml">',
      '    <testcase classname="okta/create" name="okta/create › create alice" time="[...]">',
      '      <failure message="status is 201: expected status 201, got 200" type="P-3.3-06">status is 201: expected status 201, got 200',
    ]);
    expect(xml).toContain('&gt; {&quot;userName&quot;:&quot;alice&quot;}');
    expect(xml).toContain('<system-out>warning: Content-Type is application/scim+json: Content-Type is `text/plain` (RFC 7644 §8.1 (P-8.1-01) · SHOULD)</system-out>');
    expect(xml).toContain('<error message="the target answers: could not judge — no response from 127.0.0.1:4000 within [...]" type="TIMEOUT">');
    expect(xml).toContain('<skipped message="the target lacks `groups.create`"/>');
  });

  it('TAP 13 with YAML diagnostics', () => {
    expect(scrub(tapText(run))).toBe(
      [
        'TAP version 13',
        '1..4',
        'ok 1 - rfc/ok › create',
        'not ok 2 - okta/create › create alice',
        '  ---',
        '  message: "status is 201: expected status 201, got 200"',
        '  requirement: RFC 7644 §3.3 (P-3.3-06)',
        '  severity: MUST',
        '  blocks:',
        '    - okta',
        '  expected: "201"',
        '  actual: 200',
        '  at: scenarios/okta/create.yaml:12:7',
        '  ...',
        'not ok 3 - entra/flag › read',
        '  ---',
        '  message: "the target answers: could not judge — no response from 127.0.0.1:4000 within [...]"',
        '  requirement: "entra: entra.md §2.2"',
        '  severity: MUST',
        '  blocks:',
        '    - entra',
        '  ...',
        'ok 4 - mezmo/groups # SKIP the target lacks `groups.create`',
        '',
      ].join('\n'),
    );
  });

  it('markdown summary: a defects table first, then the verdict', () => {
    const md = scrub(markdownText(run, summary));
    expect(md.split('\n').slice(0, 22)).toEqual([
      '# scimctl conformance report',
      '',
      'Target `http://127.0.0.1:4000/scim/v2` · run `r12345` · exit 1 (2 blocking defects, 2 failing checks)',
      '',
      '## Defects',
      '',
      '| | Severity | Defect | Blocks, and why | Failing checks | Scenarios | First failure |',
      '|---|---|---|---|---|---|---|',
      "| ❌ | MUST | status is 201<br>RFC 7644 §3.3 (P-3.3-06) | blocks Okta — POST /Users with Okta's full body answers 201 with the user and its id; a duplicate answers 409 (okta.md §4.2 [seen: REF20, LEGACY])<br>fails the RFC MUST gate | 1 | 1 | `okta/create › create alice`: expected status 201, got 200 (`scenarios/okta/create.yaml:12:7`) |",
      '| ❌ | MUST | the target answers<br>entra: entra.md §2.2 | blocks Entra (aadOptscim062020) — the matching query (eq, and; + for spaces) answers a ListResponse of full resources with id (entra.md §2.2 [seen: DOC S1, OBS azure-docs#94189])<br>the target could not be judged | 1 | 1 | `entra/flag › read`: no response from 127.0.0.1:4000 within [...] |',
      '| ⚠️ | SHOULD | Content-Type is application/scim+json<br>RFC 7644 §8.1 (P-8.1-01) | blocks no IdP | 1 | 1 | `okta/create › create alice`: Content-Type is `text/plain` |',
      '',
      '## Verdict',
      '',
      '| Target | Verdict |',
      '|---|---|',
      '| Okta | ❌ blocked by 1 defect (1 failing check) |',
      '| Entra (aadOptscim062020) | ❌ blocked by 1 defect (1 failing check) |',
      '| Entra (default) | ➖ not tested |',
      '| Mezmo | ➖ not tested |',
      '| RFC 7644 MUSTs | 0/1 met |',
      '',
    ]);
    expect(md).toContain('<details><summary>❌ status is 201 — okta/create › create alice</summary>');
    expect(md).toContain('- ❌ `okta/create › create alice`: status is 201: expected status 201, got 200 — RFC 7644 §3.3 (P-3.3-06) · MUST · blocks Okta');
    expect(md).toContain('- `mezmo/groups`: the target lacks `groups.create`');
  });

  it('html: one self-contained file: inline style and script only, a CSP that forbids the rest', () => {
    const html = htmlText(run, summary);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`);
    expect(html).not.toMatch(/<link|\ssrc=|\shref=|@import|url\(/);
    expect(html).toContain('<div class="card blocked" data-idp="okta"><b>Okta</b><span>blocked by 1 defect (1 failing check)</span></div>');
  });

  it('html: the exchanges travel as embedded JSON that no response body can break out of', () => {
    const hostile = runFixture();
    const ex = hostile.scenarios[1]?.steps[0]?.exchange;
    if (!ex?.response) throw new Error('fixture changed');
    ex.response.body = '</script><script>alert(1)</script><!--';
    const html = htmlText(hostile, { verdict: computeVerdict(hostile) });
    expect(html.match(/<script/g)).toHaveLength(2);
    const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)?.[1] ?? '';
    const data = JSON.parse(json) as { exchanges: string[] };
    expect(data.exchanges.join('\n')).toContain('< </script><script>alert(1)</script><!--');
    expect(data.exchanges.join('\n')).toContain('> POST http://127.0.0.1:4000/scim/v2/Users');
  });

  it('json matches schemas/report.schema.json', () => {
    const schema = JSON.parse(readFileSync('schemas/report.schema.json', 'utf8')) as object;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const report = JSON.parse(JSON.stringify(jsonReport(run, summary))) as { version: number; requirements: Record<string, { counts: object }> };
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.version).toBe(1);
    // The schema describes the requirements member: a count that is not an integer is refused.
    const broken = structuredClone(report);
    (broken.requirements['P-3.3-06'] as { counts: object }).counts = { passed: 'one', failed: 1, errored: 0, skipped: 0 };
    expect(validate(broken)).toBe(false);
  });

  it('json gives results per requirement: counts and the failing check keys, failing ones first', () => {
    const report = JSON.parse(JSON.stringify(jsonReport(run, summary))) as { requirements: Record<string, unknown> };
    expect(report.requirements).toEqual({
      'entra: entra.md §2.2': {
        label: 'entra: entra.md §2.2',
        severity: 'MUST',
        status: 'errored',
        counts: { passed: 0, failed: 0, errored: 1, skipped: 0, 'not-judged': 0, unsupported: 0 },
        failures: ['entra/flag › read › transport'],
      },
      'P-3.3-06': {
        label: 'RFC 7644 §3.3 (P-3.3-06)',
        severity: 'MUST',
        status: 'failed',
        counts: { passed: 1, failed: 1, errored: 0, skipped: 0, 'not-judged': 0, unsupported: 0 },
        failures: ['okta/create › create alice › status'],
      },
      'P-8.1-01': {
        label: 'RFC 7644 §8.1 (P-8.1-01)',
        severity: 'SHOULD',
        status: 'failed',
        counts: { passed: 0, failed: 1, errored: 0, skipped: 0, 'not-judged': 0, unsupported: 0 },
        failures: ['okta/create › create alice › scim.contentType.media'],
      },
    });
    expect(Object.keys(report.requirements)).toEqual(['entra: entra.md §2.2', 'P-3.3-06', 'P-8.1-01']);
  });
});

describe('createReporters', () => {
  const ctx = { stdout: { write: () => {} }, color: false, isTTY: false, githubActions: false };
  it('an unknown name lists the valid ones', () => {
    const r = createReporters(['pretty', 'junt'], {}, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.diagnostics[0]?.message).toBe('unknown reporter `junt`');
      expect(r.diagnostics[0]?.hint).toBe(`valid reporters: ${REPORTER_NAMES.join(', ')}`);
    }
  });

  it('several machine reporters need --output-dir; --output takes exactly one', () => {
    expect(createReporters(['pretty', 'json'], {}, ctx).ok).toBe(false);
    expect(createReporters(['json', 'junit'], { output: 'x.json' }, ctx).ok).toBe(false);
    expect(createReporters(['json'], {}, ctx).ok).toBe(true);
  });

  it('writes each file under the output directory', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-reporters-'));
    const r = createReporters(['pretty', 'json', 'junit', 'tap', 'markdown', 'html'], { outputDir: dir }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    for (const rep of r.value) await rep.onRunEnd?.(run, summary);
    expect(readFileSync(join(dir, 'junit.xml'), 'utf8')).toBe(junitXml(run, summary));
    expect(readFileSync(join(dir, 'report.tap'), 'utf8')).toBe(tapText(run, summary));
    expect(readFileSync(join(dir, 'summary.md'), 'utf8')).toBe(markdownText(run, summary));
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(htmlText(run, summary));
    expect(JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'))).toEqual(JSON.parse(JSON.stringify(jsonReport(run, summary))));
  });
});

describe('baselines (issue 14): known failures are not failures when the exit code is 0', () => {
  const accepted = blockingFailureKeys(run);
  const known = { verdict: computeVerdict(run, accepted), baseline: compareBaseline(run, accepted) };

  it('the fixture has known failures and exits 0 under its own baseline', () => {
    expect(accepted).toEqual(['okta/create › create alice › status', 'entra/flag › read › transport']);
    expect(known.verdict.exitCode).toBe(0);
  });

  it('JUnit: each known failure and defect is <skipped> with the reason; no <failure> or <error>', () => {
    const xml = scrub(junitXml(run, known));
    expect(xml).toContain('<testsuites name="scimctl" tests="7" failures="0" errors="0" skipped="5" time="[...]">');
    expect(xml).not.toMatch(/<failure|<error/);
    expect(xml).toContain('<skipped message="known failure (baseline): status is 201: expected status 201, got 200">');
    expect(xml).toContain('<skipped message="known failure (baseline): the target answers: could not judge — no response from 127.0.0.1:4000 within [...]">');
    expect(xml).toContain('<skipped message="known failure (baseline): status is 201: expected status 201, got 200 (blocks Okta · fails the RFC MUST gate; 1 failing check in 1 scenario)">');
  });

  it('JUnit: a new failure still fails while the known one is skipped', () => {
    const partial = [accepted[1]!];
    const xml = junitXml(run, { verdict: computeVerdict(run, partial), baseline: compareBaseline(run, partial) });
    expect(xml).toContain('<testsuites name="scimctl" tests="7" failures="2" errors="0" skipped="3"');
    expect(xml).toContain('<failure message="status is 201: expected status 201, got 200"');
  });

  it('TAP: known failures are `not ok … # TODO known failure (baseline)`', () => {
    const tap = scrub(tapText(run, known));
    expect(tap.split('\n').filter((l) => /^(not )?ok /.test(l))).toEqual([
      'not ok 1 - defect › status is 201 (status=201 @ P-3.3-06) # TODO known failure (baseline)',
      'not ok 2 - defect › the target answers (transport !TIMEOUT @ entra: entra.md §2.2) # TODO known failure (baseline)',
      'ok 3 - defect › Content-Type is application/scim+json (scim.contentType.media @ P-8.1-01)',
      'ok 4 - rfc/ok › create',
      'not ok 5 - okta/create › create alice # TODO known failure (baseline): status is 201: expected status 201, got 200',
      'not ok 6 - entra/flag › read # TODO known failure (baseline): the target answers: could not judge — no response from 127.0.0.1:4000 within [...]',
      'ok 7 - mezmo/groups # SKIP the target lacks `groups.create`',
    ]);
  });

  it('markdown: known failures are 🔶, not ❌', () => {
    const md = markdownText(run, known);
    expect(md.slice(0, md.indexOf('## Verdict'))).not.toContain('❌');
    expect(md.slice(md.indexOf('## Failing checks'))).not.toContain('❌');
    expect(md).toContain('| 🔶 known | MUST | status is 201<br>');
    expect(md).toContain('- 🔶 `okta/create › create alice`: status is 201: expected status 201, got 200');
    expect(md).toContain('Baseline: 2 known, 0 new, 0 now passing.');
  });
});
