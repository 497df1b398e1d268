/**
 * One scenario: skip reasons, variables, setup → steps → teardown, then the
 * clean-up of everything the run created (always, even after a failure or an
 * abort).
 */
import { randomUUID } from 'node:crypto';
import type { SchemaRegistry } from '../core/schema/types.js';
import { hasCapability, missingCapabilities } from './capabilities.js';
import type { ResolvedMeta } from './checks/check-context.js';
import { makeCheck } from './checks/check-context.js';
import { runExpectation } from './checks/run-expectation.js';
import type { Transport } from './client/transport.js';
import { restoreGroup, snapshotGroup } from './group-restore.js';
import type { GroupSnapshot } from './group-restore.js';
import { getPointer } from './json-match.js';
import type { Redactor } from './redact.js';
import { runReplayStep } from './run-replay.js';
import { scenarioRunId } from './run-scope.js';
import { judgeStep } from './step-judgement.js';
import type { SupportLog } from './support-log.js';
import type { AuthConfig, Target } from './send-request.js';
import { authHeaders, joinUrl, sendRequest } from './send-request.js';
import { renderText, renderValue, UndefinedVariableError } from './template.js';
import type { Vars } from './template.js';
import type {
  Capabilities,
  CaptureSpec,
  CheckResult,
  CheckStatus,
  EntraMode,
  Phase,
  RequestStep,
  Scenario,
  ScenarioResult,
  Step,
  StepResult,
  SupportEntry,
} from './types.js';

export interface GroupInfo {
  id: string;
  displayName: string;
}

/** Groups a scenario holds alone until it calls `release` (after its teardown and the groups' restore). */
export interface GroupLease {
  groups: GroupInfo[];
  release(): void;
}

export interface ScenarioEnv {
  transport: Transport;
  target: Target;
  auth: AuthConfig;
  redactor: Redactor;
  caps: Capabilities;
  /** How each feature was found out (discovery, probe, refusal), for skip reasons. */
  supports?: readonly SupportEntry[];
  runId: string;
  registry: SchemaRegistry;
  entraMode: EntraMode;
  now: () => number;
  /** What the target supports, learnt across all scenarios of the run. */
  support: SupportLog;
  /** Aborts the run (Ctrl-C, --bail): requests in flight are cancelled, remaining steps skipped, teardown still runs. */
  signal: AbortSignal;
  /** Cancels teardown requests: fires a short deadline after `signal` (run-suite.ts). */
  teardownSignal?: AbortSignal;
  /**
   * Provides the groups a scenario needs (existing ones or runner-created), or says why it cannot.
   * Scenarios sharing a group take turns: the lease holds it until released.
   */
  groupsFor(n: number): Promise<GroupLease | string>;
  onStepEnd?(scenario: Scenario, step: StepResult): void | Promise<void>;
}

/** Resources the scenario created, by path below the base URL, so clean-up can delete them. */
export class CreatedResources {
  private readonly paths: string[] = [];

  track(relPath: string): void {
    if (!this.paths.includes(relPath)) this.paths.push(relPath);
  }

  forget(relPath: string): void {
    const i = this.paths.indexOf(relPath);
    if (i >= 0) this.paths.splice(i, 1);
  }

  /** Newest first: members before the groups that hold them. */
  pending(): string[] {
    return [...this.paths].reverse();
  }

  /** Learn from one exchange: a 201 to a collection creates, a DELETE removes. */
  observe(method: string, relPath: string, status: number, json: unknown): void {
    const segs = relPath.split('?')[0]?.split('/').filter(Boolean) ?? [];
    if (method === 'POST' && segs.length === 1 && status >= 200 && status < 300) {
      const id = (json as { id?: unknown } | undefined)?.id;
      if (typeof id === 'string' && id !== '') this.track(`/${segs[0]}/${encodeURIComponent(id)}`);
    }
    if (method === 'DELETE' && segs.length === 2 && (status < 300 || status === 404)) {
      this.forget(`/${segs[0]}/${segs[1]}`);
      try {
        this.forget(`/${segs[0]}/${encodeURIComponent(decodeURIComponent(segs[1] ?? ''))}`);
      } catch {
        // A malformed percent-escape cannot name a resource we created.
      }
    }
  }
}

export function skipReasonFor(scenario: Scenario, env: Pick<ScenarioEnv, 'caps' | 'entraMode' | 'supports'>): string | undefined {
  const tags = scenario.tags;
  if (tags.includes('entra') && !tags.includes('entra-aadopt') && env.entraMode === 'aadopt') {
    return 'Entra default-mode traffic: the base URL carries ?aadOptscim062020, so Entra sends flag-mode requests (--entra-mode both to run it)';
  }
  if (tags.includes('entra-aadopt') && env.entraMode === 'default') {
    return 'Entra flag-mode traffic: --entra-mode default';
  }
  return missingCapabilities(scenario.requires, env.caps, env.supports);
}

const UNJUDGED: readonly CheckStatus[] = ['skipped', 'not-judged', 'unsupported'];

/** Errored over failed over passed; with nothing judged, unsupported over not-judged over skipped. */
export function aggregate(statuses: readonly CheckStatus[]): CheckStatus {
  if (statuses.includes('errored')) return 'errored';
  if (statuses.includes('failed')) return 'failed';
  if (statuses.length > 0 && statuses.every((s) => UNJUDGED.includes(s))) {
    if (statuses.includes('unsupported')) return 'unsupported';
    if (statuses.includes('not-judged')) return 'not-judged';
    return 'skipped';
  }
  return 'passed';
}

/** A step fails or errors by its checks; unjudged checks alone make it unsupported, not judged or skipped. */
export function stepStatus(checks: readonly CheckResult[]): CheckStatus {
  if (checks.length === 0) return 'passed';
  return aggregate(checks.map((c) => c.status));
}

/** The optional features a step needs: its scenario's and its own. */
export function featuresOf(scenario: Scenario, step: Step): string[] {
  return [...new Set([...scenario.requires, ...step.requires])];
}

export async function runScenario(scenario: Scenario, env: ScenarioEnv): Promise<ScenarioResult> {
  const started = env.now();
  const result: ScenarioResult = {
    id: scenario.id,
    name: scenario.name,
    file: scenario.file,
    tags: scenario.tags,
    status: 'passed',
    durationMs: 0,
    steps: [],
  };
  const finish = (): ScenarioResult => {
    result.durationMs = env.now() - started;
    return result;
  };
  const skipped = (reason: string): ScenarioResult => {
    result.status = 'skipped';
    result.reason = reason;
    return finish();
  };
  const skip = skipReasonFor(scenario, env);
  if (skip) return skipped(skip);

  // Names are scoped to this run and this scenario (run-scope.ts), so scenarios never share a user.
  const vars: Vars = { run: scenarioRunId(env.runId, scenario.id), uuid: randomUUID(), ids: {} };
  if (scenario.existingGroups === 0) return runWithVars(scenario, env, vars, result, [], skipped, finish);
  const lease = await env.groupsFor(scenario.existingGroups);
  if (typeof lease === 'string') return skipped(lease);
  try {
    vars['groups'] = lease.groups;
    // Read before the scenario, put back after it (group-restore.ts): existing groups are the target's, not ours.
    const snapshots: GroupSnapshot[] = [];
    for (const g of lease.groups) snapshots.push(await snapshotGroup(restoreEnv(env), g.id));
    return await runWithVars(scenario, env, vars, result, snapshots, skipped, finish);
  } finally {
    lease.release();
  }
}

function restoreEnv(env: ScenarioEnv) {
  return {
    transport: env.transport,
    target: env.target,
    auth: env.auth,
    redactor: env.redactor,
    now: env.now,
    patch: hasCapability(env.caps, 'patch') && env.support.missing(['patch']) === undefined,
    ...(env.teardownSignal ? { signal: env.teardownSignal } : {}),
  };
}

async function runWithVars(
  scenario: Scenario,
  env: ScenarioEnv,
  vars: Vars,
  result: ScenarioResult,
  snapshots: readonly GroupSnapshot[],
  skipped: (reason: string) => ScenarioResult,
  finish: () => ScenarioResult,
): Promise<ScenarioResult> {
  try {
    for (const [name, value] of Object.entries(scenario.variables)) vars[name] = renderValue(value, vars);
  } catch (err) {
    if (!(err instanceof UndefinedVariableError)) throw err;
    return skipped(`variables: ${err.message}`);
  }

  const created = new CreatedResources();
  const fallback: ResolvedMeta = {
    requirement: { source: 'RFC7644', section: '3' },
    severity: scenario.severity,
    needs: scenario.needs,
  };
  const push = async (step: StepResult) => {
    result.steps.push(step);
    await env.onStepEnd?.(scenario, step);
  };
  const outcomes: StepOutcomes = { byName: new Map(), producers: new Map() };
  const runPhase = async (phase: Phase, steps: Step[]) => {
    for (const step of steps) {
      if (phase !== 'teardown' && env.signal.aborted) {
        await push({ name: step.name, phase, status: 'skipped', reason: 'the run was interrupted', durationMs: 0, checks: [], ...(step.span ? { span: step.span } : {}) });
        continue;
      }
      const missing = missingCapabilities(step.requires, env.caps, env.supports) ?? env.support.missing(featuresOf(scenario, step));
      if (missing) {
        if (step.kind === 'request') for (const c of Object.keys(step.capture)) outcomes.producers.set(c, `"${step.name}", which was skipped: ${missing}`);
        await push({ name: step.name, phase, status: 'skipped', reason: missing, durationMs: 0, checks: [], ...(step.span ? { span: step.span } : {}) });
        continue;
      }
      const stepFallback = step.needs ? { ...fallback, needs: step.needs } : fallback;
      if (step.kind === 'replay') {
        for await (const r of runReplayStep(step, phase, scenario, env, vars, created, stepFallback)) await push(r);
      } else {
        const r = await runRequestStep(step, phase, scenario, env, vars, created, stepFallback, outcomes);
        outcomes.byName.set(step.name, r);
        await push(r);
      }
    }
  };

  try {
    await runPhase('setup', scenario.setup);
    await runPhase('steps', scenario.steps);
  } finally {
    await runPhase('teardown', scenario.teardown);
    for (const path of created.pending()) await push(await cleanup(path, env));
    // After the clean-up, so members the scenario created and deleted are gone before comparing.
    for (const snap of snapshots) {
      const step = await restoreGroup(restoreEnv(env), snap);
      if (step) await push(step);
    }
  }
  result.status = aggregate(result.steps.filter((s) => s.checks.length > 0).map((s) => s.status));
  return finish();
}

/** What later steps of a scenario need to know about earlier ones: results by name, and who failed to give a variable. */
interface StepOutcomes {
  byName: Map<string, StepResult>;
  /** Variable → why it has no value: `"<step>", which failed` (or was skipped, and why). */
  producers: Map<string, string>;
}

const failedStatus = (s: StepResult | undefined) => s !== undefined && (s.status === 'failed' || s.status === 'errored');

/** `depends on <step>` when the missing variable is one a failed step should have captured. */
function dependencyReason(err: UndefinedVariableError, outcomes: StepOutcomes): string {
  const producer = outcomes.producers.get(err.variable.split('.')[0] ?? err.variable);
  return producer === undefined ? err.message : `depends on ${producer} (${err.message})`;
}

async function runRequestStep(
  step: RequestStep,
  phase: Phase,
  scenario: Scenario,
  env: ScenarioEnv,
  vars: Vars,
  created: CreatedResources,
  fallback: ResolvedMeta,
  outcomes: StepOutcomes,
): Promise<StepResult> {
  const base = { name: step.name, phase, ...(step.span ? { span: step.span } : {}) };
  const started = env.now();
  let relPath: string;
  let query: string;
  let headers: Record<string, string>;
  let body: string | undefined;
  try {
    relPath = renderText(step.request.path, vars);
    query = renderQuery(step.request.query, vars);
    headers = {};
    for (const [k, v] of Object.entries(step.request.headers)) headers[k] = renderText(v, vars);
    if (step.request.bodyText !== undefined) body = renderText(step.request.bodyText, vars);
    else if (step.request.hasBody) body = JSON.stringify(renderValue(step.request.body, vars));
  } catch (err) {
    if (!(err instanceof UndefinedVariableError)) throw err;
    const reason = dependencyReason(err, outcomes);
    for (const c of Object.keys(step.capture)) outcomes.producers.set(c, `"${step.name}", which was skipped: ${reason}`);
    return { ...base, status: 'skipped', reason, durationMs: 0, checks: [] };
  }
  const outgoing = {
    method: step.request.method,
    url: joinUrl(env.target, relPath, query),
    headers: {
      Accept: 'application/scim+json',
      ...(body !== undefined ? { 'Content-Type': 'application/scim+json; charset=utf-8' } : {}),
      ...headers,
      ...authHeaders(env.auth, step.request.auth),
    },
    ...(body !== undefined ? { body } : {}),
  };
  const sent = await sendRequest(env.transport, outgoing, env.redactor, env.now, phase === 'teardown' ? env.teardownSignal : env.signal);
  if (!sent.ok && sent.errorCode === 'ABORTED') {
    return { ...base, status: 'skipped', reason: `aborted: ${sent.error.message}`, durationMs: env.now() - started, exchange: sent.log, checks: [] };
  }
  if (!sent.ok) {
    const meta = step.expect?.status ? { ...fallback, requirement: step.expect.status.requirement ?? step.expect.requirement ?? fallback.requirement } : fallback;
    const check = makeCheck('transport', 'the target answers', meta, { status: 'errored', error: sent.error });
    return { ...base, status: 'errored', durationMs: env.now() - started, exchange: sent.log, checks: [check] };
  }
  const pathOnly = relPath.split('?')[0] ?? relPath;
  created.observe(step.request.method, pathOnly, sent.view.status, sent.view.json);
  const captureErrors: string[] = [];
  for (const [name, spec] of Object.entries(step.capture)) {
    const value = capture(spec, sent.view.headers, sent.view.json);
    if (value === undefined) captureErrors.push(name);
    else vars[name] = value;
  }
  const sentQuery = [relPath.split('?')[1], query.replace(/^\?/, '')].filter(Boolean).join('&');
  const accept = Object.entries(outgoing.headers).find(([k]) => k.toLowerCase() === 'accept')?.[1];
  const ctx = { request: { method: step.request.method, path: pathOnly, query: sentQuery, ...(accept ? { accept } : {}) }, response: sent.view };
  const raw = step.expect ? runExpectation(step.expect, ctx, vars, fallback, { registry: env.registry }) : [];
  const control = step.control !== undefined && failedStatus(outcomes.byName.get(step.control)) ? step.control : undefined;
  const checks = judgeStep({
    checks: raw,
    view: sent.view,
    stepName: step.name,
    features: featuresOf(scenario, step),
    request: ctx.request,
    support: env.support,
    ...(control ? { failedControl: control } : {}),
  });
  const result: StepResult = { ...base, status: stepStatus(checks), durationMs: env.now() - started, exchange: sent.log, checks };
  if (captureErrors.length > 0) {
    for (const c of captureErrors) outcomes.producers.set(c, `"${step.name}", which failed to give it`);
    result.reason = `could not capture ${captureErrors.map((c) => `\`${c}\``).join(', ')}; steps that use it are skipped`;
  }
  return result;
}

function renderQuery(query: RequestStep['request']['query'], vars: Vars): string {
  if (query === undefined) return '';
  if (typeof query === 'string') return renderText(query, vars);
  return Object.entries(query)
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'string' ? renderText(v, vars) : String(v))}`)
    .join('&');
}

function capture(spec: CaptureSpec, headers: Record<string, string>, json: unknown): unknown {
  let value: unknown;
  if (spec.header !== undefined) value = headers[spec.header.toLowerCase()];
  else if (spec.pointer !== undefined) {
    const hit = getPointer(json, spec.pointer);
    value = hit.found ? hit.value : undefined;
  }
  if (spec.where !== undefined) {
    const where = Object.entries(spec.where);
    const el: unknown = Array.isArray(value)
      ? value.find((v) => v !== null && typeof v === 'object' && where.every(([k, want]) => (v as Record<string, unknown>)[k] === want))
      : undefined;
    if (el === undefined) return undefined;
    const hit = spec.then !== undefined ? getPointer(el, spec.then) : { found: true, value: el };
    value = hit.found ? hit.value : undefined;
  }
  if (value === undefined || spec.pattern === undefined) return value;
  const m = new RegExp(spec.pattern).exec(typeof value === 'string' ? value : JSON.stringify(value));
  return m ? (m[1] ?? m[0]) : undefined;
}

async function cleanup(relPath: string, env: ScenarioEnv): Promise<StepResult> {
  const name = `clean up ${relPath}`;
  const isGroup = /^\/groups\//i.test(relPath);
  if (isGroup && env.caps['groups.delete'] === false) {
    return { name, phase: 'teardown', status: 'skipped', reason: 'the target cannot delete groups; delete it by hand', durationMs: 0, checks: [] };
  }
  const started = env.now();
  const sent = await sendRequest(
    env.transport,
    { method: 'DELETE', url: joinUrl(env.target, relPath, ''), headers: { Accept: 'application/scim+json', ...authHeaders(env.auth, 'default') } },
    env.redactor,
    env.now,
    env.teardownSignal,
  );
  const durationMs = env.now() - started;
  if (!sent.ok) return { name, phase: 'teardown', status: 'errored', reason: sent.error.message, durationMs, exchange: sent.log, checks: [] };
  const ok = sent.view.status < 300 || sent.view.status === 404;
  return {
    name,
    phase: 'teardown',
    status: ok ? 'passed' : 'errored',
    ...(ok ? {} : { reason: `clean-up answered ${sent.view.status}; the resource may be left behind` }),
    durationMs,
    exchange: sent.log,
    checks: [],
  };
}
