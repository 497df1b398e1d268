/**
 * The verdict model the reporters read (issue 11): defects, what the server
 * supports, per-IdP defect keys, as the runner computes them (type-only: the
 * reporters never import the runner's values but through result-queries.ts).
 */
import type { RunResult } from '../runner/types.js';
import type { IdpReadiness, Verdict } from '../runner/verdict.js';

export type { Defect, DefectBlock, DefectHit } from '../runner/defects.js';
export type { SupportEntry } from '../runner/types.js';
import type { Defect } from '../runner/defects.js';
import type { SupportEntry } from '../runner/types.js';

export type ReportIdp = IdpReadiness;
export type ReportVerdict = Verdict;

export function defectsOf(v: ReportVerdict): Defect[] {
  return v.defects ?? [];
}

export function supportsOf(v: ReportVerdict, _run: RunResult): SupportEntry[] {
  return v.supports ?? [];
}

export function idpDefectKeys(i: ReportIdp): string[] {
  return i.defects ?? [];
}
