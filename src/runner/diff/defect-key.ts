/**
 * The key of the defect a failed check belongs to: `checkId @ requirement`
 * (`status @ S-7-24`, `body.path/scimType @ P-3.3-09`), the shape the verdict
 * model (issue 11) uses, so a difference and the verdict name the same defect.
 */
import type { CheckResult } from '../types.js';

export function defectKeyOf(check: Pick<CheckResult, 'checkId' | 'requirement'>): string {
  const r = check.requirement;
  const req = r.id ?? (r.doc ? `${r.source}: ${r.doc}` : `${r.source} §${r.section ?? ''}`);
  return `${check.checkId} @ ${req}`;
}
