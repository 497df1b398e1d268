/**
 * `scimctl load`: the plan it runs and the result tree its reporters read
 * (schemas/load-report.schema.json). Everything here is plain data.
 */
import type { Diagnostic } from '../core/errors.js';

export type LoadProfile = 'entra' | 'okta' | 'mixed';

/** One kind of request the IdPs send, named `<idp>.<object>.<operation>`. */
export type RequestKind =
  | 'entra.user.lookup'
  | 'entra.user.create'
  | 'entra.group.match'
  | 'entra.group.addMember'
  | 'entra.user.get'
  | 'entra.user.patch'
  | 'entra.user.delete'
  | 'okta.users.import'
  | 'okta.user.lookup'
  | 'okta.user.create'
  | 'okta.user.update'
  | 'okta.group.lookup'
  | 'okta.group.addMember'
  | 'okta.group.rename';

export interface LoadPlan {
  baseUrl: string;
  profile: LoadProfile;
  /** Requests per second once the ramp is over. */
  rate: number;
  /** Steady phase in ms (after the ramp). */
  durationMs: number;
  /** Linear ramp from 0 to `rate` in ms (0: none). */
  rampMs: number;
  /** Users created for the run before the load starts (the directory the import reads). */
  users: number;
  /** Stop early after this many errors (errors + timeouts); undefined: never. */
  maxErrors?: number;
  /** Per-request timeout in ms (default 60 000: both IdPs give up after 60 s). */
  timeoutMs: number;
}

export interface LatencySummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export interface Counts {
  requests: number;
  /** Answered with the status this request expects. */
  ok: number;
  /** Transport failures and unexpected statuses (not 429, not timeouts). */
  errors: number;
  timeouts: number;
  /** 429 Too Many Requests. */
  throttled: number;
  /** Of the 429s, those that carried Retry-After. */
  throttledWithRetryAfter: number;
  latencyMs: LatencySummary;
}

export interface KindResult extends Counts {
  kind: RequestKind;
  method: string;
  /** The path shape, e.g. `/Users/{id}`. */
  path: string;
}

export type VerdictState = 'met' | 'not-met' | 'not-measured';

export interface LoadVerdict {
  idp: 'entra' | 'okta';
  /** `Entra gallery throughput`. */
  label: string;
  state: VerdictState;
  /** The parenthesised figures: `25.0 req/s for 60 s, p99 84 ms, 0 errors`. */
  summary: string;
  /** Why not met, one line each. */
  reasons: string[];
  /** Where the threshold comes from: `entra.md §5 "Rate", §7 gallery checklist (DOC S1)`. */
  evidence: string;
}

export interface ErrorSample {
  kind: RequestKind;
  status?: number;
  message: string;
}

export interface LoadResult {
  version: 1;
  tool: { name: 'scimctl'; version: string };
  runId: string;
  startedAt: string;
  target: { baseUrl: string };
  profile: LoadProfile;
  plan: { rate: number; durationMs: number; rampMs: number; users: number; timeoutMs: number; maxErrors?: number };
  rate: {
    target: number;
    /** Expected answers per second over the steady phase. */
    achieved: number;
    /** Requests sent per second over the steady phase (open loop: on schedule however slow the target). */
    sent: number;
  };
  /** How long the steady phase actually ran (shorter when stopped). */
  measuredMs: number;
  /** Scheduled sends that left later than 50 ms after their time (the load generator could not keep up). */
  lateSends: number;
  /** The largest delay between a scheduled time and the actual send, in ms. */
  maxSendLagMs: number;
  /** All requests, ramp and steady phase. */
  totals: Counts;
  /** The steady phase only (what the verdicts judge). */
  steady: Counts;
  kinds: KindResult[];
  errorSamples: ErrorSample[];
  directory: {
    /** Users and groups the run created before the load. */
    users: number;
    groups: number;
    /** Users the load itself created. */
    createdDuringLoad: number;
    deleted: number;
    /** Resources that could not be deleted (paths), so the user can remove them. */
    leftBehind: string[];
  };
  stopped?: { reason: 'max-errors' | 'interrupted'; message: string };
  fatal?: Diagnostic;
  verdicts: LoadVerdict[];
}
