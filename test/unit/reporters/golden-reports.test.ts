/**
 * Golden reporter output (issue 11): given a run with a cascade (a step whose
 * status check failed, so its body checks are not judged and the next step is
 * skipped as depending on it), a defect hit 30 times in 3 scenarios, an RFC MUST
 * defect, a SHOULD that blocks nothing and a lawfully refused filter, when each
 * reporter renders it, then the text equals the file under golden/ exactly
 * (durations replaced with [...]). The verdict is the runner's own.
 * Update after a deliberate change with `npx vitest run test/unit/reporters/golden-reports.test.ts -u`
 * and read the diff.
 */
import { Chalk } from 'chalk';
import { describe, expect, it } from 'vitest';
import { htmlText } from '../../../src/reporters/html-reporter.js';
import { jsonReport } from '../../../src/reporters/json-reporter.js';
import { junitXml } from '../../../src/reporters/junit-reporter.js';
import { markdownText } from '../../../src/reporters/markdown-reporter.js';
import { prettySummary } from '../../../src/reporters/pretty-reporter.js';
import { tapText } from '../../../src/reporters/tap-reporter.js';
import { computeVerdict } from '../../../src/runner/verdict.js';
import { defectsRun } from '../../fixtures/reports/defects-run.js';

const run = defectsRun();
const summary = { verdict: computeVerdict(run) };
const plain = new Chalk({ level: 0 });
const scrub = (s: string) => s.replace(/\d+(\.\d+)? (ms|s)\b/g, '[...]').replace(/time="[\d.]+"/g, 'time="[...]"');

/** The scenario file the 30-times defect points into, so pretty shows it Hurl-style. */
const SOURCES: Record<string, string> = {
  'scenarios/okta/import-users.yaml': [
    'id: okta/import-users',
    'name: Okta imports users page by page',
    'tags: [okta]',
    'steps:',
    '  - name: page 1',
    '    request: { method: GET, path: /Users, query: { startIndex: 1, count: 2 } }',
    '    expect:',
    '      status: 200',
    '      paths:',
    '        - pointer: /itemsPerPage',
    '          needs: ["okta.md §1 (ory/polis#4054)"]',
    '          equals: 1',
    '      scim:',
    '        - check: listResponse',
  ].join('\n'),
};
const readSource = (file: string) => SOURCES[file];

describe('the verdict behind the golden files', () => {
  it('groups the 30 hits into one defect and judges nothing behind the failed status', () => {
    const hit30 = summary.verdict.defects.find((d) => d.failingChecks === 30);
    expect(hit30?.scenarios).toEqual(['okta/import-users', 'okta/import-groups', 'rfc/pagination']);
    expect(summary.verdict.counts['not-judged']).toBe(3);
    expect(summary.verdict.defects.flatMap((d) => d.hits).filter((h) => h.step === 'read alice')).toEqual([]);
    expect(summary.verdict.idps.map((i) => [i.key, i.state])).toEqual([
      ['okta', 'blocked'],
      ['entra-aadopt', 'blocked'],
      ['entra-default', 'blocked'],
      ['mezmo', 'not-tested'],
    ]);
  });
});

describe('golden reporter output', () => {
  it('pretty', async () => {
    await expect(scrub(prettySummary(run, summary, plain, false, readSource))).toMatchFileSnapshot('golden/pretty.txt');
  });

  it('pretty --verbose keeps the per-check list', async () => {
    await expect(scrub(prettySummary(run, summary, plain, false, readSource, true))).toMatchFileSnapshot('golden/pretty-verbose.txt');
  });

  it('pretty under GITHUB_ACTIONS: one annotation per blocking defect', async () => {
    const lines = prettySummary(run, summary, plain, true, readSource).split('\n').filter((l) => l.startsWith('::'));
    await expect(`${lines.join('\n')}\n`).toMatchFileSnapshot('golden/pretty-annotations.txt');
  });

  it('pretty in colour differs only by ANSI codes (NO_COLOR gives the plain text)', () => {
    const coloured = prettySummary(run, summary, new Chalk({ level: 1 }), false, readSource);
    expect(coloured).toContain('\x1b[');
    // biome-ignore lint: the ANSI escape is the point
    expect(coloured.replace(/\x1b\[[0-9;]*m/g, '')).toBe(prettySummary(run, summary, plain, false, readSource));
  });

  it('junit', async () => {
    await expect(scrub(junitXml(run, summary))).toMatchFileSnapshot('golden/junit.xml');
  });

  it('tap', async () => {
    await expect(scrub(tapText(run, summary))).toMatchFileSnapshot('golden/report.tap');
  });

  it('markdown', async () => {
    await expect(scrub(markdownText(run, summary))).toMatchFileSnapshot('golden/summary.md');
  });

  it('html', async () => {
    await expect(htmlText(run, summary)).toMatchFileSnapshot('golden/report.html');
  });

  it('json: defects and supports at the top level', async () => {
    await expect(`${JSON.stringify({ defects: (jsonReport(run, summary) as { defects: unknown }).defects, supports: run.supports }, null, 2)}\n`).toMatchFileSnapshot('golden/defects.json');
  });
});
