/**
 * Given the evidence table (src/runner/evidence.ts), when scenarios cite IdP
 * needs and a full run produces check results, then every IdP block rests on
 * a row that may block, docs/verdicts.md shows the table as it is, and an
 * inferred row or a scenario tag blocks nothing.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { blockingEvidence } from '../../../src/runner/blocking.js';
import { canBlock, citedRefs, EVIDENCE, evidenceRow, resolveCitation, withEvidenceTable } from '../../../src/runner/evidence.js';
import { runMock } from '../../suites/mock-run.js';
import { FAULTS } from '../../suites/fault-layer.js';

describe('evidence table', () => {
  it('docs/verdicts.md shows the current table (regenerate with `npm run docs:verdicts`)', () => {
    const doc = readFileSync('docs/verdicts.md', 'utf8');
    expect(doc).toBe(withEvidenceTable(doc));
  });

  it('rows are unique and name their sources', () => {
    expect(new Set(EVIDENCE.map((r) => r.ref)).size).toBe(EVIDENCE.length);
    for (const r of EVIDENCE) expect(r.sources.length, r.ref).toBeGreaterThan(0);
  });

  it('citations split into references and match the longest row on a word boundary', () => {
    expect(citedRefs('okta.md §3, §10 item 4 (ory/polis#4054)')).toEqual(['okta.md §3', 'okta.md §10 item 4 (ory/polis#4054)']);
    expect(citedRefs('mezmo-scim-setup.txt (group sync); entra.md §3')).toEqual(['mezmo-scim-setup.txt (group sync)', 'entra.md §3']);
    expect(evidenceRow('entra.md §3 (Read by id)')?.ref).toBe('entra.md §3 (Read by id)');
    expect(evidenceRow('entra.md §3 (Something else)')?.ref).toBe('entra.md §3');
    expect(evidenceRow('okta.md §4.1 (percent-encoded)')?.ref).toBe('okta.md §4.1');
    // §4 must not swallow §4.1, nor §1 swallow §10.
    expect(evidenceRow('okta.md §4.25')).toBeUndefined();
    expect(evidenceRow('okta.md §10 item 4')?.ref).toBe('okta.md §10 item 4');
    expect(resolveCitation('okta.md §99').unknown).toEqual(['okta.md §99']);
  });

  it('an inferred row is cited but blocks nothing; a seen one blocks its IdP', () => {
    const inferred = evidenceRow('okta.md §7.4');
    expect(inferred && canBlock(inferred)).toBe(false);
    expect(blockingEvidence({ source: 'okta', doc: 'okta.md §7.4' }, [])).toEqual({ idps: [], refs: [] });
    expect(blockingEvidence({ source: 'RFC7644', section: '3.3', id: 'P-3.3-09' }, ['okta.md §4.2', 'entra.md §2.3'])).toEqual({
      idps: ['entra', 'okta'],
      refs: ['okta.md §4.2', 'entra.md §2.3'],
    });
    // An RFC citation alone blocks no IdP, whatever scenario it sits in.
    expect(blockingEvidence({ source: 'RFC7644', section: '3.3', id: 'P-3.3-08' }, [])).toEqual({ idps: [], refs: [] });
  });

  it('no check of a full run blocks an IdP without a blocking row (against a server with faults, so checks fail)', async () => {
    const wrap = FAULTS.itemsPerPageIsCount;
    for (const profile of ['rfc', 'mezmo'] as const) {
      const run = await runMock({ profile, strict: true, wrap });
      let blocking = 0;
      for (const s of run.scenarios) {
        for (const step of s.steps) {
          for (const c of step.checks) {
            if (c.blocks.length === 0) continue;
            blocking++;
            expect(c.evidence?.length, `${s.id} › ${step.name} › ${c.checkId}`).toBeGreaterThan(0);
            const rows = (c.evidence ?? []).map((ref) => evidenceRow(ref));
            for (const row of rows) expect(row && canBlock(row), `${s.id} › ${c.checkId}: ${String(row?.ref)}`).toBe(true);
            expect([...new Set(rows.map((r) => r?.idp))].sort()).toEqual([...c.blocks].sort());
          }
        }
      }
      expect(blocking).toBeGreaterThan(0);
    }
  });
});
