/**
 * Given checklist IDs as scenarios write them, then each names the RFC it
 * belongs to: errata by the checklist's errata register, shown by number
 * (`RFC 7643 erratum 8471`), never as a section.
 */
import { describe, expect, it } from 'vitest';
import { rfcTotals } from '../../../src/reporters/format.js';
import { parseChecklist } from '../../../src/runner/coverage/checklist.js';
import { formatRequirement, parseRequirement } from '../../../src/runner/load/parse-requirement.js';
import type { CheckResult } from '../../../src/runner/types.js';
import { computeVerdict } from '../../../src/runner/verdict.js';
import { runFixture } from '../reporters/run-fixture.js';

const label = (id: string) => {
  const r = parseRequirement(id);
  return r && `${r.source} ${formatRequirement(r)}`;
};

describe('errata', () => {
  it('RFC 7643 errata are RFC 7643, RFC 7644 errata RFC 7644, each cited by number', () => {
    expect(label('E-8471-01')).toBe('RFC7643 RFC 7643 erratum 8471 (E-8471-01)');
    expect(label('E-8472-01')).toBe('RFC7643 RFC 7643 erratum 8472 (E-8472-01)');
    expect(label('E-7898-01')).toBe('RFC7644 RFC 7644 erratum 7898 (E-7898-01)');
    expect(label('P-3.3-06')).toBe('RFC7644 RFC 7644 §3.3 (P-3.3-06)');
  });

  it('the checklist takes an erratum\'s RFC from its errata register', () => {
    const md = [
      '## 29. ERRATA',
      '| ID | § | Level | Req | Check | Ext |',
      '| E-8471-01 | erratum 8471 | DEF | groups.$ref | check | Y |',
      '| E-7898-01 | erratum 7898 | DEF | error JSON | check | Y |',
      '## Errata register (RFC 7643 / RFC 7644)',
      '| EID | RFC / § | Status | Change | Effect |',
      '| 8471 | 7643 §8.7.1 | Verified | x | E-8471-01 |',
      '| 7898 | 7644 §3.12 | Verified | x | E-7898-01 |',
    ].join('\n');
    expect(parseChecklist(md).map((i) => [i.id, i.rfc])).toEqual([
      ['E-8471-01', '7643'],
      ['E-7898-01', '7644'],
    ]);
    expect(() => parseChecklist(md.replace('| 8471 | 7643', '| 1111 | 7643'))).toThrow(/E-8471-01 \(an erratum missing from the errata register\)/);
  });

  it('an erratum graded DEF is not an RFC MUST: it stays out of the tally', () => {
    const run = runFixture();
    const requirement = parseRequirement('E-8471-01');
    if (!requirement) throw new Error('E-8471-01 does not parse');
    const check: CheckResult = { checkId: 'c', title: 't', status: 'passed', requirement, severity: 'MUST', blocks: [] };
    run.scenarios[0]?.steps[0]?.checks.push(check);
    const v = computeVerdict(run);
    expect(v.rfc.areas.map((a) => a.area)).toEqual(['RFC 7644 §3.3']);
    expect(rfcTotals(v).map((t) => `${t.rfc} ${t.passed}/${t.total}`)).toEqual(['RFC 7644 0/1']);
  });
});
