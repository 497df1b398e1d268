/**
 * A replay step: each recorded exchange, rewritten for this target and run
 * (docs/formats.md, "Replay"), sent, judged, and learnt from.
 */
import { autoExpectation, classifyOperation, recordingNeeds } from './auto-checks.js';
import type { ResolvedMeta } from './checks/check-context.js';
import { makeCheck } from './checks/check-context.js';
import { runExpectation } from './checks/run-expectation.js';
import { ENTERPRISE_USER_URN, hasCapability, missingCapabilities } from './capabilities.js';
import { Correlation, runScopedNames } from './correlation.js';
import { bodyWithoutExtension, expectationWithoutExtension, sendsExtension } from './replay-adapt.js';
import type { CreatedResources, ScenarioEnv } from './run-scenario.js';
import { featuresOf, stepStatus } from './run-scenario.js';
import { judgeStep } from './step-judgement.js';
import { authHeaders, joinUrl, sendRequest } from './send-request.js';
import { renderText, UndefinedVariableError } from './template.js';
import type { Vars } from './template.js';
import type { CheckResult, Expectation, Phase, RecordedExchange, ReplayStep, Scenario, StepResult } from './types.js';

/** Recorded headers replay must not send: credentials, hop-by-hop, and encodings we would have to decode. */
const DROP_HEADERS = new Set(['authorization', 'host', 'content-length', 'connection', 'accept-encoding', 'transfer-encoding', 'cookie']);

function selected(step: ReplayStep): RecordedExchange[] {
  const all = step.recording.exchanges;
  if (!step.only) return all;
  return step.only
    .map((ref) => (typeof ref === 'number' || /^\d+$/.test(ref) ? all[Number(ref) - 1] : all.find((e) => e.id === ref)))
    .filter((e): e is RecordedExchange => e !== undefined);
}

/** Path below basePath, and the raw query, of a recorded request target. */
function splitRecorded(path: string, basePath: string): { rel: string; query: string } {
  const q = path.indexOf('?');
  const pathOnly = q >= 0 ? path.slice(0, q) : path;
  const rel = pathOnly.slice(basePath.length) || '/';
  return { rel, query: q >= 0 ? path.slice(q + 1) : '' };
}

export async function* runReplayStep(
  step: ReplayStep,
  phase: Phase,
  scenario: Scenario,
  env: ScenarioEnv,
  vars: Vars,
  created: CreatedResources,
  fallback: ResolvedMeta,
): AsyncGenerator<StepResult> {
  const exchanges = selected(step);
  const correlation = new Correlation();
  vars['ids'] = correlation.ids;
  const substituted = new Set(Object.keys(step.substitute));
  if (step.runScoped) {
    const creates = exchanges
      .filter((e) => e.request.method === 'POST')
      .map((e) => ({ collection: splitRecorded(e.request.path, step.recording.basePath).rel.split('/')[1] ?? '', body: e.request.body }));
    for (const [from, to] of runScopedNames(creates, String(vars['run']), (v) => substituted.has(v))) correlation.set(from, to);
  }

  // Recorded ids the target never assigned, because the exchange that should have created them failed.
  const unassigned = new Map<string, string>();
  // An IdP sends the enterprise extension only where it is mapped; a target without it gets the replay without it.
  const dropEnterprise = !hasCapability(env.caps, 'enterprise') && !featuresOf(scenario, step).includes('enterprise');
  const lacks = dropEnterprise ? (missingCapabilities(['enterprise'], env.caps, env.supports) ?? '') : '';
  for (const ex of exchanges) {
    const { rel: recordedRel, query: recordedQuery } = splitRecorded(ex.request.path, step.recording.basePath);
    const name = `${step.name} › ${ex.id ?? `#${ex.index}`} ${ex.request.method} ${recordedRel}`;
    const base = { name, phase, ...(ex.span ? { span: ex.span } : step.span ? { span: step.span } : {}) };
    if (phase !== 'teardown' && env.signal.aborted) {
      yield { ...base, status: 'skipped', reason: 'the run was interrupted', durationMs: 0, checks: [] };
      continue;
    }
    // Templates such as {{ids.U-A}} or {{groups.0.id}} may only resolve now.
    for (const [from, template] of Object.entries(step.substitute)) {
      try {
        correlation.set(from, renderText(template, vars));
      } catch (err) {
        if (!(err instanceof UndefinedVariableError)) throw err;
      }
    }
    const dependsOn = [...unassigned].find(([id]) => addresses(ex, id))?.[1];
    if (dependsOn !== undefined) {
      yield { ...base, status: 'skipped', reason: `depends on "${dependsOn}", which failed to create the resource it addresses`, durationMs: 0, checks: [] };
      continue;
    }
    const started = env.now();
    const rel = correlation.apply(recordedRel, true);
    const query = correlation.applyQuery(recordedQuery);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(ex.request.headers)) {
      if (!DROP_HEADERS.has(k.toLowerCase())) headers[k] = correlation.apply(v);
    }
    const adapted = dropEnterprise && ex.request.bodyText === undefined && ex.request.hasBody && sendsExtension(ex, ENTERPRISE_USER_URN);
    const recordedBody = adapted ? bodyWithoutExtension(ex.request.body, ENTERPRISE_USER_URN) : ex.request.body;
    if (adapted && recordedBody === undefined) {
      yield { ...base, status: 'skipped', reason: `not sent: every operation is in the enterprise extension, and ${lacks}`, durationMs: 0, checks: [] };
      continue;
    }
    let body: string | undefined;
    if (ex.request.bodyText !== undefined) body = correlation.apply(ex.request.bodyText);
    else if (ex.request.hasBody) body = JSON.stringify(correlation.applyJson(recordedBody));
    const sent = await sendRequest(
      env.transport,
      {
        method: ex.request.method,
        url: joinUrl(env.target, rel, query),
        headers: { ...headers, ...authHeaders(env.auth, 'default') },
        ...(body !== undefined ? { body } : {}),
      },
      env.redactor,
      env.now,
      phase === 'teardown' ? env.teardownSignal : env.signal,
    );
    if (!sent.ok && sent.errorCode === 'ABORTED') {
      yield { ...base, status: 'skipped', reason: `aborted: ${sent.error.message}`, durationMs: env.now() - started, exchange: sent.log, checks: [] };
      continue;
    }
    const op = classifyOperation(ex.request.method, rel);
    const auto = step.autoChecks ? autoExpectation(op, ex.response.status, recordingNeeds(step.recording), ex.response.body ?? ex.response.bodyText) : undefined;
    if (!sent.ok) {
      const meta = { ...fallback, requirement: auto?.status?.requirement ?? fallback.requirement };
      const check = makeCheck('transport', 'the target answers', meta, { status: 'errored', error: sent.error });
      yield { ...base, status: 'errored', durationMs: env.now() - started, exchange: sent.log, checks: [check] };
      continue;
    }
    const pathOnly = rel.split('?')[0] ?? rel;
    created.observe(ex.request.method, pathOnly, sent.view.status, sent.view.json);
    correlation.learn(ex.response, { headers: sent.view.headers, json: sent.view.json });
    const recordedId = (ex.response.body as { id?: unknown } | undefined)?.id;
    const targetId = (sent.view.json as { id?: unknown } | undefined)?.id;
    // Only a create assigns an id: a 204 to a PATCH or PUT carries none and is lawful (RFC 7644 §3.5.2).
    if (op === 'create' && typeof recordedId === 'string' && recordedId !== '' && typeof targetId !== 'string') unassigned.set(recordedId, name);
    const accept = Object.entries(headers).find(([k]) => k.toLowerCase() === 'accept')?.[1];
    const ctx = {
      request: { method: ex.request.method, path: pathOnly, query: rel.split('?')[1] ?? '', ...(accept ? { accept } : {}) },
      response: sent.view,
    };
    const checks: CheckResult[] = [];
    const env2 = { registry: env.registry };
    const adapt = (e: Expectation): Expectation => (dropEnterprise ? expectationWithoutExtension(e, ENTERPRISE_USER_URN) : e);
    if (auto) checks.push(...runExpectation(auto, ctx, vars, fallback, env2));
    if (step.expect) checks.push(...runExpectation(adapt(step.expect), ctx, vars, fallback, env2));
    const own = step.at[String(ex.index)] ?? (ex.id !== undefined ? step.at[ex.id] : undefined);
    if (own) checks.push(...runExpectation(adapt(own), ctx, vars, fallback, env2));
    if (adapted) {
      const reason = `the enterprise extension was left out of this request, as an app without it is mapped: ${lacks}`;
      checks.push(makeCheck('replay.without-enterprise', 'the request as recorded, enterprise attributes included', fallback, { status: 'skipped', reason }));
    }
    const final = judgeStep({ checks: dedupe(checks), view: sent.view, stepName: name, features: featuresOf(scenario, step), request: ctx.request, support: env.support });
    yield { ...base, status: stepStatus(final), durationMs: env.now() - started, exchange: sent.log, checks: final };
  }
}

/** Whether a recorded request names this id: as a path segment, or as a JSON string in its body. */
function addresses(ex: RecordedExchange, id: string): boolean {
  const path = ex.request.path.split('?')[0] ?? '';
  if (path.split('/').some((seg) => seg === id || seg === encodeURIComponent(id))) return true;
  const body = ex.request.bodyText ?? (ex.request.hasBody ? JSON.stringify(ex.request.body) : '');
  return body.includes(JSON.stringify(id));
}

/** When the scenario repeats an auto check (same id), its own version wins. */
function dedupe(checks: CheckResult[]): CheckResult[] {
  const last = new Map<string, number>();
  checks.forEach((c, i) => last.set(c.checkId, i));
  return checks.filter((c, i) => last.get(c.checkId) === i);
}
