/**
 * The key of the defect a failed check belongs to, `checkId @ requirement`
 * (`status @ P-3.3-06`, `status @ entra.md entra.md §2.5`): the verdict
 * model's key (issue 11), as docs/field-report.md and field/lib/extract.mjs
 * write it, so a difference and the verdict name the same defect.
 * TODO(issue 11): import the verdict model's own function once src/runner/defects.ts lands.
 */
import type { CheckResult } from '../types.js';

export function defectKeyOf(check: Pick<CheckResult, 'checkId' | 'requirement'>): string {
  const r = check.requirement;
  const label =
    r.source === 'RFC7643' || r.source === 'RFC7644'
      ? (r.id ?? `RFC ${r.source.slice(3)}${r.section ? ` §${r.section}` : ''}`)
      : `${r.source}.md ${r.doc ?? ''}`.trim();
  return `${check.checkId} @ ${label}`;
}
