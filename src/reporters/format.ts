/**
 * Formatting shared by every reporter, as pure functions (house style §11):
 * durations, truncation, requirement labels, exchange text, verdict lines.
 */
import { EXIT_CODES, SCIMCTL_ERRORS } from '../core/errors.js';
import { formatRequirement } from '../runner/result-queries.js';
import type { CheckResult, CheckStatus, ExchangeLog, RunResult, ScenarioResult, StepResult } from '../runner/types.js';
import type { BaselineComparison } from '../runner/verdict.js';
import { defectKey, failureKey, isBlocking, isBlockingDefect, isFailure } from '../runner/result-queries.js';
import type { Defect, DefectBlock, IdpReadiness, Verdict } from '../runner/verdict.js';
import type { RunSummary } from './types.js';

export { formatRequirement };

export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  return `${(ms / 1000).toFixed(2)} s`;
}

/** Cut long text for display; says how much was left out. */
export function truncate(text: string, max = 2000): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length - max} more characters)`;
}

const IDP_NAMES: Record<string, string> = { okta: 'Okta', entra: 'Entra', mezmo: 'Mezmo' };

/** `RFC 7644 §3.3 (P-3.3-06) · MUST · blocks Okta, Entra`. */
export function describeRequirement(check: CheckResult): string {
  const blocks = check.blocks.length > 0 ? ` · blocks ${check.blocks.map((b) => IDP_NAMES[b] ?? b).join(', ')}` : '';
  return `${formatRequirement(check.requirement)} · ${check.severity}${blocks}`;
}

/** One line saying what went wrong with a check. */
export function checkMessage(check: CheckResult): string {
  switch (check.status) {
    case 'failed':
      return `${check.title}: ${check.message}`;
    case 'errored':
      return `${check.title}: could not judge — ${check.error.message}`;
    case 'skipped':
      return `${check.title}: skipped — ${check.reason}`;
    case 'not-judged':
      return `${check.title}: not judged — ${check.reason}`;
    case 'unsupported':
      return `${check.title}: unsupported (${check.feature}) — ${check.reason}`;
    case 'passed':
      return check.title;
  }
}

/** Request and response as text (`> ` / `< ` prefixed), bodies truncated; already redacted. */
export function exchangeText(ex: ExchangeLog, maxBody = 2000): string[] {
  const lines: string[] = [`> ${ex.request.method} ${ex.request.url}`];
  for (const [k, v] of Object.entries(ex.request.headers)) lines.push(`> ${k}: ${v}`);
  if (ex.request.body !== undefined) lines.push(...prefixLines('> ', truncate(ex.request.body, maxBody)));
  if (!ex.response) {
    lines.push('< (no response)');
    return lines;
  }
  lines.push(`< ${ex.response.status}`);
  for (const [k, v] of Object.entries(ex.response.headers)) lines.push(`< ${k}: ${v}`);
  if (ex.response.body !== undefined) lines.push(...prefixLines('< ', truncate(ex.response.body, maxBody)));
  return lines;
}

function prefixLines(prefix: string, text: string): string[] {
  return text.split('\n').map((l) => `${prefix}${l}`);
}

export interface FailureItem {
  scenario: ScenarioResult;
  step: StepResult;
  checks: CheckResult[];
  blocking: boolean;
}

/** Steps with failed or errored checks, in run order. */
export function failures(run: RunResult): FailureItem[] {
  const out: FailureItem[] = [];
  for (const scenario of run.scenarios) {
    for (const step of scenario.steps) {
      const checks = step.checks.filter(isFailure);
      if (checks.length > 0) out.push({ scenario, step, checks, blocking: checks.some(isBlocking) });
    }
  }
  return out;
}

/** `ready`, `not tested`, or `blocked by 1 defect (78 failing checks)`. */
export function idpStateText(state: IdpReadiness): string {
  if (state.state === 'ready') return 'ready';
  if (state.state === 'not-tested') return 'not tested';
  const m = state.blockingFailures;
  const n = state.defects.length;
  return `blocked by ${n} defect${n === 1 ? '' : 's'} (${m} failing check${m === 1 ? '' : 's'})`;
}

/** The readiness label of an IdP key (`Entra (default)`), from the verdict. */
export function idpLabel(verdict: Verdict, key: string): string {
  return verdict.idps.find((i) => i.key === key)?.label ?? key;
}

/** `blocks Okta, Entra (default) · fails the RFC MUST gate`, or `blocks no IdP`: what a defect stops. */
export function defectImpact(verdict: Verdict, d: Defect, withIdps = true): string {
  const parts: string[] = [];
  if (withIdps && d.blocks.length > 0) parts.push(`blocks ${d.blocks.map((b) => idpLabel(verdict, b.idp)).join(', ')}`);
  if (d.rfcGate) parts.push('fails the RFC MUST gate');
  if (d.targetError) parts.push('the target could not be judged');
  return parts.length > 0 ? parts.join(' · ') : d.blocks.length > 0 ? '' : 'blocks no IdP';
}

/** What a defect stops and why: a `blocks <IdPs> — <need> (<evidence>)` line per evidence row, then the RFC gate. */
export function whyLines(verdict: Verdict, d: Defect): string[] {
  const rest = defectImpact(verdict, d, false);
  return [...blockReasons(verdict, d).map((r) => `blocks ${r}`), ...(rest ? [rest] : [])];
}

/** `30 failing checks in 3 scenarios`. */
export function defectCounts(d: Defect): string {
  const n = d.failingChecks;
  const s = d.scenarios.length;
  return `${n} failing check${n === 1 ? '' : 's'} in ${s} scenario${s === 1 ? '' : 's'}`;
}

/**
 * Why a defect blocks, one line per piece of evidence (IdPs citing the same row share it):
 * `Entra (aadOptscim062020), Entra (default) — POST /Users answers 201 … (entra.md §2.3 [seen: DOC S1])`.
 */
export function blockReasons(verdict: Verdict, d: Defect): string[] {
  const groups = new Map<string, { idps: string[]; b: DefectBlock }>();
  for (const b of d.blocks) {
    const key = `${b.source}\u0000${b.need}`;
    const g = groups.get(key) ?? { idps: [], b };
    g.idps.push(idpLabel(verdict, b.idp));
    groups.set(key, g);
  }
  return [...groups.values()].map(({ idps, b }) => `${idps.join(', ')} — ${b.need ? `${b.need} ` : ''}(${b.source})`);
}

/** The RFC MUST tally per RFC, in distinct requirements (Verdict.rfc), not checks. */
export function rfcTotals(verdict: Verdict): { rfc: string; passed: number; total: number }[] {
  const per = new Map<string, { rfc: string; passed: number; total: number }>();
  for (const a of verdict.rfc.areas) {
    // `RFC 7644 §3.3` and `RFC 7643 errata` both count towards their RFC.
    const rfc = /^RFC \d+/.exec(a.area)?.[0] ?? a.area;
    const t = per.get(rfc) ?? { rfc, passed: 0, total: 0 };
    t.passed += a.passed;
    t.total += a.total;
    per.set(rfc, t);
  }
  return [...per.values()].sort((a, b) => b.rfc.localeCompare(a.rfc));
}

/** `RFC 7644 MUSTs`: the tally counts requirements, so the label says so. */
export function rfcTallyLabel(t: { rfc: string }): string {
  return `${t.rfc} MUSTs`;
}

/** `150/152 met`: MUST requirements every check passed, of those checked. */
export function rfcTallyText(t: { passed: number; total: number }): string {
  return `${t.passed}/${t.total} met`;
}

/** `Okta: ready · Entra (aadOptscim062020): ready · Entra (default): 2 blocking failures · RFC 7644 MUSTs: 150/152 met`. */
export function verdictLine(verdict: Verdict): string {
  const parts = verdict.idps.map((i) => `${i.label}: ${idpStateText(i)}`);
  for (const t of rfcTotals(verdict)) parts.push(`${rfcTallyLabel(t)}: ${rfcTallyText(t)}`);
  return parts.join(' · ');
}

/** `3 (the target is not a SCIM endpoint)`: the exit code and why; a run stopped before any scenario names its diagnosis. */
export function exitText(verdict: Verdict, fatal?: { code: string }): string {
  const code = verdict.exitCode;
  const title = fatal ? (SCIMCTL_ERRORS as Record<string, { title: string } | undefined>)[fatal.code]?.title : undefined;
  if (code === EXIT_CODES.target && title) return `${code} (${title.charAt(0).toLowerCase()}${title.slice(1)})`;
  switch (code) {
    case EXIT_CODES.ok:
      return `${code} (nothing blocking failed)`;
    case EXIT_CODES.failed: {
      const d = verdict.blockingDefects;
      const m = verdict.blockingFailures;
      return `${code} (${d} blocking defect${d === 1 ? '' : 's'}, ${m} failing check${m === 1 ? '' : 's'})`;
    }
    case EXIT_CODES.usage:
      return `${code} (usage or scenario error)`;
    case EXIT_CODES.target:
      return `${code} (target unreachable or credentials rejected)`;
    case EXIT_CODES.interrupted:
      return `${code} (interrupted)`;
    default:
      return `${code}`;
  }
}

export function scenarioCounts(run: RunResult): Record<CheckStatus, number> {
  const c: Record<CheckStatus, number> = { passed: 0, failed: 0, errored: 0, skipped: 0, 'not-judged': 0, unsupported: 0 };
  for (const s of run.scenarios) c[s.status] += 1;
  return c;
}

export function baselineLines(b: BaselineComparison | undefined): string[] {
  if (!b) return [];
  const lines = [`baseline: ${b.known.length} known, ${b.new.length} new, ${b.fixed.length} now passing`];
  for (const k of b.new) lines.push(`  new: ${k}`);
  for (const k of b.fixed) lines.push(`  now passing: ${k}`);
  return lines;
}

/** Where a check or step is defined: `scenarios/rfc/x.yaml:12:5`. */
export function spanText(span: { file: string; start: { line: number; col: number } } | undefined): string | undefined {
  return span ? `${span.file}:${span.start.line}:${span.start.col}` : undefined;
}

/**
 * Failures a baseline accepts (`--baseline`): machine formats write them as known, not as failures, so that a run
 * whose exit code is 0 has no failing test case (issue 14).
 */
export function knownFailures(summary: RunSummary | undefined): (scenario: ScenarioResult, step: StepResult, check: CheckResult) => boolean {
  const known = new Set(summary?.baseline?.known ?? []);
  return (scenario, step, check) => known.size > 0 && isFailure(check) && known.has(failureKey(scenario, step.name, check));
}

export const KNOWN_REASON = 'known failure (baseline)';

/** The step and check where a defect first failed (its source span, its exchange), looked up in the result tree. */
export function firstFailure(run: RunResult, d: Defect): { scenario: ScenarioResult; step: StepResult; check?: CheckResult } | undefined {
  const scenario = run.scenarios.find((s) => s.id === d.first.scenario);
  const step = scenario?.steps.find((s) => s.name === d.first.step);
  if (!scenario || !step) return undefined;
  const check = step.checks.find((c) => isFailure(c) && defectKey(c) === d.key);
  return { scenario, step, ...(check ? { check } : {}) };
}

/** Expected and actual as one short line each (JSON), for a defect's first failure. */
export function valueText(value: unknown, max = 200): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? 'undefined';
  return truncate(text, max);
}

/** Under --baseline: every failing check of this defect is one the baseline accepts. */
export function defectKnown(run: RunResult, summary: RunSummary, d: Defect): boolean {
  if (!summary.baseline || summary.baseline.known.length === 0) return false;
  const isKnown = knownFailures(summary);
  for (const hit of d.hits) {
    const scenario = run.scenarios.find((s) => s.id === hit.scenario);
    const step = scenario?.steps.find((s) => s.name === hit.step);
    if (!scenario || !step) return false;
    for (const c of step.checks) if (isFailure(c) && defectKey(c) === d.key && !isKnown(scenario, step, c)) return false;
  }
  return true;
}

/** `3 passed · 1 failed · 0 errored · 2 skipped` (+ not judged / unsupported when any), in a fixed order. */
export function countsText(counts: Readonly<Record<string, number>>, sep = ' · '): string {
  const always = ['passed', 'failed', 'errored', 'skipped'];
  const parts = always.map((k) => `${counts[k] ?? 0} ${k}`);
  for (const [k, label] of [['not-judged', 'not judged'], ['unsupported', 'unsupported']] as const) {
    const n = counts[k] ?? 0;
    if (n > 0) parts.push(`${n} ${label}`);
  }
  return parts.join(sep);
}

/** A defect as plain lines (JUnit bodies, TAP and markdown details): what, why, how often, where first. */
export function defectLines(run: RunResult, verdict: Verdict, d: Defect, maxBody = 2000): string[] {
  const first = firstFailure(run, d);
  const where = spanText(first?.check?.span);
  const lines = [`${d.severity} · ${d.requirementLabel} · ${defectCounts(d)}`];
  lines.push(...whyLines(verdict, d));
  lines.push(`first: ${d.first.scenario} › ${d.first.step}: ${d.first.message}${where ? ` (${where})` : ''}`);
  const exchange = d.first.exchange ?? first?.step.exchange;
  if (exchange) lines.push('', ...exchangeText(exchange, maxBody));
  return lines;
}

/** A defect that fails the run: it blocks an IdP, breaks an RFC MUST, or the target could not answer. */
export const defectGates = isBlockingDefect;

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Why a step was not judged as a whole: its own reason (`depends on …`), or the refusal of an optional feature. */
export function stepSkipReason(step: StepResult): string | undefined {
  if (step.status === 'skipped') return step.reason ?? 'skipped';
  if (step.status !== 'unsupported') return undefined;
  const refused = step.checks.find((c) => c.status === 'unsupported');
  return step.reason ?? (refused?.status === 'unsupported' ? `unsupported: ${refused.reason}` : 'unsupported');
}
