/**
 * The coverage map's parts in isolation: checklist rows → items, scenarios →
 * declared checks (with the runner's requirement, severity and auto-check
 * rules), items + checks → states, a run → results per requirement.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../../src/runner/load/load-scenario.js';
import { levelBucket, parseChecklist } from '../../src/runner/coverage/checklist.js';
import type { ChecklistItem } from '../../src/runner/coverage/checklist.js';
import { collectChecks } from '../../src/runner/coverage/collect-checks.js';
import type { DeclaredCheck } from '../../src/runner/coverage/collect-checks.js';
import { buildCoverage } from '../../src/runner/coverage/coverage-map.js';
import { renderCoverageMarkdown, renderCoverageText } from '../../src/runner/coverage/render-coverage.js';
import { resultsByRequirement } from '../../src/runner/coverage/by-requirement.js';
import type { CheckResult, RunResult } from '../../src/runner/types.js';

const MD = `
## 4. CREATE

**Create (POST)** — sources: 7644 §3.3. Items: **3**.

| ID | § | Level | Requirement (paraphrased, testable) | Black-box check (request → expected) | Ext |
|----|---|-------|-------------------------------------|---------------------------------------|-----|
| P-3.3-06 | 7644 §3.3 | SHALL | A successful create answers \`201 Created\`. | Status check. | Y |
| P-3.3-07 | 7644 §3.3 | SHOULD | The body is the full representation. | Body has \`id\`. | Y |
| S-2.1-02 | 7643 §2.1 | MUST | Names match \`^(\\$ref\\|[A-Za-z]*)$\`. | Walk /Schemas. | Y |

## 30. UPD

**Later RFCs** — sources: RFC 9865.

| ID | § | Level | Requirement (paraphrased, testable) | Black-box check (request → expected) | Ext |
|----|---|-------|-------------------------------------|---------------------------------------|-----|
| X-9865-02 | RFC 9865 | MUST | Empty cursor starts at the first page. | \`GET /Users?cursor\`. | Y |
| P-7.4-01 | 7644 §7.4 | MAY / MUST | Tokens carry entropy. | Review only. | N |
`;

describe('parseChecklist', () => {
  const items = parseChecklist(MD);

  it('reads every row with its area, level bucket and Ext', () => {
    expect(items.map((i) => [i.id, i.area, i.areaTitle, i.bucket, i.ext])).toEqual([
      ['P-3.3-06', '4. CREATE', 'Create (POST)', 'MUST', 'Y'],
      ['P-3.3-07', '4. CREATE', 'Create (POST)', 'SHOULD', 'Y'],
      ['S-2.1-02', '4. CREATE', 'Create (POST)', 'MUST', 'Y'],
      ['X-9865-02', '30. UPD', 'Later RFCs', 'MUST', 'Y'],
      ['P-7.4-01', '30. UPD', 'Later RFCs', 'MAY', 'N'],
    ]);
  });

  it('keeps an escaped bar inside a cell', () => {
    expect(items[2]?.summary).toBe('Names match `^(\\$ref|[A-Za-z]*)$`.');
  });

  it('buckets by the first keyword of the level', () => {
    expect(['MUST (SHALL)', 'MAY / MUST', 'MUST NOT (client) / readOnly', 'DEF (returned)', 'RECOMMENDED', 'OPTIONAL / MUST', 'DERIVED (held erratum)', 'REQUIRED (if totalResults > 0)'].map(levelBucket)).toEqual([
      'MUST',
      'MAY',
      'MUST',
      'DEF',
      'SHOULD',
      'MAY',
      'DERIVED',
      'MUST',
    ]);
  });

  it('refuses a row it cannot read', () => {
    expect(() => parseChecklist('| P-1-01 | 7644 §1 | MUST | x |')).toThrow(/P-1-01/);
  });
});

describe('collectChecks', () => {
  it('resolves requirement and severity the way the runner does, and expands SCIM checks', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-cov-'));
    try {
      const file = join(dir, 'x.yaml');
      writeFileSync(
        file,
        `kind: scenario
version: 1
id: unit/x
name: x
tags: [rfc]
steps:
  - name: create
    request: { method: POST, path: /Users, body: { userName: a } }
    expect:
      requirement: P-3.3-07
      severity: SHOULD
      status: { value: 201, requirement: P-3.3-06, severity: MUST }
      headers: { Location: true }
      body: { paths: [{ pointer: /id, present: true }, { pointer: /x, present: false, requirement: S-2-01 }] }
      scim: [location, { check: error, requirement: P-3.12-02 }]
  - name: replay
    replay:
      recording: ${JSON.stringify(join(process.cwd(), 'fixtures/okta/create-user.yaml'))}
      only: [create-alice]
      at:
        create-alice: { requirement: { idp: okta, doc: "okta.md §4.2" }, body: { match: { active: true } } }
`,
      );
      const loaded = loadScenarioFile(file);
      if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
      const got = collectChecks([loaded.value]).map((c) => [c.step, c.check, c.requirement.id ?? c.requirement.doc, c.severity, c.auto]);
      expect(got).toEqual([
        ['create', 'status', 'P-3.3-06', 'MUST', false],
        ['create', 'header.Location', 'P-3.3-07', 'SHOULD', false],
        ['create', 'body.path/id', 'P-3.3-07', 'SHOULD', false],
        ['create', 'body.path/x', 'S-2-01', 'SHOULD', false],
        ['create', 'scim.location', 'P-3.3-08', 'MUST', false],
        ['create', 'scim.error', 'P-3.12-02', 'SHOULD', false],
        ['replay › create-alice', 'auto.status', 'P-3.3-06', 'MUST', true],
        ['replay › create-alice', 'auto.scim.location', 'P-3.3-08', 'MUST', true],
        ['replay › create-alice', 'auto.scim.resource', 'S-3-01', 'MUST', true],
        ['replay › create-alice', 'auto.scim.resource', 'S-3.1-03', 'MUST', true],
        ['replay › create-alice', 'auto.scim.contentType', 'P-8.1-01', 'SHOULD', true],
        ['replay › create-alice', 'auto.scim.contentType', 'P-3.8-03', 'MUST', true],
        ['replay › create-alice', 'auto.scim.contentType', 'P-3.8-01', 'MUST', true],
        ['replay › create-alice', 'body.match', 'okta.md §4.2', 'MUST', false],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('buildCoverage', () => {
  const items: ChecklistItem[] = parseChecklist(MD);
  const check = (id: string | undefined, severity: DeclaredCheck['severity'], extra: Partial<DeclaredCheck> = {}): DeclaredCheck => ({
    scenarioId: 'rfc/a',
    phase: 'steps',
    step: 's',
    check: 'status',
    requirement: id ? { source: 'RFC7644', id } : { source: 'okta', doc: 'okta.md §6' },
    severity,
    auto: false,
    ...extra,
  });

  it('counts a MUST as enforced only by a MUST check, and records weaker ones', () => {
    const map = buildCoverage(items, [check('P-3.3-06', 'MUST'), check('S-2.1-02', 'MAY'), check('P-3.3-07', 'SHOULD'), check(undefined, 'MUST'), check('P-9-99', 'MUST')]);
    expect(map.entries.map((e) => [e.item.id, e.state])).toEqual([
      ['P-3.3-06', 'enforced'],
      ['P-3.3-07', 'enforced'],
      ['S-2.1-02', 'recorded'],
      ['X-9865-02', 'not-enforced'],
      ['P-7.4-01', 'not-checkable'],
    ]);
    expect(map.entries[4]?.reason).toBe('Review only.');
    // Core server-checkable MUSTs: P-3.3-06 and S-2.1-02 (X- items are optional features).
    expect(map.summary).toMatchObject({ serverCheckableMust: 2, serverCheckableMustEnforced: 1, serverCheckableMustPercent: 50 });
    expect(map.idp).toEqual([{ idp: 'okta', doc: 'okta.md §6', checks: [{ scenarioId: 'rfc/a', step: 's', check: 'status', severity: 'MUST', auto: false }] }]);
    expect(map.unknownIds).toEqual(['P-9-99']);
  });

  it('renders the same bytes for the same map, with the measured share', () => {
    const map = buildCoverage(items, [check('P-3.3-06', 'MUST')]);
    const md = renderCoverageMarkdown(map, { regenerate: 'npm run coverage:docs' });
    expect(renderCoverageMarkdown(map, { regenerate: 'npm run coverage:docs' })).toBe(md);
    expect(md).toContain('**1 / 2 (50.0%)**');
    expect(md).toContain('- **S-2.1-02** (7643 §2.1)');
    expect(renderCoverageText(map, { missingOnly: true })).not.toContain('P-3.3-06 ');
  });
});

describe('resultsByRequirement', () => {
  const checkResult = (id: string, status: 'passed' | 'failed' | 'errored' | 'skipped', severity: CheckResult['severity'] = 'MUST'): CheckResult => {
    const base = { checkId: 'status', title: 't', requirement: { source: 'RFC7644' as const, section: '3.3', id }, severity, blocks: [] };
    if (status === 'failed') return { ...base, status, expected: 201, actual: 200, message: 'm' };
    if (status === 'skipped') return { ...base, status, reason: 'r' };
    if (status === 'errored') return { ...base, status, error: { code: 'INTERNAL', severity: 'error', message: 'e' } };
    return { ...base, status };
  };
  const run = {
    scenarios: [
      { id: 'rfc/a', steps: [{ name: 's1', checks: [checkResult('P-3.3-06', 'passed'), checkResult('P-3.3-08', 'failed', 'SHOULD')] }] },
      { id: 'rfc/b', steps: [{ name: 's2', checks: [checkResult('P-3.3-08', 'passed', 'MUST'), checkResult('P-3.6-01', 'skipped')] }] },
    ],
  } as unknown as RunResult;

  it('groups checks by requirement, failing requirements first, with the strongest severity', () => {
    const got = resultsByRequirement(run);
    expect(got.map((g) => [g.key, g.status, g.severity, g.counts.passed, g.counts.failed])).toEqual([
      ['P-3.3-08', 'failed', 'MUST', 1, 1],
      ['P-3.3-06', 'passed', 'MUST', 1, 0],
      ['P-3.6-01', 'skipped', 'MUST', 0, 0],
    ]);
    expect(got[0]?.checks).toEqual([
      { scenarioId: 'rfc/a', step: 's1', checkId: 'status', status: 'failed' },
      { scenarioId: 'rfc/b', step: 's2', checkId: 'status', status: 'passed' },
    ]);
  });
});

describe('scimctl coverage', () => {
  it('prints the measured share and the requirements no check enforces', async () => {
    const { runCoverageCommand } = await import('../../src/cli/run-coverage.js');
    let out = '';
    let err = '';
    const io = {
      stdout: { write: (t: string) => void (out += t) },
      stderr: { write: (t: string) => void (err += t) },
      env: {},
      cwd: process.cwd(),
      isTTY: false,
      onInterrupt: () => () => {},
    };
    expect(runCoverageCommand({ missing: true }, io)).toBe(0);
    expect(err).toBe('');
    expect(out).toMatch(/^Server-checkable MUSTs enforced: \d+\/159 \(\d+\.\d%\)/);
    expect(out).toContain('P-7.2-02');
    expect(out).not.toMatch(/^P-3\.3-06 /m);
    expect(runCoverageCommand({ format: 'yaml' }, io)).toBe(2);
    out = '';
    expect(runCoverageCommand({ format: 'json' }, io)).toBe(0);
    expect(JSON.parse(out).summary.serverCheckableMust).toBe(159);
  });
});
