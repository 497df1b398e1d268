/**
 * Pure functions of the result tree (docs/verdicts.md): defects, per-IdP
 * readiness, the RFC MUST tally by each item's own grade, the baseline
 * comparison and the exit code (house style §10, §13).
 */
import { EXIT_CODES, type ExitCode } from '../core/errors.js';
import { blocksOf, groupDefects, isBlockingDefect, isFailure, isRfcGate, scenarioIdps } from './defects.js';
import type { Defect, IdpKey } from './defects.js';
import { gradeOf } from './grading.js';
import { isErratum } from './load/parse-requirement.js';
import { CHECK_STATUSES } from './types.js';
import type { CheckResult, CheckStatus, RunResult, ScenarioResult, SupportEntry } from './types.js';

export type { Defect, DefectBlock, DefectHit, IdpKey } from './defects.js';
export { isFailure } from './defects.js';

export interface IdpReadiness {
  key: IdpKey;
  label: string;
  /** blocked: a defect with this IdP's documented need failed; ready: its traffic ran and nothing it needs failed. */
  state: 'ready' | 'blocked' | 'not-tested';
  /** Keys of the defects that block it. */
  defects: string[];
  /** Failing checks behind those defects. */
  blockingFailures: number;
  /** Judged checks (passed, failed or errored) in the scenarios that replay this IdP's traffic. */
  checks: number;
}

export interface RfcArea {
  area: string;
  passed: number;
  total: number;
}

export interface BaselineComparison {
  /** Failures the baseline accepts. */
  known: string[];
  /** Failures the baseline does not list: these gate. */
  new: string[];
  /** Baseline entries that now pass (or no longer run). */
  fixed: string[];
}

export interface Verdict {
  /** From EXIT_CODES: ok, failed (something blocking), target (unreachable, credentials rejected). */
  exitCode: ExitCode;
  /** Failing checks that block an IdP or break an RFC MUST (not yet accepted by a baseline). */
  blockingFailures: number;
  /** Defects that block an IdP or break an RFC MUST. */
  blockingDefects: number;
  counts: Record<CheckStatus, number>;
  idps: IdpReadiness[];
  /** RFC MUST-graded checklist items that were judged, and how many passed every check; RFC MUST defects. */
  rfc: { mustPassed: number; mustTotal: number; areas: RfcArea[]; gateDefects: number };
  defects: Defect[];
  supports: SupportEntry[];
}

export const IDP_LABELS: Record<IdpKey, string> = {
  okta: 'Okta',
  'entra-aadopt': 'Entra (aadOptscim062020)',
  'entra-default': 'Entra (default)',
  mezmo: 'Mezmo',
};

/**
 * A failure fails the run when it blocks an IdP (cited evidence), breaks an RFC MUST (graded), or is an errored
 * check: the target gave no answer that could be judged (timeout, reset, HTML, invalid JSON, an endless body).
 */
export function isBlocking(check: CheckResult): boolean {
  return isFailure(check) && (check.blocks.length > 0 || isRfcGate(check) || check.status === 'errored');
}

/** Stable key of one check for baselines: `scenario › step › checkId`. */
export function failureKey(scenario: ScenarioResult, stepName: string, check: CheckResult): string {
  return `${scenario.id} › ${stepName} › ${check.checkId}`;
}

export function* allChecks(run: RunResult): Generator<{ scenario: ScenarioResult; stepName: string; check: CheckResult }> {
  for (const scenario of run.scenarios) {
    for (const step of scenario.steps) {
      for (const check of step.checks) yield { scenario, stepName: step.name, check };
    }
  }
}

export function blockingFailureKeys(run: RunResult): string[] {
  const keys: string[] = [];
  for (const { scenario, stepName, check } of allChecks(run)) {
    if (isBlocking(check)) keys.push(failureKey(scenario, stepName, check));
  }
  return [...new Set(keys)];
}

export function compareBaseline(run: RunResult, baseline: readonly string[]): BaselineComparison {
  const current = new Set(blockingFailureKeys(run));
  const accepted = new Set(baseline);
  return {
    known: [...current].filter((k) => accepted.has(k)),
    new: [...current].filter((k) => !accepted.has(k)),
    fixed: [...accepted].filter((k) => !current.has(k)),
  };
}

/** `Okta: blocked by 1 defect (78 failing checks)`, `Okta: ready`, `Okta: not tested`. */
export function idpVerdictText(idp: IdpReadiness): string {
  if (idp.state === 'ready') return `${idp.label}: ready`;
  if (idp.state === 'not-tested') return `${idp.label}: not tested`;
  const n = idp.defects.length;
  const m = idp.blockingFailures;
  return `${idp.label}: blocked by ${n} defect${n === 1 ? '' : 's'} (${m} failing check${m === 1 ? '' : 's'})`;
}

function rfcArea(check: CheckResult): string {
  const r = check.requirement;
  // Errata are grouped as one area per RFC: an erratum number is not a section.
  const top = isErratum(r) ? '' : (r.section ?? '').split('.').slice(0, 2).join('.');
  return `RFC ${r.source.slice(3)}${isErratum(r) ? ' errata' : top ? ` §${top}` : ''}`;
}

export function computeVerdict(run: RunResult, baseline?: readonly string[]): Verdict {
  const counts = Object.fromEntries(CHECK_STATUSES.map((s) => [s, 0])) as Record<CheckStatus, number>;
  const defects = groupDefects(run);
  const idps: IdpReadiness[] = (Object.keys(IDP_LABELS) as IdpKey[]).map((key) => ({
    key,
    label: IDP_LABELS[key],
    state: 'not-tested',
    defects: [],
    blockingFailures: 0,
    checks: 0,
  }));
  const byKey = new Map(idps.map((i) => [i.key, i]));
  const ran = new Set<IdpKey>();
  // The RFC tally counts checklist items graded MUST by their own level; an item passes when every judged check citing it passed.
  const items = new Map<string, { area: string; ok: boolean }>();
  for (const scenario of run.scenarios) {
    const own = scenarioIdps(scenario.tags, run.target.entraMode);
    if (scenario.status !== 'skipped') for (const k of own) ran.add(k);
    for (const step of scenario.steps) {
      for (const check of step.checks) {
        counts[check.status]++;
        if (check.status !== 'passed' && !isFailure(check)) continue;
        for (const k of own) (byKey.get(k) as IdpReadiness).checks++;
        if (isFailure(check)) for (const b of blocksOf(scenario, check, run.target.entraMode)) (byKey.get(b.idp) as IdpReadiness).blockingFailures++;
        const r = check.requirement;
        if ((r.source === 'RFC7643' || r.source === 'RFC7644') && r.id && gradeOf(r) === 'MUST') {
          const seen = items.get(r.id) ?? { area: rfcArea(check), ok: true };
          seen.ok &&= check.status === 'passed';
          items.set(r.id, seen);
        }
      }
    }
  }
  for (const d of defects) for (const b of d.blocks) byKey.get(b.idp)?.defects.push(d.key);
  for (const idp of idps) idp.state = idp.defects.length > 0 ? 'blocked' : ran.has(idp.key) ? 'ready' : 'not-tested';

  const areas = new Map<string, RfcArea>();
  let mustPassed = 0;
  for (const { area, ok } of items.values()) {
    const a = areas.get(area) ?? { area, passed: 0, total: 0 };
    a.total++;
    if (ok) {
      a.passed++;
      mustPassed++;
    }
    areas.set(area, a);
  }
  const blocking = baseline ? compareBaseline(run, baseline).new.length : blockingFailureKeys(run).length;
  const exitCode: Verdict['exitCode'] = run.fatal ? EXIT_CODES.target : blocking > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  return {
    exitCode,
    blockingFailures: blocking,
    blockingDefects: defects.filter(isBlockingDefect).length,
    counts,
    idps,
    rfc: {
      mustPassed,
      mustTotal: items.size,
      areas: [...areas.values()].sort((a, b) => a.area.localeCompare(b.area, 'en', { numeric: true })),
      gateDefects: defects.filter((d) => d.rfcGate).length,
    },
    defects,
    supports: run.supports ?? [],
  };
}
