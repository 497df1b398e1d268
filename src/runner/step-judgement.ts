/**
 * What a step's checks mean once they ran (docs/verdicts.md, "Not judged" and
 * "Unsupported"): a lawful refusal of an optional feature is recorded, not
 * failed; a failed status check leaves the body unjudged; a variant whose plain
 * form failed is not blamed for it.
 */
import type { Filter } from '../core/filter/ast.js';
import { tryParseFilter } from '../core/filter/filter-parser.js';
import type { RequestView, ResponseView } from './checks/check-context.js';
import type { SupportLog } from './support-log.js';
import type { CheckResult } from './types.js';

const isJudged = (c: CheckResult) => c.status === 'passed' || c.status === 'failed' || c.status === 'errored';

function demote(c: CheckResult, reason: string): CheckResult {
  if (!isJudged(c)) return c;
  const { checkId, title, requirement, severity, blocks, evidence, because, span, tolerance } = c as CheckResult & { tolerance?: string };
  return {
    checkId,
    title,
    requirement,
    severity,
    blocks,
    ...(evidence ? { evidence } : {}),
    ...(because ? { because } : {}),
    ...(span ? { span } : {}),
    ...(tolerance ? { tolerance } : {}),
    status: 'not-judged',
    reason,
  };
}

/**
 * RFC 7644 §3.12: when the status is not the one asked for, the body is an answer to another question (an error
 * body, or a resource in the wrong state). Judging it would count one defect many times.
 */
export function cascadeAfterStatus(checks: CheckResult[]): CheckResult[] {
  const status = checks.find((c) => c.checkId === 'status' && c.status === 'failed') ?? checks.find((c) => c.checkId === 'status' && c.status === 'unsupported');
  if (!status || (status.status !== 'failed' && status.status !== 'unsupported')) return checks;
  const reason =
    status.status === 'failed' ? `not judged: the status check failed (${status.message})` : `not judged: the target refused ${status.feature}, so there is no answer to judge`;
  // An errored check keeps its diagnosis (HTML, invalid JSON, a body cut at the cap): that is what the user must fix.
  return checks.map((c) => (c.checkId === 'status' || c.status === 'errored' ? c : demote(c, reason)));
}

/** A variant request whose plain-form control failed: its own failures have the control's cause. */
export function controlFailed(checks: CheckResult[], control: string): CheckResult[] {
  const reason = `not judged: the plain form (step "${control}") failed too, so this variant is not the cause`;
  return checks.map((c) => (c.status === 'failed' || c.status === 'errored' ? demote(c, reason) : c));
}

/**
 * The answers that lawfully refuse each optional feature (RFC 7644 §3.12 Tables 8 and 9): 501 for any of them
 * ("the service provider does not support the requested operation"); an endpoint the target does not offer is
 * 404 or 405 (403 where it refuses the write by policy); an unsupported filter combination is 400 invalidFilter;
 * an attribute the target does not define is refused as invalid. A 400 about the request's content (mutability,
 * uniqueness, ...) is never a refusal of the feature.
 */
const REFUSALS: { match: (feature: string) => boolean; statuses: number[]; scimTypes?: (string | undefined)[] }[] = [
  { match: (f) => ['patch', 'etag'].includes(f), statuses: [405] },
  { match: (f) => ['search', 'me', 'bulk', 'groups', 'groups.create', 'groups.delete', 'changePassword'].includes(f), statuses: [403, 404, 405] },
  // A bare 400 names no cause: only a Table 9 keyword says which part of the request was refused.
  { match: (f) => f === 'sort', statuses: [400], scimTypes: ['invalidValue', 'invalidSyntax'] },
  { match: (f) => f === 'filter' || f.startsWith('filter.'), statuses: [400], scimTypes: ['invalidFilter'] },
  { match: (f) => f === 'enterprise' || f.startsWith('attr.'), statuses: [400], scimTypes: ['invalidValue', 'invalidSyntax', 'invalidPath', 'noTarget'] },
];

/**
 * The required features this request actually exercises: a 404 to `GET /Users?filter=…` says nothing about
 * `/Groups` or PATCH support, even when the scenario requires those too.
 */
export function exercised(features: readonly string[], request: RequestView | undefined): string[] {
  if (!request) return [...features];
  const path = request.path.toLowerCase();
  const query = request.query ?? '';
  return features.filter((f) => {
    if (f === 'filter' || f.startsWith('filter.')) return /(^|&)filter=/i.test(query) || path.endsWith('/.search');
    if (f === 'sort') return /(^|&)sortBy=/i.test(query) || path.endsWith('/.search');
    if (f === 'patch') return request.method === 'PATCH';
    if (f === 'bulk') return path.startsWith('/bulk');
    if (f === 'search') return path.endsWith('/.search');
    if (f === 'me') return path.startsWith('/me');
    if (f === 'groups' || f === 'groups.list') return path.startsWith('/groups');
    if (f === 'groups.create') return path.startsWith('/groups') && request.method === 'POST';
    if (f === 'groups.delete') return path.startsWith('/groups') && request.method === 'DELETE';
    return true;
  });
}

/** The operators a filter uses, as `filter.<op>` feature names (`filter.pr`, `filter.valuepath`, `filter.and`, …). */
export function filterOperators(filter: Filter, into = new Set<string>()): Set<string> {
  switch (filter.kind) {
    case 'compare':
      into.add(`filter.${filter.op.toLowerCase()}`);
      break;
    case 'present':
      into.add('filter.pr');
      break;
    case 'and':
    case 'or':
      into.add(`filter.${filter.kind}`);
      filterOperators(filter.left, into);
      filterOperators(filter.right, into);
      break;
    case 'not':
      into.add('filter.not');
      filterOperators(filter.filter, into);
      break;
    case 'valuePath':
      into.add('filter.valuepath');
      filterOperators(filter.filter, into);
      if (filter.test) into.add(`filter.${filter.test.op.toLowerCase()}`);
      break;
  }
  return into;
}

/** The `filter` query parameter, decoded; undefined when there is none (or it cannot be decoded). */
function filterParam(query: string): string | undefined {
  for (const part of query.split('&')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).toLowerCase() !== 'filter') continue;
    try {
      return decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '));
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/**
 * What a 2xx answer confirms: the exercised features, less any filter operator the sent filter does not use (a
 * step's `requires` names what it needs, the filter is what was asked). A filter that is not in the query (POST
 * .search) or does not parse is taken at the step's word.
 */
export function confirmable(features: readonly string[], request: RequestView | undefined): string[] {
  const text = request?.query === undefined ? undefined : filterParam(request.query);
  if (text === undefined) return [...features];
  const parsed = tryParseFilter(text);
  if (!parsed.ok) return [...features];
  const used = filterOperators(parsed.value);
  return features.filter((f) => !f.startsWith('filter.') || used.has(f.toLowerCase()));
}

/** How the target refused one of these optional features (`400 invalidFilter`), if it did. */
export function refusalOf(features: readonly string[], view: ResponseView): string | undefined {
  if (features.length === 0 || view.status < 400) return undefined;
  const raw = (view.json as { scimType?: unknown } | undefined)?.scimType;
  const scimType = typeof raw === 'string' ? raw : undefined;
  const label = `${view.status}${scimType ? ` ${scimType}` : ''}`;
  if (view.status === 501) return label;
  const lawful = REFUSALS.some(
    (r) => features.some(r.match) && r.statuses.includes(view.status) && (r.scimTypes === undefined || r.scimTypes.includes(scimType)),
  );
  return lawful ? label : undefined;
}

/**
 * Checks of a lawfully refused step become `unsupported`, except those that cite an IdP need that may block: an
 * IdP that needs the feature is broken by its absence, and that stays a failure with its evidence.
 */
export function asUnsupported(checks: CheckResult[], feature: string, reason: string): CheckResult[] {
  return checks.map((c) => {
    if (!isJudged(c) || c.blocks.length > 0) return c;
    const { checkId, title, requirement, severity, blocks, because, span } = c;
    return { checkId, title, requirement, severity, blocks, ...(because ? { because } : {}), ...(span ? { span } : {}), status: 'unsupported', reason, feature };
  });
}

export interface JudgeInput {
  checks: CheckResult[];
  view: ResponseView;
  stepName: string;
  /** Optional features the step (and its scenario) require. */
  features: readonly string[];
  /** The request sent, to tell which of those features it exercises. */
  request?: RequestView;
  support: SupportLog;
  /** The name of the step's plain-form control, when that control failed. */
  failedControl?: string;
}

/**
 * A 204 the step's status check accepted (a PATCH may answer 200 with the resource or 204, RFC 7644 §3.5.2,
 * P-3.5.2-19) leaves nothing for body checks to judge.
 */
export function noContentAccepted(checks: CheckResult[], view: ResponseView): CheckResult[] {
  if (view.status !== 204 || view.bodyText !== '') return checks;
  if (checks.some((c) => c.checkId === 'status' && c.status !== 'passed')) return checks;
  const reason = 'not judged: the target answered 204 No Content, which the step accepts; there is no body to judge';
  return checks.map((c) => (c.status === 'failed' && c.actual === 'no body' ? demote(c, reason) : c));
}

/** Refusal first (it explains the status), then the status cascade, then the control. */
export function judgeStep(input: JudgeInput): CheckResult[] {
  let checks = noContentAccepted(input.checks, input.view);
  const features = exercised(input.features, input.request);
  const refused = refusalOf(features, input.view);
  const failedAtAll = checks.some((c) => c.status === 'failed' || c.status === 'errored');
  if (refused && failedAtAll) {
    const feature = input.support.refused(features, `${input.stepName}: answered ${refused}`);
    checks = asUnsupported(checks, feature, `the target refused ${feature} (${refused}); it is optional (RFC 7644 §3.12, Table 9)`);
  } else if (!failedAtAll && input.view.status >= 200 && input.view.status < 300) {
    input.support.confirmed(confirmable(features, input.request), input.stepName);
  }
  checks = cascadeAfterStatus(checks);
  if (input.failedControl) checks = controlFailed(checks, input.failedControl);
  return checks;
}
