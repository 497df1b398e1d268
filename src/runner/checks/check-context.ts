/**
 * What every check sees (one response, already read and decoded) and the one
 * helper that builds a CheckResult from a verdict plus its requirement.
 */
import type { Diagnostic } from '../../core/errors.js';
import { blockingEvidence } from '../blocking.js';
import { gradeCheck } from '../grading.js';
import type { CheckMeta, CheckResult, Requirement, Severity } from '../types.js';

export interface ResponseView {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  bodyText: string;
  /** The parsed body, when it was JSON. */
  json?: unknown;
  /** Why the body could not be parsed (INVALID_JSON, HTML_RESPONSE), when it was not empty. */
  bodyError?: Diagnostic;
}

export interface RequestView {
  method: string;
  /** Path below the base URL, without query (`/Users/abc`). */
  path: string;
  /** The raw query string sent, without `?` ('' when none). */
  query?: string;
  /** The Accept header sent, when there was one (P-3.8-03 binds only a request that asked for application/scim+json). */
  accept?: string;
}

export interface CheckContext {
  request: RequestView;
  response: ResponseView;
}

/** Resolved requirement, declared severity and cited IdP needs for a check. */
export interface ResolvedMeta {
  requirement: Requirement;
  severity: Severity;
  needs: string[];
  because?: string;
  span?: CheckMeta['span'];
}

/** Check-level meta wins over the expect block, which wins over the scenario defaults. */
export function resolveMeta(own: CheckMeta, parent: CheckMeta, fallback: ResolvedMeta): ResolvedMeta {
  const out: ResolvedMeta = {
    requirement: own.requirement ?? parent.requirement ?? fallback.requirement,
    severity: own.severity ?? parent.severity ?? fallback.severity,
    needs: own.needs ?? parent.needs ?? fallback.needs,
  };
  const because = own.because ?? parent.because ?? fallback.because;
  if (because) out.because = because;
  const span = own.span ?? parent.span ?? fallback.span;
  if (span) out.span = span;
  return out;
}

export type Outcome =
  | { status: 'passed'; tolerance?: string }
  | { status: 'failed'; expected: unknown; actual: unknown; message: string }
  | { status: 'errored'; error: Diagnostic }
  | { status: 'skipped'; reason: string }
  | { status: 'not-judged'; reason: string }
  | { status: 'unsupported'; reason: string; feature: string };

/**
 * One check result. Blocking and severity are decided here, for every check alike: the IdPs are those of the
 * evidence rows it cites (its needs and an IdP-doc requirement), the severity is graded by the checklist.
 */
export function makeCheck(checkId: string, title: string, meta: ResolvedMeta, outcome: Outcome): CheckResult {
  const { idps, refs } = blockingEvidence(meta.requirement, meta.needs);
  const base = {
    checkId,
    title,
    requirement: meta.requirement,
    severity: gradeCheck(meta.severity, meta.requirement, refs.length > 0),
    blocks: idps,
    ...(refs.length > 0 ? { evidence: refs } : {}),
    ...(meta.because ? { because: meta.because } : {}),
    ...(meta.span ? { span: meta.span } : {}),
  };
  switch (outcome.status) {
    case 'passed':
      return { ...base, status: 'passed', ...(outcome.tolerance ? { tolerance: outcome.tolerance } : {}) };
    case 'failed':
      return { ...base, status: 'failed', expected: outcome.expected, actual: outcome.actual, message: outcome.message };
    case 'errored':
      return { ...base, status: 'errored', error: outcome.error };
    case 'skipped':
      return { ...base, status: 'skipped', reason: outcome.reason };
    case 'not-judged':
      return { ...base, status: 'not-judged', reason: outcome.reason };
    case 'unsupported':
      return { ...base, status: 'unsupported', reason: outcome.reason, feature: outcome.feature };
  }
}

/** The body as JSON, or the reason it cannot be judged. */
export function jsonBody(ctx: CheckContext): { ok: true; value: unknown } | { ok: false; outcome: Outcome } {
  if (ctx.response.json !== undefined) return { ok: true, value: ctx.response.json };
  if (ctx.response.bodyError) return { ok: false, outcome: { status: 'errored', error: ctx.response.bodyError } };
  return {
    ok: false,
    outcome: { status: 'failed', expected: 'a JSON body', actual: 'no body', message: 'the response has no body' },
  };
}
