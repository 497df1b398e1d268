/**
 * `runLoad()`: creates the run's directory (users and one group), sends the
 * profile's flows on an open-loop schedule, then deletes everything the run
 * created (also when stopped by Ctrl-C or --max-errors). Requests go through
 * the runner's Transport, so the whole run shares one undici pool.
 *
 * Scheduling: at each send time the next step of the oldest flow whose previous
 * answer has arrived is sent; when every flow is waiting, a new flow starts. On
 * a fast target flows run one after another; on a slow one more of them overlap,
 * as IdP workers would, and every send still leaves on time.
 */
import type { Diagnostic } from '../core/errors.js';
import { isScimctlError, SCIMCTL_ERRORS } from '../core/errors.js';
import type { Transport } from '../runner/client/transport.js';
import { withThrottle } from '../runner/client/with-throttle.js';
import type { Redactor } from '../runner/redact.js';
import { joinUrl, parseTarget } from '../runner/send-request.js';
import { directoryUserName, flowsFor, groupNameOf, userNameOf, type Flow, type FlowContext, type FlowRequest } from './flows.js';
import { judgeLoad } from './load-verdicts.js';
import { buildSchedule, percentile, realClock, type LoadClock } from './schedule.js';
import type { Counts, ErrorSample, KindResult, LoadPlan, LoadResult, RequestKind } from './types.js';

export interface LoadOptions {
  plan: LoadPlan;
  transport: Transport;
  /** Authorization and extra headers for every request. */
  headers: Record<string, string>;
  redactor: Redactor;
  runId: string;
  toolVersion: string;
  clock?: LoadClock;
  signal?: AbortSignal;
  /** Wall-clock start for the report. */
  startedAt?: string;
  /** Called about once a second of schedule with what has been answered so far. */
  onProgress?(p: { elapsedMs: number; sent: number; answered: number; errors: number; throttled: number }): void;
}

interface Sample {
  kind: RequestKind;
  steady: boolean;
  latency: number;
  outcome: 'ok' | 'error' | 'timeout' | 'throttled';
  retryAfter: boolean;
}

interface ActiveFlow {
  flow: Flow;
  ctx: FlowContext;
  next: number;
  busy: boolean;
}

const SCIM_JSON = 'application/scim+json';
/** Sends later than this after their scheduled time count as late (the generator could not keep up). */
const LATE_MS = 50;
const MAX_SAMPLES_KEPT = 10;

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const { plan, transport, redactor } = options;
  const clock = options.clock ?? realClock;
  const target = parseTarget(plan.baseUrl);
  const runId = options.runId;
  const groupName = groupNameOf(runId);
  const headers = { Accept: SCIM_JSON, ...options.headers };
  const createdUsers = new Set<string>();
  const createdGroups = new Set<string>();
  /** userNames whose create got no usable answer (timeout, reset): the target may hold them anyway. */
  const uncertain = new Set<string>();
  const samples: Sample[] = [];
  const errorSamples: ErrorSample[] = [];
  const result: LoadResult = {
    version: 1,
    tool: { name: 'scimctl', version: options.toolVersion },
    runId,
    startedAt: options.startedAt ?? new Date().toISOString(),
    target: { baseUrl: redactor.text(plan.baseUrl) },
    profile: plan.profile,
    plan: {
      rate: plan.rate,
      durationMs: plan.durationMs,
      rampMs: plan.rampMs,
      users: plan.users,
      timeoutMs: plan.timeoutMs,
      ...(plan.maxErrors !== undefined ? { maxErrors: plan.maxErrors } : {}),
    },
    rate: { target: plan.rate, achieved: 0, sent: 0 },
    measuredMs: 0,
    lateSends: 0,
    maxSendLagMs: 0,
    totals: emptyCounts(),
    steady: emptyCounts(),
    kinds: [],
    errorSamples,
    directory: { users: 0, groups: 0, createdDuringLoad: 0, deleted: 0, leftBehind: [] },
    verdicts: [],
  };

  // Setup and clean-up are not measured: they honour 429 + Retry-After like `scimctl test` (bounded waits, then retry).
  const patient = withThrottle({ sleep: (ms, signal) => clock.sleep(ms, signal) })(transport);
  const send = async (req: FlowRequest, via: Transport = transport, signal?: AbortSignal) => {
    const body = req.body === undefined ? undefined : JSON.stringify(req.body);
    return via.send(
      {
        method: req.method,
        url: joinUrl(target, req.path, req.query),
        headers: body === undefined ? headers : { ...headers, 'Content-Type': `${SCIM_JSON}; charset=utf-8` },
        ...(body !== undefined ? { body } : {}),
      },
      signal,
    );
  };
  const stop = new AbortController();
  const onAbort = () => {
    result.stopped ??= { reason: 'interrupted', message: 'interrupted (Ctrl-C); the directory was cleaned up' };
    stop.abort();
  };
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();

  try {
    const fatal = await createDirectory();
    if (fatal) {
      result.fatal = fatal;
      return finish();
    }
    if (!stop.signal.aborted) await drive();
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await deleteDirectory();
  }
  return finish();

  function finish(): LoadResult {
    summarise();
    result.verdicts = judgeLoad(result);
    return result;
  }

  /** The run's group and `plan.users` users, sequentially: setup is not measured. */
  async function createDirectory(): Promise<Diagnostic | undefined> {
    const post = async (path: string, body: unknown): Promise<{ id?: string; problem?: string; code?: string }> => {
      try {
        const res = await send({ method: 'POST', path, query: '', body }, patient);
        let id: unknown;
        try {
          id = (JSON.parse(res.bodyText) as { id?: unknown }).id;
        } catch {
          id = undefined;
        }
        if (res.status === 401 || res.status === 403) return { problem: `POST ${path} answered ${res.status}`, code: 'AUTH_REJECTED' };
        if (res.status !== 201 || typeof id !== 'string') return { problem: `POST ${path} answered ${res.status}${typeof id === 'string' ? '' : ' without an id'}` };
        return { id };
      } catch (err) {
        return { problem: redactor.text(err instanceof Error ? err.message : String(err)), code: isScimctlError(err) ? err.code : 'TARGET_UNREACHABLE' };
      }
    };
    const diag = (code: string | undefined, message: string): Diagnostic => {
      const c = code === 'AUTH_REJECTED' || code === 'TLS_FAILED' ? code : 'TARGET_UNREACHABLE';
      return { code: c, severity: 'error', message, hint: SCIMCTL_ERRORS[c].hint };
    };
    const group = await post('/Groups', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: groupName, members: [] });
    if (!group.id) return diag(group.code, `could not create the run's group "${groupName}": ${group.problem ?? 'no id'}; the IdP flows push group memberships`);
    createdGroups.add(group.id);
    result.directory.groups = 1;
    for (let i = 1; i <= plan.users && !stop.signal.aborted; i++) {
      const userName = directoryUserName(runId, i);
      const user = await post('/Users', {
        schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
        userName,
        active: true,
        name: { givenName: 'Directory', familyName: `User ${i}` },
        emails: [{ primary: true, type: 'work', value: userName }],
      });
      if (!user.id) return diag(user.code, `could not create directory user ${i} of ${plan.users}: ${user.problem ?? 'no id'}`);
      createdUsers.add(user.id);
      result.directory.users++;
    }
    return undefined;
  }

  async function deleteDirectory(): Promise<void> {
    const del = async (path: string) => {
      try {
        const res = await send({ method: 'DELETE', path, query: '' }, patient);
        if (res.status === 204 || res.status === 200 || res.status === 404) result.directory.deleted++;
        else result.directory.leftBehind.push(path);
      } catch {
        result.directory.leftBehind.push(path);
      }
    };
    for (const userName of uncertain) {
      try {
        const res = await send({ method: 'GET', path: '/Users', query: `filter=${encodeURIComponent(`userName eq "${userName}"`)}` }, patient);
        const found = (JSON.parse(res.bodyText) as { Resources?: { id?: unknown }[] }).Resources ?? [];
        for (const r of found) if (typeof r.id === 'string') createdUsers.add(r.id);
      } catch {
        result.directory.leftBehind.push(`/Users?filter=userName eq "${userName}"`);
      }
    }
    for (const id of createdUsers) await del(`/Users/${encodeURIComponent(id)}`);
    for (const id of createdGroups) await del(`/Groups/${encodeURIComponent(id)}`);
  }

  async function drive(): Promise<void> {
    const slots = buildSchedule(plan.rate, plan.durationMs, plan.rampMs);
    const flows = flowsFor(plan.profile);
    const active: ActiveFlow[] = [];
    const inFlight = new Set<Promise<void>>();
    let started = 0;
    let failures = 0;
    let answered = 0;
    let throttled = 0;
    const t0 = clock.now();
    const steadyStart = plan.rampMs;
    let lastProgress = 0;

    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i] as (typeof slots)[number];
      const wait = t0 + slot.at - clock.now();
      if (wait > 0) await clock.sleep(wait, stop.signal);
      if (stop.signal.aborted) break;
      if (plan.maxErrors !== undefined && failures > plan.maxErrors) {
        result.stopped = { reason: 'max-errors', message: `stopped after ${failures} errors and timeouts (--max-errors ${plan.maxErrors})` };
        break;
      }
      const lag = clock.now() - (t0 + slot.at);
      if (lag > LATE_MS) result.lateSends++;
      result.maxSendLagMs = Math.max(result.maxSendLagMs, Math.round(lag));
      if (options.onProgress && slot.at - lastProgress >= 1000) {
        lastProgress = slot.at;
        options.onProgress({ elapsedMs: slot.at, sent: i, answered, errors: failures, throttled });
      }

      // The oldest flow ready for its next step, else a new one. A step whose input an earlier
      // (failed, already counted) answer did not give ends its flow; a new flow's first step always builds.
      let f: ActiveFlow;
      let req: FlowRequest | undefined;
      for (;;) {
        let pick = active.find((a) => !a.busy);
        if (!pick) {
          started++;
          const flow = flows[(started - 1) % flows.length] as Flow;
          pick = { flow, ctx: { runId, n: started, groupName, directorySize: plan.users, vars: {} }, next: 0, busy: false };
          active.push(pick);
        }
        f = pick;
        req = (f.flow.steps[f.next] as Flow['steps'][number]).build(f.ctx);
        if (req) break;
        active.splice(active.indexOf(f), 1);
      }
      const step = f.flow.steps[f.next] as Flow['steps'][number];
      f.busy = true;
      const scheduled = t0 + slot.at;
      const record = (outcome: Sample['outcome'], retryAfter = false) => {
        samples.push({ kind: step.kind, steady: slot.steady, latency: clock.now() - scheduled, outcome, retryAfter });
        answered++;
        if (outcome === 'error' || outcome === 'timeout') failures++;
        if (outcome === 'throttled') throttled++;
      };
      const end = (ok: boolean) => {
        f.next++;
        f.busy = false;
        if (!ok || f.next >= f.flow.steps.length) active.splice(active.indexOf(f), 1);
      };
      const sample = (status: number | undefined, message: string) => {
        if (errorSamples.length < MAX_SAMPLES_KEPT) errorSamples.push({ kind: step.kind, ...(status !== undefined ? { status } : {}), message: redactor.text(message) });
      };
      const sent = req;
      if (step.kind.endsWith('.create')) uncertain.add(userNameOf(runId, f.ctx.n));
      const p = (async () => {
        try {
          // Ctrl-C cancels what is in flight; the clean-up runs without the signal.
          const res = await send(sent, transport, stop.signal);
          if (res.status === 429) {
            record('throttled', res.headers['retry-after'] !== undefined);
            return end(false);
          }
          if (!step.expect.includes(res.status)) {
            record('error');
            sample(res.status, `${sent.method} ${step.pathShape} answered ${res.status}, expected ${step.expect.join(' or ')}`);
            return end(false);
          }
          if (step.kind.endsWith('.create')) result.directory.createdDuringLoad++;
          let json: unknown;
          try {
            json = res.bodyText === '' ? undefined : JSON.parse(res.bodyText);
          } catch {
            json = undefined;
          }
          const problem = step.capture?.(json, f.ctx);
          if (step.kind.endsWith('.create') && f.ctx.vars.userId) {
            createdUsers.add(f.ctx.vars.userId);
            uncertain.delete(userNameOf(runId, f.ctx.n));
          }
          if (step.kind === 'entra.user.delete' && f.ctx.vars.userId) createdUsers.delete(f.ctx.vars.userId);
          if (problem) {
            record('error');
            sample(res.status, `${sent.method} ${step.pathShape}: ${problem}`);
            return end(false);
          }
          record('ok');
          end(true);
        } catch (err) {
          if (stop.signal.aborted && isScimctlError(err) && err.code === 'ABORTED') return end(false);
          const timeout = isScimctlError(err) && err.code === 'TIMEOUT';
          record(timeout ? 'timeout' : 'error');
          sample(undefined, `${sent.method} ${step.pathShape}: ${err instanceof Error ? err.message : String(err)}`);
          end(false);
        }
      })();
      inFlight.add(p);
      void p.finally(() => inFlight.delete(p));
    }
    await Promise.all([...inFlight]);
    const measured = Math.max(0, clock.now() - t0 - steadyStart);
    const plannedSteady = plan.durationMs;
    // A stopped run is judged on the time it ran; a complete one on the planned duration.
    result.measuredMs = result.stopped ? Math.min(plannedSteady, measured) : plannedSteady;
  }

  function summarise(): void {
    result.totals = countsOf(samples);
    const steady = samples.filter((s) => s.steady);
    result.steady = countsOf(steady);
    const seconds = result.measuredMs / 1000;
    result.rate.achieved = seconds > 0 ? round1(result.steady.ok / seconds) : 0;
    result.rate.sent = seconds > 0 ? round1(result.steady.requests / seconds) : 0;
    const kinds = new Map<RequestKind, Sample[]>();
    for (const s of samples) {
      const list = kinds.get(s.kind);
      if (list) list.push(s);
      else kinds.set(s.kind, [s]);
    }
    const order = flowsFor(plan.profile).flatMap((f) => f.steps);
    result.kinds = order
      .filter((step) => kinds.has(step.kind))
      .map((step): KindResult => ({ kind: step.kind, method: step.method, path: step.pathShape, ...countsOf(kinds.get(step.kind) ?? []) }));
  }
}

function emptyCounts(): Counts {
  return { requests: 0, ok: 0, errors: 0, timeouts: 0, throttled: 0, throttledWithRetryAfter: 0, latencyMs: { p50: 0, p95: 0, p99: 0, max: 0 } };
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function countsOf(samples: readonly Sample[]): Counts {
  const answered = samples.filter((s) => s.outcome !== 'timeout').map((s) => s.latency).sort((a, b) => a - b);
  const ms = (n: number) => Math.round(n * 10) / 10;
  return {
    requests: samples.length,
    ok: samples.filter((s) => s.outcome === 'ok').length,
    errors: samples.filter((s) => s.outcome === 'error').length,
    timeouts: samples.filter((s) => s.outcome === 'timeout').length,
    throttled: samples.filter((s) => s.outcome === 'throttled').length,
    throttledWithRetryAfter: samples.filter((s) => s.outcome === 'throttled' && s.retryAfter).length,
    latencyMs: {
      p50: ms(percentile(answered, 50)),
      p95: ms(percentile(answered, 95)),
      p99: ms(percentile(answered, 99)),
      max: ms(answered[answered.length - 1] ?? 0),
    },
  };
}
