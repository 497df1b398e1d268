/**
 * Runs scenarios in process against the built-in server (optionally behind a
 * fault layer), the way `scimctl test --mock` does: the profile's default
 * seed plus the /Me user (mockServerSetup), and for mezmo the seeded child
 * organizations as the existing groups with group creation and deletion off.
 * Clock, run id and start time are fixed.
 */
import { mockServerSetup } from '../../src/cli/mock-server.js';
import { createHandlerTransport } from '../../src/runner/client/handler-transport.js';
import { expandPaths, loadScenarios } from '../../src/runner/load/find-scenarios.js';
import { runSuite } from '../../src/runner/run-suite.js';
import type { Capability, CheckResult, RunResult, Scenario } from '../../src/runner/types.js';
import { createScimServer, PROFILES } from '../../src/server/create-server.js';
import type { ProfileName } from '../../src/server/profiles/types.js';
import type { ScimHandler } from '../../src/server/types.js';

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
  /** Scenario order: as listed (default) or reversed. */
  reverse?: boolean;
  concurrency?: number;
  runId?: string;
}

export type MockServer = ReturnType<typeof createScimServer>;

/** The reference server as --mock builds it, with a fixed clock. */
export function mockServer(profileName: ProfileName, options: { strict?: boolean; emptyApp?: boolean } = {}): MockServer {
  const { seed, me } = mockServerSetup(PROFILES[profileName], { withMe: !options.emptyApp });
  let tick = Date.parse('2026-01-01T00:00:00.000Z');
  return createScimServer({ profile: profileName, token: TOKEN, strict: options.strict ?? false, now: () => new Date((tick += 1000)), seed, ...(me ? { me } : {}) });
}

export async function runMock(options: MockRunOptions): Promise<RunResult> {
  const { seed, me } = mockServerSetup(PROFILES[options.profile], { withMe: !options.emptyApp });
  const server = options.server ?? mockServer(options.profile, { strict: options.strict ?? false, emptyApp: options.emptyApp ?? false });
  const handler = options.wrap ? options.wrap(server) : server;
  const mezmo = options.profile === 'mezmo';
  const groups = mezmo ? (seed.groups ?? []).map((g) => g.displayName).filter((n): n is string => typeof n === 'string').slice(0, 2) : [];
  const all = builtinScenarios();
  const picked = options.ids ? all.filter((s) => options.ids?.includes(s.id)) : all;
  const scenarios = options.reverse ? [...picked].reverse() : picked;
  if (options.ids && picked.length !== options.ids.length) throw new Error(`unknown scenario id in ${options.ids.join(', ')}`);
  let clock = 0;
  return runSuite({
    baseUrl: `http://scimctl.mock${server.basePath}`,
    transport: createHandlerTransport(handler),
    scenarios,
    auth: { token: TOKEN, headers: {} },
    capabilityOverrides: { me: me !== undefined, ...(mezmo ? { 'groups.create': false, 'groups.delete': false } : {}), ...options.overrides },
    groups,
    mode: 'mock',
    profile: options.profile,
    toolVersion: 'test',
    runId: options.runId ?? 'rtest1',
    ...(options.concurrency ? { concurrency: options.concurrency } : {}),
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
