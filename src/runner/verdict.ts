/**
 * Pure functions of the result tree: which failures block, per-IdP readiness,
 * the RFC MUST tally, the baseline comparison and the exit code (house style §10, §13).
 */
import { EXIT_CODES, type ExitCode } from '../core/errors.js';
import { isErratum } from './load/parse-requirement.js';
import type { CheckResult, RunResult, ScenarioResult } from './types.js';

export type IdpKey = 'okta' | 'entra-aadopt' | 'entra-default' | 'mezmo';

export interface IdpReadiness {
  key: IdpKey;
  label: string;
  state: 'ready' | 'blocked' | 'not-tested';
  blockingFailures: number;
  /** Judged checks (passed, failed or errored) that concern this IdP. */
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
  blockingFailures: number;
  counts: { passed: number; failed: number; errored: number; skipped: number };
  idps: IdpReadiness[];
  /** Distinct RFC requirements with MUST checks, and how many of them every check passed. */
  rfc: { mustPassed: number; mustTotal: number; areas: RfcArea[] };
}

export const IDP_LABELS: Record<IdpKey, string> = {
  okta: 'Okta',
  'entra-aadopt': 'Entra (aadOptscim062020)',
  'entra-default': 'Entra (default)',
  mezmo: 'Mezmo',
};

export function isFailure(check: CheckResult): boolean {
  return check.status === 'failed' || check.status === 'errored';
}

/** A failure blocks when an IdP needs the behaviour or the RFC says MUST (docs/formats.md, "Blocking"). */
export function isBlocking(check: CheckResult): boolean {
  return isFailure(check) && (check.blocks.length > 0 || check.severity === 'MUST');
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

function concerns(key: IdpKey, scenario: ScenarioResult, check: CheckResult): boolean {
  const tags = scenario.tags;
  switch (key) {
    case 'okta':
      return check.blocks.includes('okta');
    case 'mezmo':
      return check.blocks.includes('mezmo');
    case 'entra-aadopt':
      return check.blocks.includes('entra') && !(tags.includes('entra') && !tags.includes('entra-aadopt'));
    case 'entra-default':
      return check.blocks.includes('entra') && !tags.includes('entra-aadopt');
  }
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

export function computeVerdict(run: RunResult, baseline?: readonly string[]): Verdict {
  const counts = { passed: 0, failed: 0, errored: 0, skipped: 0 };
  const idps: IdpReadiness[] = (Object.keys(IDP_LABELS) as IdpKey[]).map((key) => ({
    key,
    label: IDP_LABELS[key],
    state: 'not-tested',
    blockingFailures: 0,
    checks: 0,
  }));
  // The RFC tally counts requirements, not checks: one requirement passes when every MUST check citing it passed.
  const requirements = new Map<string, { area: string; ok: boolean }>();
  for (const { scenario, check } of allChecks(run)) {
    counts[check.status]++;
    if (check.status === 'skipped') continue;
    for (const idp of idps) {
      if (!concerns(idp.key, scenario, check)) continue;
      idp.checks++;
      if (isFailure(check)) idp.blockingFailures++;
    }
    const r = check.requirement;
    if ((r.source === 'RFC7643' || r.source === 'RFC7644') && check.severity === 'MUST') {
      // Errata are grouped as one area per RFC: an erratum number is not a section.
      const top = isErratum(r) ? '' : (r.section ?? '').split('.').slice(0, 2).join('.');
      const area = `RFC ${r.source.slice(3)}${isErratum(r) ? ' errata' : top ? ` §${top}` : ''}`;
      const key = r.id ?? `${r.source} §${r.section ?? ''}`;
      const seen = requirements.get(key) ?? { area, ok: true };
      seen.ok &&= check.status === 'passed';
      requirements.set(key, seen);
    }
  }
  const areas = new Map<string, RfcArea>();
  let mustPassed = 0;
  for (const { area, ok } of requirements.values()) {
    const a = areas.get(area) ?? { area, passed: 0, total: 0 };
    a.total++;
    if (ok) {
      a.passed++;
      mustPassed++;
    }
    areas.set(area, a);
  }
  const mustTotal = requirements.size;
  for (const idp of idps) idp.state = idp.checks === 0 ? 'not-tested' : idp.blockingFailures > 0 ? 'blocked' : 'ready';
  const blocking = baseline ? compareBaseline(run, baseline).new.length : blockingFailureKeys(run).length;
  const exitCode: Verdict['exitCode'] = run.fatal ? EXIT_CODES.target : blocking > 0 ? EXIT_CODES.failed : EXIT_CODES.ok;
  return {
    exitCode,
    blockingFailures: blocking,
    counts,
    idps,
    rfc: { mustPassed, mustTotal, areas: [...areas.values()].sort((a, b) => a.area.localeCompare(b.area, 'en', { numeric: true })) },
  };
}
