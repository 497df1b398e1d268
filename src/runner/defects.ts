/**
 * Failures grouped into defects (docs/verdicts.md, "Defects"): the same check
 * and requirement failing in many steps and scenarios is one thing to fix,
 * counted once, with the IdPs it blocks, why, and its first failing exchange.
 */
import { requirementKey } from './coverage/by-requirement.js';
import { citedRefs, evidenceRow } from './evidence.js';
import { gradeOf, maxSeverity } from './grading.js';
import { formatRequirement } from './load/parse-requirement.js';
import type { CheckResult, EntraMode, ExchangeLog, Requirement, RunResult, ScenarioResult, Severity } from './types.js';

export type IdpKey = 'okta' | 'entra-aadopt' | 'entra-default' | 'mezmo';

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
  /** Stable across runs and servers: `<check id> @ <requirement>`. */
  key: string;
  checkId: string;
  title: string;
  requirement: Requirement;
  requirementLabel: string;
  severity: Severity;
  /** IdPs this defect blocks, each with the evidence that says so; empty when it blocks none. */
  blocks: DefectBlock[];
  /** An RFC MUST failure: fails the run under "RFC" whether or not an IdP is blocked. */
  rfcGate: boolean;
  /** The target could not be judged at all (no answer, a reset, HTML, invalid JSON, an endless body): fails the run. */
  targetError?: boolean;
  failingChecks: number;
  scenarios: string[];
  hits: DefectHit[];
  first: { scenario: string; step: string; message: string; expected?: unknown; actual?: unknown; exchange?: ExchangeLog };
}

export function isFailure(check: CheckResult): check is Extract<CheckResult, { status: 'failed' | 'errored' }> {
  return check.status === 'failed' || check.status === 'errored';
}

/**
 * An RFC MUST failure: the cited checklist item is graded MUST and the check was not declared weaker. A check made
 * stricter than its item by an IdP need fails the run through that IdP, not under "RFC".
 */
export function isRfcGate(check: CheckResult): boolean {
  return isFailure(check) && check.severity === 'MUST' && gradeOf(check.requirement) === 'MUST';
}

/** The Entra mode a run cannot speak for: a Tenant URL with ?aadOptscim062020 is flag mode only (entra.md §0). */
function excludedMode(entraMode: EntraMode | undefined): IdpKey | undefined {
  return entraMode === 'aadopt' ? 'entra-default' : entraMode === 'default' ? 'entra-aadopt' : undefined;
}

/** The IdP readiness keys a scenario's traffic speaks for, in this run's Entra mode. */
export function scenarioIdps(tags: readonly string[], entraMode?: EntraMode): IdpKey[] {
  const out: IdpKey[] = [];
  if (tags.includes('okta')) out.push('okta');
  if (tags.includes('entra-aadopt')) out.push('entra-aadopt');
  if (tags.includes('entra')) out.push('entra-default');
  if (tags.includes('mezmo')) out.push('mezmo');
  return out.filter((k) => k !== excludedMode(entraMode));
}

/**
 * The readiness keys one failed check blocks, each with its evidence. An Entra need blocks the Entra mode whose
 * traffic the scenario replays (both for mode-neutral scenarios). In a Mezmo scenario every blocked IdP flow also
 * blocks Mezmo: its set-up guide prescribes those flows.
 */
export function blocksOf(scenario: Pick<ScenarioResult, 'tags'>, check: CheckResult, entraMode?: EntraMode): DefectBlock[] {
  const out: DefectBlock[] = [];
  const add = (idp: IdpKey, ref: string) => {
    if (out.some((b) => b.idp === idp)) return;
    const row = evidenceRow(ref);
    out.push({ idp, evidence: ref, source: row ? `${row.ref} [${row.basis}: ${row.sources}]` : ref, need: row?.need ?? '' });
  };
  const tags = scenario.tags;
  for (const ref of check.evidence ?? []) {
    const row = evidenceRow(ref);
    if (!row) continue;
    if (row.idp === 'okta') add('okta', ref);
    if (row.idp === 'mezmo') add('mezmo', ref);
    if (row.idp === 'entra') {
      const aadopt = tags.includes('entra-aadopt');
      const plain = tags.includes('entra');
      if (aadopt || !plain) add('entra-aadopt', ref);
      if (plain || !aadopt) add('entra-default', ref);
    }
  }
  if (out.length > 0 && tags.includes('mezmo')) add('mezmo', 'mezmo-scim-setup.txt');
  return out.filter((b) => b.idp !== excludedMode(entraMode));
}

/** `body.path/Resources/3/id` → `body.path/Resources/*\/id`: the element index is where, not what. */
function normalisedCheckId(check: CheckResult): string {
  const id = check.checkId.replace(/\/\d+(?=\/|$)/g, '/*');
  if (check.status === 'errored') return `${id} !${check.error.code}`;
  if (check.checkId === 'status' && check.status === 'failed') return `status=${String(check.expected)}`;
  return id;
}

/** An IdP citation by the evidence rows it names (`okta.md §7.3`), so its wording does not split a defect. */
function defectRequirementKey(r: Requirement): string {
  if (r.source === 'RFC7643' || r.source === 'RFC7644' || !r.doc) return requirementKey(r);
  const refs = citedRefs(r.doc).map((ref) => evidenceRow(ref)?.ref ?? ref);
  return refs.length > 0 ? `${r.source}: ${[...new Set(refs)].join('; ')}` : requirementKey(r);
}

export function defectKey(check: CheckResult): string {
  return `${normalisedCheckId(check)} @ ${defectRequirementKey(check.requirement)}`;
}

/** Every failed or errored check of the run, grouped; blocking and gating defects first, then the most hit. */
export function groupDefects(run: RunResult): Defect[] {
  const byKey = new Map<string, Defect>();
  for (const scenario of run.scenarios) {
    for (const step of scenario.steps) {
      for (const check of step.checks) {
        if (!isFailure(check)) continue;
        const key = defectKey(check);
        let d = byKey.get(key);
        if (!d) {
          d = {
            key,
            checkId: check.checkId,
            title: check.title,
            requirement: check.requirement,
            requirementLabel: formatRequirement(check.requirement),
            severity: check.severity,
            blocks: [],
            rfcGate: false,
            targetError: false,
            failingChecks: 0,
            scenarios: [],
            hits: [],
            first: {
              scenario: scenario.id,
              step: step.name,
              message: check.status === 'failed' ? check.message : check.error.message,
              ...(check.status === 'failed' ? { expected: check.expected, actual: check.actual } : {}),
              ...(step.exchange ? { exchange: step.exchange } : {}),
            },
          };
          byKey.set(key, d);
        }
        d.severity = maxSeverity(d.severity, check.severity);
        d.rfcGate ||= isRfcGate(check);
        d.targetError ||= check.status === 'errored';
        for (const b of blocksOf(scenario, check, run.target.entraMode)) if (!d.blocks.some((x) => x.idp === b.idp)) d.blocks.push(b);
        d.failingChecks++;
        if (!d.scenarios.includes(scenario.id)) d.scenarios.push(scenario.id);
        if (!d.hits.some((h) => h.scenario === scenario.id && h.step === step.name)) d.hits.push({ scenario: scenario.id, step: step.name });
      }
    }
  }
  const weight = (d: Defect) => (d.blocks.length > 0 ? 2 : 0) + (d.rfcGate || d.targetError ? 1 : 0);
  return [...byKey.values()]
    .map((d) => ({ ...d, blocks: [...d.blocks].sort((a, b) => a.idp.localeCompare(b.idp)) }))
    .sort((a, b) => weight(b) - weight(a) || b.failingChecks - a.failingChecks || a.key.localeCompare(b.key));
}

/** A defect that fails the run: it blocks an IdP, breaks an RFC MUST, or is a target that could not answer. */
export function isBlockingDefect(d: Defect): boolean {
  return d.blocks.length > 0 || d.rfcGate || d.targetError === true;
}
