/**
 * `runSuite()`: discovery, then every scenario (with a concurrency limit), then
 * the run-level clean-up; returns the serialisable RunResult tree and emits
 * lifecycle events along the way (house style §10).
 */
import { randomBytes } from 'node:crypto';
import { defaultRegistry } from '../core/schema/schema-registry.js';
import type { SchemaRegistry } from '../core/schema/types.js';
import { discoverTarget } from './discover-target.js';
import type { CreatedGroup } from './discover-target.js';
import type { Transport } from './client/transport.js';
import { createRedactor } from './redact.js';
import { SupportLog } from './support-log.js';
import type { GroupInfo, GroupLease, ScenarioEnv } from './run-scenario.js';
import { runScenario } from './run-scenario.js';
import type { AuthConfig } from './send-request.js';
import { authHeaders, joinUrl, parseTarget, sendRequest } from './send-request.js';
import type { Capabilities, Capability, EntraMode, NamedCapability, RunResult, Scenario, ScenarioResult, StepResult } from './types.js';
import { CAPABILITIES } from './types.js';
import { hasCapability } from './capabilities.js';
import { orderScenarios } from './scenario-order.js';
import type { ScenarioOrder } from './scenario-order.js';

/** Lifecycle hooks; reporters implement the ones they need. Events carry redacted data only. */
export interface RunEvents {
  onRunStart?(info: { runId: string; scenarios: readonly Scenario[]; baseUrl: string }): void | Promise<void>;
  onScenarioStart?(scenario: Scenario): void | Promise<void>;
  onStepEnd?(scenario: Scenario, step: StepResult): void | Promise<void>;
  onScenarioEnd?(result: ScenarioResult): void | Promise<void>;
}

/** What scenario generators (`--schema-checks`) see: the discovery bodies and the run's identity. */
export interface DiscoveredTarget {
  resourceTypes: unknown;
  schemas: unknown;
  runId: string;
  /** Every fixed capability, resolved (hasCapability), plus what discovery found for the patterns. */
  caps: Capabilities & Record<NamedCapability, boolean>;
}

export interface RunOptions {
  baseUrl: string;
  transport: Transport;
  scenarios: readonly Scenario[];
  auth: AuthConfig;
  capabilityOverrides?: Partial<Record<Capability, boolean>>;
  /** Existing groups by displayName (`--group`). */
  groups?: readonly string[];
  entraMode?: EntraMode;
  concurrency?: number;
  /** The order scenarios run in; results stay in the given order either way. */
  order?: ScenarioOrder;
  bail?: boolean;
  mode: 'http' | 'mock';
  profile?: string;
  toolVersion: string;
  runId?: string;
  registry?: SchemaRegistry;
  signal?: AbortSignal;
  events?: RunEvents;
  /** Scenarios made from the target's discovery documents, run after `scenarios` (reads /Schemas when given). */
  generate?: (target: DiscoveredTarget) => Scenario[];
  /** Monotonic milliseconds; injectable so tests need no real clock. */
  now?: () => number;
  /** Wall-clock start for the report. */
  startedAt?: string;
}

export function newRunId(): string {
  return `r${randomBytes(4).toString('hex').slice(0, 5)}`;
}

export function defaultEntraMode(baseUrl: string): EntraMode {
  return /[?&]aadOptscim062020(=|&|$)/i.test(baseUrl) ? 'aadopt' : 'both';
}

export async function runSuite(options: RunOptions): Promise<RunResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const runId = options.runId ?? newRunId();
  const target = parseTarget(options.baseUrl);
  const basic = options.auth.basic;
  // The encoded basic credentials are as secret as the password: a target may echo the header back.
  const secrets = [
    options.auth.token,
    options.auth.oauth?.clientSecret,
    basic?.password,
    basic ? Buffer.from(`${basic.username}:${basic.password}`).toString('base64') : undefined,
    ...Object.values(options.auth.headers),
  ].filter((s): s is string => typeof s === 'string');
  const redactor = createRedactor(secrets);
  const entraMode = options.entraMode ?? defaultEntraMode(options.baseUrl);
  // The run's signal (Ctrl-C, --bail) cancels requests in flight; teardown gets its own, which
  // fires TEARDOWN_DEADLINE_MS after the run's, so clean-up is tried but never waits out a timeout.
  const abort = new AbortController();
  const teardown = new AbortController();
  let teardownTimer: ReturnType<typeof setTimeout> | undefined;
  abort.signal.addEventListener('abort', () => {
    teardownTimer = setTimeout(() => teardown.abort(new Error(`teardown gets ${TEARDOWN_DEADLINE_MS} ms once the run is stopped`)), TEARDOWN_DEADLINE_MS);
    teardownTimer.unref();
  });
  const onAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onAbort);
  if (options.signal?.aborted) onAbort();

  const result: RunResult = {
    version: 1,
    tool: { name: 'scimctl', version: options.toolVersion },
    runId,
    startedAt: options.startedAt ?? new Date().toISOString(),
    durationMs: 0,
    target: {
      baseUrl: redactor.text(options.baseUrl),
      mode: options.mode,
      ...(options.profile ? { profile: options.profile } : {}),
      entraMode,
    },
    capabilities: {},
    aborted: false,
    discovery: [],
    supports: [],
    scenarios: [],
  };

  await options.events?.onRunStart?.({ runId, scenarios: options.scenarios, baseUrl: result.target.baseUrl });
  const get = async (relPath: string, query = '') =>
    sendRequest(
      options.transport,
      { method: 'GET', url: joinUrl(target, relPath, query), headers: { Accept: 'application/scim+json', ...authHeaders(options.auth, 'default') } },
      redactor,
      now,
      abort.signal,
    );
  // Discover, then run (discover-target.ts): capabilities, probes, and an early stop for a target we cannot judge.
  const discovered = await discoverTarget({
    send: (req) =>
      sendRequest(
        options.transport,
        {
          method: req.method,
          url: joinUrl(target, req.path, req.query ?? ''),
          headers: {
            Accept: 'application/scim+json',
            ...(req.body !== undefined ? { 'Content-Type': 'application/scim+json; charset=utf-8' } : {}),
            ...authHeaders(options.auth, 'default'),
          },
          ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        },
        redactor,
        now,
        abort.signal,
      ),
    log: (exchange) => result.discovery.push(exchange),
    scenarios: options.scenarios,
    overrides: options.capabilityOverrides ?? {},
    givenGroups: options.groups?.length ?? 0,
    runId,
  });
  if (!discovered.ok) {
    options.signal?.removeEventListener('abort', onAbort);
    // Stopped during discovery: an interrupted run, not an unreachable target.
    if (discovered.stopped) return stopped();
    result.fatal = discovered.fatal;
    return done();
  }
  const caps = discovered.caps;
  result.capabilities = discovered.capabilities;
  result.supports = discovered.supports;

  // Runtime evidence (a passing step, a lawful refusal) is added to what discovery found.
  const support = new SupportLog();
  for (const entry of discovered.supports) support.record(entry);
  let scenarios = options.scenarios;
  if (options.generate) {
    const named = Object.fromEntries(CAPABILITIES.map((c) => [c, hasCapability(caps, c)])) as Record<NamedCapability, boolean>;
    scenarios = [...scenarios, ...options.generate({ resourceTypes: discovered.documents.resourceTypes, schemas: discovered.documents.schemas, runId, caps: { ...caps, ...named } })];
  }

  const groupPool = createGroupPool(options, {
    get,
    caps,
    runId,
    redactor,
    now,
    target,
    signal: abort.signal,
    teardownSignal: teardown.signal,
    ...(discovered.probeGroup ? { probeGroup: discovered.probeGroup } : {}),
  });
  const groupTurns = createTurns();
  const env: ScenarioEnv = {
    transport: options.transport,
    target,
    auth: options.auth,
    redactor,
    caps,
    supports: discovered.supports,
    runId,
    registry: options.registry ?? defaultRegistry,
    entraMode,
    now,
    signal: abort.signal,
    teardownSignal: teardown.signal,
    support,
    groupsFor: async (n) => {
      const groups = await groupPool.take(n);
      return typeof groups === 'string' ? groups : { groups, release: await groupTurns.acquire(groups.map((g) => g.id)) };
    },
    onStepEnd: (s, step) => options.events?.onStepEnd?.(s, step),
  };

  const results: (ScenarioResult | undefined)[] = new Array(scenarios.length);
  const runOrder = orderScenarios(scenarios.length, options.order);
  let next = 0;
  const worker = async () => {
    while (next < runOrder.length) {
      const i = runOrder[next++] as number;
      const scenario = scenarios[i] as Scenario;
      await options.events?.onScenarioStart?.(scenario);
      const r = await runScenario(scenario, env);
      results[i] = r;
      await options.events?.onScenarioEnd?.(r);
      if (options.bail && (r.status === 'failed' || r.status === 'errored') && !abort.signal.aborted) {
        abort.abort(new Error(`--bail: scenario ${scenario.id} ${r.status}`));
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 1, scenarios.length || 1)) }, worker));
  } finally {
    await groupPool.release();
    options.signal?.removeEventListener('abort', onAbort);
    clearTimeout(teardownTimer);
  }
  result.scenarios = results.filter((r): r is ScenarioResult => r !== undefined);
  result.supports = support.list();
  result.aborted = abort.signal.aborted;
  return done();

  function stopped(): RunResult {
    result.aborted = true;
    return done();
  }

  function done(): RunResult {
    result.durationMs = now() - started;
    return result;
  }
}

/**
 * Scenarios that share a group take turns with it, so one's restore (group-restore.ts)
 * never undoes another's change mid-scenario, and each reads the group as the target
 * has it. Ids are taken in the order given; the pool hands out prefixes of one list,
 * so every scenario asks in the same order and none waits on another that waits on it.
 */
function createTurns() {
  const tails = new Map<string, Promise<void>>();
  const one = async (id: string): Promise<() => void> => {
    const before = tails.get(id) ?? Promise.resolve();
    let done!: () => void;
    const mine = new Promise<void>((resolve) => (done = resolve));
    const tail = before.then(() => mine);
    tails.set(id, tail);
    await before;
    return () => {
      done();
      if (tails.get(id) === tail) tails.delete(id);
    };
  };
  return {
    async acquire(ids: readonly string[]): Promise<GroupLease['release']> {
      const releases: (() => void)[] = [];
      for (const id of [...new Set(ids)]) releases.push(await one(id));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        for (const r of releases) r();
      };
    },
  };
}

/** How long clean-up may take once a run is stopped (Ctrl-C, --bail): short, so Ctrl-C feels instant. */
export const TEARDOWN_DEADLINE_MS = 1500;

interface PoolDeps {
  get: (relPath: string, query?: string) => ReturnType<typeof sendRequest>;
  caps: Capabilities;
  runId: string;
  redactor: ReturnType<typeof createRedactor>;
  now: () => number;
  target: ReturnType<typeof parseTarget>;
  signal: AbortSignal;
  teardownSignal: AbortSignal;
  /** The group discovery created when it tried group creation: the first of the run's own groups. */
  probeGroup?: CreatedGroup;
}

type Listed = { id?: unknown; displayName?: unknown };

/**
 * Groups for scenarios that need existing ones: `--group` names looked up
 * once; else run-scoped groups created on first need and deleted when the run
 * ends; else, on a target that refuses group creation (Mezmo's child
 * organizations), the groups it lists on `GET /Groups`, the way an IdP links
 * its groups to them.
 */
function createGroupPool(options: RunOptions, deps: PoolDeps) {
  let resolved: Promise<GroupInfo[] | string> | undefined;
  const createdIds: string[] = deps.probeGroup ? [deps.probeGroup.id] : [];
  const headers = () => ({ Accept: 'application/scim+json', ...authHeaders(options.auth, 'default') });
  const given = options.groups ?? [];

  const lookup = async (): Promise<GroupInfo[] | string> => {
    const out: GroupInfo[] = [];
    for (const name of given) {
      const filter = `displayName eq "${name.replace(/["\\]/g, '\\$&')}"`;
      const res = await deps.get('/Groups', `filter=${encodeURIComponent(filter)}`);
      const hit = res.ok ? (res.view.json as { Resources?: Listed[] } | undefined)?.Resources?.[0] : undefined;
      if (!hit || typeof hit.id !== 'string') return `--group "${name}" was not found on the target`;
      out.push({ id: hit.id, displayName: typeof hit.displayName === 'string' ? hit.displayName : name });
    }
    if (out.length === 0 && deps.probeGroup) out.push(deps.probeGroup);
    return out;
  };

  const create = async (have: GroupInfo[], n: number): Promise<GroupInfo[] | string> => {
    const out = [...have];
    while (out.length < n) {
      const displayName = `scimctl ${deps.runId} group ${createdIds.length + 1}`;
      const res = await sendRequest(
        options.transport,
        {
          method: 'POST',
          url: joinUrl(deps.target, '/Groups', ''),
          headers: { ...headers(), 'Content-Type': 'application/scim+json; charset=utf-8' },
          body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName, members: [] }),
        },
        deps.redactor,
        deps.now,
        deps.signal,
      );
      const id = res.ok ? (res.view.json as { id?: unknown } | undefined)?.id : undefined;
      if (!res.ok || res.view.status >= 300 || typeof id !== 'string') {
        return `could not create a group for the scenario (${res.ok ? `status ${res.view.status}` : res.error.message}); pass --group <displayName>`;
      }
      createdIds.push(id);
      out.push({ id, displayName });
    }
    return out;
  };

  /** The target's own groups, as `GET /Groups` lists them (RFC 7644 §3.4.2), skipping those already in hand. */
  const listed = async (have: GroupInfo[], n: number): Promise<GroupInfo[] | string> => {
    const out = [...have];
    const res = await deps.get('/Groups', `startIndex=1&count=${Math.max(n, 10)}`);
    const resources = res.ok && res.view.status === 200 ? (res.view.json as { Resources?: unknown } | undefined)?.Resources : undefined;
    for (const g of Array.isArray(resources) ? (resources as Listed[]) : []) {
      if (out.length >= n) break;
      if (typeof g?.id !== 'string' || typeof g.displayName !== 'string' || out.some((o) => o.id === g.id)) continue;
      out.push({ id: g.id, displayName: g.displayName });
    }
    if (out.length >= n) return out;
    return `needs ${n} existing group(s): the target refuses group creation and GET /Groups ${res.ok ? `listed ${out.length - have.length} (status ${res.view.status})` : `failed (${res.error.message})`}; pass --group <displayName>`;
  };

  // Scenarios run concurrently: hand out groups one request at a time.
  let queue: Promise<unknown> = Promise.resolve();
  const takeNow = async (n: number): Promise<GroupInfo[] | string> => {
    resolved ??= lookup();
    let groups = await resolved;
    if (typeof groups === 'string') return groups;
    if (groups.length >= n) return groups.slice(0, n);
    resolved = deps.caps['groups.create'] === false ? listed(groups, n) : create(groups, n);
    groups = await resolved;
    return typeof groups === 'string' ? groups : groups.slice(0, n);
  };

  return {
    take(n: number): Promise<GroupInfo[] | string> {
      const next = queue.then(() => takeNow(n));
      queue = next.catch(() => undefined);
      return next;
    },
    async release(): Promise<void> {
      if (deps.caps['groups.delete'] === false) return;
      for (const id of createdIds) {
        await sendRequest(
          options.transport,
          { method: 'DELETE', url: joinUrl(deps.target, `/Groups/${encodeURIComponent(id)}`, ''), headers: headers() },
          deps.redactor,
          deps.now,
          deps.teardownSignal,
        );
      }
    },
  };
}
