/**
 * The field report's pure parts (field/lib/*.mjs, plain ESM so `npm run field`
 * needs no build): the record `--check` compares and its diff, the triage
 * file's validation, and the report rendering untriaged defects as UNTRIAGED.
 * These need none of field/'s own dependencies.
 */
import { describe, expect, it } from 'vitest';

interface FieldRecord {
  version: number;
  servers: Record<string, { packages: Record<string, string>; exitCode: number; idps: Record<string, string>; defects: Record<string, { blocks: string[]; rfcGate: boolean }> }>;
}
interface Triage {
  [server: string]: Record<string, { verdict: string; evidence: string; 'fixed-by'?: string }>;
}
const lib = (name: string): string => new URL(`../../field/lib/${name}`, import.meta.url).href;
const { diffRecords, embedRecord, readRecord }: {
  diffRecords(a: FieldRecord, b: FieldRecord): string[];
  embedRecord(r: FieldRecord): string;
  readRecord(markdown: string, file: string): FieldRecord;
} = await import(lib('record.mjs'));
const { parseTriage }: { parseTriage(text: string, file: string, servers: string[]): Triage } = await import(lib('triage.mjs'));
const { extractRun, recordOf }: { extractRun(report: unknown): Run; recordOf(run: Run): Omit<FieldRecord['servers'][string], 'packages'> } = await import(
  lib('extract.mjs')
);
const { renderReport }: { renderReport(results: unknown[], triage: Triage, record: FieldRecord): string } = await import(lib('render-report.mjs'));

interface Run {
  model: string;
  defects: { key: string; blocks: { idp: string }[]; failingChecks: number }[];
  supports: { feature: string; state: string }[];
  idps: { key: string; state: string }[];
}

const record = (over: Partial<FieldRecord['servers'][string]> = {}): FieldRecord => ({
  version: 1,
  servers: {
    scimmy: {
      packages: { scimmy: '1.3.5' },
      exitCode: 1,
      idps: { okta: 'blocked', mezmo: 'ready' },
      defects: { 'a @ P-1': { blocks: ['okta'], rfcGate: true } },
      ...over,
    },
  },
});

describe('the field record', () => {
  it('round-trips through the report, even with "-->" inside a key', () => {
    const r = record({ defects: { 'x --> y': { blocks: [], rfcGate: false } } });
    const markdown = `# report\n\nprose\n\n${embedRecord(r)}\n`;
    expect(readRecord(markdown, 'r.md')).toEqual(r);
  });

  it('is refused with the file named when the block is missing', () => {
    expect(() => readRecord('# no record', 'docs/field-report.md')).toThrow(/docs\/field-report\.md: no "<!-- field-record" block/);
  });

  it('diffs verdicts, defects, blocked IdPs and package versions, one line each', () => {
    expect(diffRecords(record(), record())).toEqual([]);
    const fresh = record({
      packages: { scimmy: '1.3.6' },
      idps: { okta: 'ready', mezmo: 'ready' },
      defects: { 'a @ P-1': { blocks: ['mezmo', 'okta'], rfcGate: true }, 'b @ P-2': { blocks: [], rfcGate: false } },
    });
    expect(diffRecords(record(), fresh)).toEqual([
      'scimmy: package scimmy 1.3.5 → 1.3.6',
      'scimmy: okta blocked → ready',
      'scimmy: defect "a @ P-1" blocks okta → mezmo, okta',
      'scimmy: new defect "b @ P-2" (blocks no IdP)',
    ]);
    expect(diffRecords(record(), record({ defects: {} }))).toEqual(['scimmy: defect no longer found "a @ P-1"']);
    expect(diffRecords(record(), { version: 1, servers: {} })).toEqual(['scimmy: server recorded but not run']);
  });
});

describe('field/triage.yaml', () => {
  const servers = ['scimmy', 'better-auth'];

  it('reads verdict, evidence and fixed-by per server and defect key', () => {
    const text = [
      'scimmy:',
      '  "a @ P-1":',
      '    verdict: true-deviation',
      '    evidence: RFC 7644 §3.4.2; the server answered 200 without totalResults',
      'better-auth:',
      '  "b @ P-2":',
      '    verdict: tester-fault',
      '    evidence: lawful per RFC 7644 §3.12',
      '    fixed-by: test/unit/x.test.ts',
    ].join('\n');
    expect(parseTriage(text, 'triage.yaml', servers)).toEqual({
      scimmy: { 'a @ P-1': { verdict: 'true-deviation', evidence: 'RFC 7644 §3.4.2; the server answered 200 without totalResults' } },
      'better-auth': { 'b @ P-2': { verdict: 'tester-fault', evidence: 'lawful per RFC 7644 §3.12', 'fixed-by': 'test/unit/x.test.ts' } },
    });
  });

  it('refuses a bad verdict, a missing evidence, an unknown server or field with file:line and the field', () => {
    expect(() => parseTriage('scimmy:\n  "a":\n    verdict: maybe\n    evidence: e\n', 't.yaml', servers)).toThrow(/^t\.yaml:3:14: scimmy\."a"\.verdict: expected true-deviation or tester-fault, got maybe/);
    expect(() => parseTriage('scimmy:\n  "a":\n    verdict: true-deviation\n', 't.yaml', servers)).toThrow(/^t\.yaml:2:3: scimmy\."a"\.evidence: missing/);
    expect(() => parseTriage('keycloak: {}\n', 't.yaml', servers)).toThrow(/^t\.yaml:1:1: keycloak: unknown server/);
    expect(() => parseTriage('scimmy:\n  "a":\n    verdict: true-deviation\n    evidence: e\n    why: x\n', 't.yaml', servers)).toThrow(/^t\.yaml:5:5: scimmy\."a"\.why: unknown field/);
    expect(() => parseTriage('scimmy:\n  "a":\n    verdict: true-deviation\n    evidence: e\n    fixed-by: c\n', 't.yaml', servers)).toThrow(/only a tester fault/);
  });
});

/** A JSON report as `scimctl test --reporter json` writes it, reduced to what the field report reads. */
function jsonReport(extra: object = {}): object {
  const check = (status: string, blocks: string[]) => ({
    checkId: 'scim.listResponse.itemsPerPage-count',
    title: 'itemsPerPage equals the number of Resources',
    requirement: { source: 'RFC7644', section: '3.4.2.4', id: 'P-3.4.2.4-08' },
    severity: 'MUST',
    blocks,
    status,
    ...(status === 'failed' ? { message: 'itemsPerPage is 20 but 0 resource(s) were returned', expected: 0, actual: 20 } : {}),
  });
  const exchange = { request: { method: 'GET', url: 'http://127.0.0.1:1/scim/v2/Users', headers: {} }, response: { status: 200, headers: {}, body: '{"itemsPerPage":20}' }, durationMs: 1 };
  return {
    tool: { name: 'scimctl', version: '0.1.0' },
    capabilities: { patch: true, bulk: false },
    discovery: [exchange],
    scenarios: [
      { id: 'okta/import', tags: ['okta'], steps: [{ name: 'list', exchange, checks: [check('failed', ['okta']), check('passed', ['okta'])] }] },
      { id: 'entra/sync', tags: ['entra'], steps: [{ name: 'list', exchange, checks: [check('failed', ['entra'])] }] },
    ],
    verdict: {
      exitCode: 1,
      counts: { passed: 1, failed: 2, errored: 0, skipped: 0 },
      rfc: { mustPassed: 0, mustTotal: 1, areas: [] },
      idps: [
        { key: 'okta', label: 'Okta', state: 'blocked', blockingFailures: 1, checks: 2 },
        { key: 'mezmo', label: 'Mezmo', state: 'not-tested', blockingFailures: 0, checks: 0 },
      ],
    },
    ...extra,
  };
}

describe('a run in the field report', () => {
  it('derives one defect per check id and requirement when the report has no defects member', () => {
    const run = extractRun(jsonReport());
    expect(run.model).toBe('derived');
    expect(run.defects.map((d) => [d.key, d.failingChecks, d.blocks.map((b) => b.idp)])).toEqual([
      ['scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08', 2, ['okta', 'entra-default']],
    ]);
    expect(run.supports).toEqual([
      { feature: 'patch', state: 'supported', how: 'discovery' },
      { feature: 'bulk', state: 'unsupported', how: 'discovery' },
    ]);
    expect(recordOf(run).defects).toEqual({ 'scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08': { blocks: ['entra-default', 'okta'], rfcGate: true } });
  });

  it("uses the report's own defects and supports when present", () => {
    const defects = [{ key: 'k @ P-1', blocks: [{ idp: 'mezmo', evidence: 'm1', source: 'mezmo guide', need: 'n' }], rfcGate: false, failingChecks: 3 }];
    const supports = [{ feature: 'filter.co', state: 'unsupported', how: 'refusal' }];
    const run = extractRun(jsonReport({ defects, supports }));
    expect(run.model).toBe('verdict-model');
    expect(run.defects).toEqual(defects);
    expect(run.supports).toEqual(supports);
  });

  it('prints an untriaged defect as UNTRIAGED and a triaged one with its evidence', () => {
    const run = extractRun(jsonReport());
    const server = { key: 'scimmy', label: 'SCIMMY', host: 'h.', script: 'servers/scimmy.mjs' };
    const results = [{ server, packages: { scimmy: '1.3.5' }, run }];
    const rec = { version: 1, servers: { scimmy: { packages: { scimmy: '1.3.5' }, ...recordOf(run) } } };
    const untriaged = renderReport(results, {}, rec);
    expect(untriaged).toMatch(/\| `scim\.listResponse\.itemsPerPage-count @ P-3\.4\.2\.4-08` \|.*\*\*UNTRIAGED\*\*/);
    expect(untriaged).toContain('1 untriaged');
    const key = 'scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08';
    const triaged = renderReport(results, { scimmy: { [key]: { verdict: 'true-deviation', evidence: 'RFC 7644 §3.4.2.4: itemsPerPage | is the page size' } } }, rec);
    expect(triaged).not.toContain('UNTRIAGED');
    expect(triaged).toContain('| true deviation | RFC 7644 §3.4.2.4: itemsPerPage \\| is the page size |');
    expect(readRecord(triaged, 'x')).toEqual(rec);
  });

  it('writes the names a run created as {run}, so a rerun renders the same text', () => {
    const report = jsonReport({ runId: 'r1a2b3' }) as { scenarios: { steps: { exchange: { request: { url: string } } }[] }[] };
    report.scenarios[0]!.steps[0]!.exchange = {
      ...report.scenarios[0]!.steps[0]!.exchange,
      request: { ...report.scenarios[0]!.steps[0]!.exchange.request, url: 'http://127.0.0.1:1/scim/v2/Users?filter=userName%20eq%20%22R1A2B3XYZW-f1%22' },
    };
    const run = extractRun(report);
    const server = { key: 'scimmy', label: 'SCIMMY', host: 'h.', script: 'servers/scimmy.mjs' };
    const rec = { version: 1, servers: { scimmy: { packages: {}, ...recordOf(run) } } };
    const text = renderReport([{ server, packages: {}, run }], {}, rec);
    expect(text).toContain('GET /Users?filter=userName eq "{run}-f1" → 200');
    expect(text).not.toMatch(/r1a2b3/i);
  });
});
