/**
 * The key of the defect a failed check belongs to: the verdict model's own
 * key (src/runner/defects.ts), so a difference and the verdict name the same
 * defect.
 */
import { defectKey } from '../defects.js';
import type { CheckResult } from '../types.js';

export function defectKeyOf(check: CheckResult): string {
  return defectKey(check);
}
