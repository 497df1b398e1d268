/**
 * The verdict per IdP for a load run, from the thresholds the evidence gives:
 *
 * - Entra: a gallery app must sustain at least 25 requests/s per tenant (entra.md
 *   §7 gallery checklist and §5 "Rate", DOC S1). Held means every request of the
 *   steady phase answered as expected at that rate: no errors, no timeouts, and no
 *   429 (a throttled request is one the endpoint did not sustain; Entra has
 *   quarantined a job on 429, Q&A 1922038).
 * - Okta publishes no rate; it gives up on a request after 60 s (okta.md §1, FAQ)
 *   and suggests 429 as the throttle signal (§10.11). Met means no timeout, no
 *   error, and every 429 carried Retry-After.
 */
import { EXIT_CODES, exitCodeFor, SCIMCTL_ERRORS, type ScimctlErrorCode } from '../core/errors.js';
import type { LoadResult, LoadVerdict } from './types.js';

export const ENTRA_MIN_RATE = 25;
export const IDP_TIMEOUT_MS = 60_000;

const fmtRate = (n: number) => n.toFixed(1);
const fmtMs = (n: number) => (n >= 10 ? String(Math.round(n)) : String(Math.round(n * 10) / 10));
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function figures(r: LoadResult): string {
  const s = r.steady;
  const parts = [`${fmtRate(r.rate.achieved)} req/s for ${Math.round(r.measuredMs / 1000)} s`, `p99 ${fmtMs(s.latencyMs.p99)} ms`, plural(s.errors, 'error')];
  if (s.timeouts > 0) parts.push(plural(s.timeouts, 'timeout'));
  if (s.throttled > 0) parts.push(`${s.throttled} throttled (429)`);
  return parts.join(', ');
}

function entraVerdict(r: LoadResult): LoadVerdict {
  const evidence = 'entra.md §7 gallery checklist, §5 "Rate" (DOC S1: at least 25 requests/s per tenant)';
  const base = { idp: 'entra' as const, label: 'Entra gallery throughput', evidence };
  if (r.rate.target < ENTRA_MIN_RATE) {
    return { ...base, state: 'not-measured', summary: `--rate ${r.rate.target} is below the ${ENTRA_MIN_RATE} req/s the gallery checklist asks`, reasons: [] };
  }
  const s = r.steady;
  const reasons: string[] = [];
  if (r.stopped) reasons.push(r.stopped.message);
  if (r.rate.achieved < ENTRA_MIN_RATE) reasons.push(`${fmtRate(r.rate.achieved)} expected answers per second, below ${ENTRA_MIN_RATE}`);
  if (s.errors > 0) reasons.push(`${plural(s.errors, 'request')} failed or answered an unexpected status`);
  if (s.timeouts > 0) reasons.push(`${plural(s.timeouts, 'request')} got no answer within ${Math.round(r.plan.timeoutMs / 1000)} s`);
  if (s.throttled > 0) reasons.push(`${s.throttled} answered 429: the endpoint throttles at the rate it must sustain (Entra has quarantined jobs on 429, entra.md §5)`);
  if (s.latencyMs.max >= IDP_TIMEOUT_MS) reasons.push(`an answer took ${Math.round(s.latencyMs.max / 1000)} s; Entra expects one within 60 s (entra.md §5 "Timeout")`);
  return { ...base, state: reasons.length === 0 ? 'met' : 'not-met', summary: figures(r), reasons };
}

function oktaVerdict(r: LoadResult): LoadVerdict {
  const evidence = 'okta.md §1 (60 s timeout, FAQ), §10.11 (429 is the suggested throttle signal)';
  const base = { idp: 'okta' as const, label: 'Okta timeouts and throttling', evidence };
  const s = r.steady;
  const reasons: string[] = [];
  if (r.stopped && r.stopped.reason === 'max-errors') reasons.push(r.stopped.message);
  if (s.errors > 0) reasons.push(`${plural(s.errors, 'request')} failed or answered an unexpected status`);
  if (s.timeouts > 0) reasons.push(`${plural(s.timeouts, 'request')} got no answer within ${Math.round(r.plan.timeoutMs / 1000)} s (Okta gives up after 60 s)`);
  const bare = s.throttled - s.throttledWithRetryAfter;
  if (bare > 0) reasons.push(`${bare} of ${s.throttled} 429s came without Retry-After: Okta has no back-off of its own to fall back on`);
  if (s.latencyMs.max >= IDP_TIMEOUT_MS) reasons.push(`an answer took ${Math.round(s.latencyMs.max / 1000)} s; Okta gives up after 60 s`);
  return { ...base, state: reasons.length === 0 ? 'met' : 'not-met', summary: figures(r), reasons };
}

/** The verdicts for the IdPs the profile's traffic stands for. */
export function judgeLoad(r: LoadResult): LoadVerdict[] {
  if (r.fatal) return [];
  const out: LoadVerdict[] = [];
  if (r.profile === 'entra' || r.profile === 'mixed') out.push(entraVerdict(r));
  if (r.profile === 'okta' || r.profile === 'mixed') out.push(oktaVerdict(r));
  return out;
}

/**
 * Exit code as for `scimctl test`, from the error table: 0 met (or not measured), 1 a verdict not
 * met, 3 the target failed before the load, 130 interrupted (Ctrl-C).
 */
export function loadExitCode(r: LoadResult): number {
  if (r.fatal) return r.fatal.code in SCIMCTL_ERRORS ? exitCodeFor(r.fatal.code as ScimctlErrorCode) : EXIT_CODES.failed;
  if (r.stopped?.reason === 'interrupted') return exitCodeFor('INTERRUPTED');
  return r.verdicts.some((v) => v.state === 'not-met') ? EXIT_CODES.failed : EXIT_CODES.ok;
}
