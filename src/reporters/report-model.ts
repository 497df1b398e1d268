/**
 * The verdict model the reporters read (issue 11): defects, what the server
 * supports, per-IdP defect keys. Interim copy of the runner's shapes until
 * src/runner/defects.ts lands; then these become re-exports.
 */
import type { ExchangeLog, Requirement, RunResult, Severity } from '../runner/types.js';
import type { IdpKey, IdpReadiness, Verdict } from '../runner/verdict.js';

export interface DefectBlock {
  idp: IdpKey;
  /** The evidence row's ref (`okta.md §4.2`). */
  evidence: string;
  /** The row's sources, for the reader (`okta.md §4.2 [seen: REF20, LEGACY]`). */
  source: string;
  need: string;
}

export interface DefectHit {
  scenario: string;
  step: string;
}

export interface Defect {
  key: string;
  checkId: string;
  title: string;
  requirement: Requirement;
  requirementLabel: string;
  severity: Severity;
  blocks: DefectBlock[];
  rfcGate: boolean;
  failingChecks: number;
  scenarios: string[];
  hits: DefectHit[];
  first: { scenario: string; step: string; message: string; expected?: unknown; actual?: unknown; exchange?: ExchangeLog };
}

export interface SupportEntry {
  feature: string;
  state: 'supported' | 'unsupported' | 'refused-by-design' | 'unknown';
  how: 'discovery' | 'probe' | 'refusal' | 'assumed';
  detail?: string;
}

export type ReportIdp = IdpReadiness & { defects?: string[] };
export type ReportVerdict = Omit<Verdict, 'idps'> & { idps: ReportIdp[]; defects?: Defect[]; supports?: SupportEntry[]; blockingDefects?: number };

export function defectsOf(v: ReportVerdict): Defect[] {
  return v.defects ?? [];
}

export function supportsOf(v: ReportVerdict, _run: RunResult): SupportEntry[] {
  return v.supports ?? [];
}

export function idpDefectKeys(i: ReportIdp): string[] {
  return i.defects ?? [];
}
