/**
 * Runs scenarios in process against the built-in server (optionally behind a
 * fault layer or as a variant lacking optional features) with the set-up
 * `scimctl test --mock` uses (createMockServer, mockTargetFor); what the profile can do is
 * discovered, as on any target. Clock, run id and start time are fixed.
 */
import { createMockServer, mockServerSetup, mockTargetFor } from '../../src/cli/mock-server.js';
import { createScimServer, PROFILES } from '../../src/server/create-server.js';
import type { ScimServer } from '../../src/server/create-server.js';
import type { SeedData } from '../../src/server/seed-data.js';
import { expandPaths, loadScenarios } from '../../src/runner/load/find-scenarios.js';
import { runSuite } from '../../src/runner/run-suite.js';
import type { Capability, CheckResult, RunResult, Scenario } from '../../src/runner/types.js';
import type { ScenarioOrder } from '../../src/runner/scenario-order.js';
import type { ProfileName } from '../../src/server/profiles/types.js';
import type { ScimHandler } from '../../src/server/types.js';
import type { LackableFeature } from '../../src/server/variants/lacking.js';

export const TOKEN = 'suite-token-0123456789';

let cache: Scenario[] | undefined;

/** Every scenario under scenarios/ (loaded once per test file). */
export function builtinScenarios(): Scenario[] {
  if (cache) return cache;
  const files = expandPaths(['scenarios']);
  if (!files.ok) throw new Error(files.diagnostics.map((d) => d.message).join('\n'));
  const loaded = loadScenarios(files.value);
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => `${d.span?.file ?? ''}:${d.span?.start.line ?? ''} ${d.message}`).join('\n'));
  cache = loaded.value;
  return cache;
}

export interface MockRunOptions {
  profile: ProfileName;
  /** Scenario ids to run (default: all). */
  ids?: readonly string[];
  /** Wraps the reference handler: the fault layer. */
  wrap?: (handler: ScimHandler) => ScimHandler;
  overrides?: Partial<Record<Capability, boolean>>;
  /** The reference server without its IdP tolerances (serve --strict). */
  strict?: boolean;
  /** Start without the /Me user --mock seeds: an app with no users at all. */
  emptyApp?: boolean;
  /** Run against this server (from mockServer) instead of a fresh one: runs in a row see each other's leftovers. */
  server?: MockServer;
  /** Scenario order: as listed (default) or reversed (--order reverse). */
  reverse?: boolean;
  order?: ScenarioOrder;
  concurrency?: number;
  runId?: string;
  /** A test-only variant of the reference server that lacks these optional features. */
  lacking?: readonly LackableFeature[];
  /** Existing groups by displayName (`--group`). */
  groups?: readonly string[];
}

export type MockServer = ScimServer;

/**
 * The reference server as --mock builds it (createMockServer), with a fixed clock.
 * `seed` rewrites the seed --mock would start from (the profile's default plus the /Me user).
 */
export function mockServer(
  profileName: ProfileName,
  options: { strict?: boolean; emptyApp?: boolean; lacking?: readonly LackableFeature[]; seed?: (seed: SeedData) => SeedData } = {},
): MockServer {
  let tick = Date.parse('2026-01-01T00:00:00.000Z');
  if (options.seed) {
    const { seed, me } = mockServerSetup(PROFILES[profileName], { withMe: !options.emptyApp });
    return createScimServer({
      profile: profileName,
      token: TOKEN,
      seed: options.seed(seed),
      ...(me ? { me } : {}),
      strict: options.strict ?? false,
      now: () => new Date((tick += 1000)),
      ...(options.lacking ? { lacking: options.lacking } : {}),
    });
  }
  return createMockServer({
    profile: profileName,
    token: TOKEN,
    withMe: !options.emptyApp,
    strict: options.strict ?? false,
    now: () => new Date((tick += 1000)),
    ...(options.lacking ? { lacking: options.lacking } : {}),
  });
}

export async function runMock(options: MockRunOptions): Promise<RunResult> {
  // The CLI's own --mock set-up (src/cli/mock-server.ts): what a profile can do is discovered, not told.
  const server = options.server ?? mockServer(options.profile, { strict: options.strict ?? false, emptyApp: options.emptyApp ?? false, ...(options.lacking ? { lacking: options.lacking } : {}) });
  const target = mockTargetFor(server, options.wrap);
  const all = builtinScenarios();
  const picked = options.ids ? all.filter((s) => options.ids?.includes(s.id)) : all;
  const scenarios = picked;
  if (options.ids && picked.length !== options.ids.length) throw new Error(`unknown scenario id in ${options.ids.join(', ')}`);
  let clock = 0;
  return runSuite({
    baseUrl: target.baseUrl,
    transport: target.transport,
    scenarios,
    auth: { token: TOKEN, headers: {} },
    ...(options.overrides ? { capabilityOverrides: options.overrides } : {}),
    mode: 'mock',
    profile: options.profile,
    toolVersion: 'test',
    runId: options.runId ?? 'rtest1',
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
    ...(options.groups ? { groups: options.groups } : {}),
    ...(options.order || options.reverse ? { order: options.order ?? { kind: 'reverse' } } : {}),
    startedAt: '2026-01-01T00:00:00.000Z',
    now: () => (clock += 1),
  });
}

export interface Failure {
  scenario: string;
  step: string;
  check: CheckResult;
}

export function failures(run: RunResult): Failure[] {
  return run.scenarios.flatMap((s) =>
    s.steps.flatMap((step) => step.checks.filter((c) => c.status === 'failed' || c.status === 'errored').map((check) => ({ scenario: s.id, step: step.name, check }))),
  );
}

/** One line per failure, for assertion messages. */
export function describeFailures(list: readonly Failure[]): string {
  return list
    .map((f) => {
      const r = f.check.requirement;
      const msg = f.check.status === 'failed' ? f.check.message : f.check.status === 'errored' ? f.check.error.message : '';
      return `${f.scenario} › ${f.step} › ${f.check.checkId} [${r.id ?? r.doc ?? `${r.source} ${r.section ?? ''}`}] ${msg}`;
    })
    .join('\n');
}
