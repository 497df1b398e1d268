/**
 * `scimctl test`: options → scenarios → transport → runSuite → verdict →
 * reporters, HAR and baseline. Returns the exit code; never exits itself.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from '../core/errors.js';
import { exitCodeFor, exitCodeForDiagnostics, isScimctlError } from '../core/errors.js';
import { createReporters, fanOutEvents } from '../reporters/index.js';
import { toolVersion } from './tool-version.js';
import { baselineOf, parseBaseline } from '../runner/baseline.js';
import { createHttpTransport } from '../runner/client/http-transport.js';
import type { Transport } from '../runner/client/transport.js';
import { compose } from '../runner/client/compose.js';
import { withOAuth } from '../runner/client/with-oauth.js';
import { withThrottle } from '../runner/client/with-throttle.js';
import { toHar } from '../runner/har.js';
import { builtinScenarioDir, expandPaths, filterScenarios, loadScenarios } from '../runner/load/find-scenarios.js';
import { displayPath } from '../runner/load/read-yaml-file.js';
import { runSuite } from '../runner/run-suite.js';
import type { DiscoveredTarget } from '../runner/run-suite.js';
import { generateSchemaChecks } from '../runner/schema-checks/generate-schema-checks.js';
import type { Capability, Scenario } from '../runner/types.js';
import { compareBaseline, computeVerdict } from '../runner/verdict.js';
import type { CliIO } from './cli-io.js';
import { useColor } from './cli-io.js';
import { createMockTarget } from './mock-server.js';
import { printDiagnostics } from './print-diagnostics.js';
import { resolveTestPlan } from './test-options.js';
import type { TestFlags, TestPlan } from './test-options.js';

/** Scenario files for a plan: --scenarios (plus the built-ins with --with-builtin), or the built-ins. */
export function scenarioSources(plan: Pick<TestPlan, 'scenarioPaths' | 'withBuiltin'>): string[] {
  if (plan.scenarioPaths.length === 0) return [builtinScenarioDir()];
  return plan.withBuiltin ? [...plan.scenarioPaths, builtinScenarioDir()] : plan.scenarioPaths;
}

export function loadPlanScenarios(plan: Pick<TestPlan, 'scenarioPaths' | 'withBuiltin' | 'tags' | 'grep'>, cwd?: string): { ok: true; value: Scenario[] } | { ok: false; diagnostics: Diagnostic[] } {
  const sources = scenarioSources(plan);
  const files = expandPaths(sources, cwd);
  if (!files.ok) return files;
  const loaded = loadScenarios(files.value, sources, cwd);
  if (!loaded.ok) return loaded;
  return { ok: true, value: filterScenarios(loaded.value, { tags: plan.tags, ...(plan.grep ? { grep: plan.grep } : {}) }) };
}

interface Target {
  baseUrl: string;
  transport: Transport;
  groups: string[];
  overrides: Partial<Record<Capability, boolean>>;
}

function mockTarget(plan: TestPlan): Target {
  const token = plan.auth.token ?? `mock-${randomBytes(12).toString('hex')}`;
  plan.auth.token = token;
  // What the profile can do (/Me, group creation, its existing groups) is discovered like on any target.
  const { baseUrl, transport } = createMockTarget({ profile: plan.profile, token });
  return { baseUrl, transport: withAuthAndThrottle(plan, transport), groups: plan.groups, overrides: plan.capabilityOverrides };
}

/**
 * The wrappers every transport gets: 429 + Retry-After honoured like the IdPs do,
 * then OAuth tokens outside it (so a throttled token request is retried too).
 */
export function withAuthAndThrottle(plan: TestPlan, transport: Transport): Transport {
  return compose(transport, withThrottle(), ...(plan.auth.oauth ? [withOAuth(plan.auth.oauth)] : []));
}

export async function runTestCommand(url: string | undefined, flags: TestFlags, io: CliIO): Promise<number> {
  const color = useColor(io);
  // Exit codes come from the error table (docs/errors.md): file and flag problems are usage errors.
  const fail = (diagnostics: Diagnostic[]) => {
    printDiagnostics(diagnostics, io.stderr, color, io.cwd);
    return exitCodeForDiagnostics(diagnostics);
  };
  const planned = resolveTestPlan(url, flags, io.env, io.cwd);
  if (!planned.ok) return fail(planned.diagnostics);
  const plan = planned.value;

  const reporters = createReporters(
    plan.reporters,
    { ...(plan.outputDir ? { outputDir: plan.outputDir } : {}), ...(plan.output ? { output: plan.output } : {}) },
    { stdout: io.stdout, color, isTTY: io.isTTY, githubActions: io.env['GITHUB_ACTIONS'] === 'true', verbose: plan.verbose },
  );
  if (!reporters.ok) return fail(reporters.diagnostics);

  const scenarios = loadPlanScenarios(plan, io.cwd);
  if (!scenarios.ok) return fail(scenarios.diagnostics);
  if (scenarios.value.length === 0 && !plan.schemaChecks) {
    return fail([{ code: 'USAGE', severity: 'error', message: 'no scenario matches --tag/--grep', hint: 'run `scimctl list` to see scenarios and tags' }]);
  }

  let baseline: string[] | undefined;
  if (plan.baseline) {
    let text: string;
    try {
      text = readFileSync(plan.baseline, 'utf8');
    } catch {
      return fail([{ code: 'FILE_NOT_FOUND', severity: 'error', message: `baseline \`${displayPath(plan.baseline, io.cwd)}\` does not exist`, hint: 'create it with --write-baseline' }]);
    }
    const parsed = parseBaseline(text, displayPath(plan.baseline, io.cwd));
    if (!parsed.ok) return fail(parsed.diagnostics);
    baseline = parsed.value;
  }

  let target: Target;
  try {
    target = plan.mock
      ? mockTarget(plan)
      : {
          baseUrl: plan.baseUrl as string,
          transport: withAuthAndThrottle(plan, createHttpTransport({
            timeoutMs: plan.timeoutMs,
            insecure: plan.insecure,
            ...(plan.ca ? { caFile: plan.ca } : {}),
            ...(plan.proxy ? { proxy: plan.proxy } : {}),
            connections: Math.max(2, plan.concurrency * 2),
          })),
          groups: plan.groups,
          overrides: plan.capabilityOverrides,
        };
  } catch (err) {
    if (isScimctlError(err)) return fail([{ code: err.code, severity: 'error', message: err.message, hint: err.hint }]);
    throw err;
  }

  // Ctrl-C cancels the requests in flight; teardown gets a short deadline (run-suite.ts); exit 130.
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => {
    if (abort.signal.aborted) return;
    io.stderr.write('\nscimctl: interrupted; cleaning up what this run created…\n');
    abort.abort(new Error('interrupted (Ctrl-C)'));
  });
  try {
    const run = await runSuite({
      baseUrl: target.baseUrl,
      transport: target.transport,
      scenarios: scenarios.value,
      auth: plan.auth,
      capabilityOverrides: target.overrides,
      groups: target.groups,
      ...(plan.entraMode ? { entraMode: plan.entraMode } : {}),
      concurrency: plan.concurrency,
      order: plan.order,
      bail: plan.bail,
      mode: plan.mock ? 'mock' : 'http',
      ...(plan.mock ? { profile: plan.profile } : {}),
      toolVersion: toolVersion(),
      signal: abort.signal,
      ...(plan.schemaChecks ? { generate: (t: DiscoveredTarget) => schemaChecksFor(t, plan, io) } : {}),
      events: fanOutEvents(reporters.value),
    });
    const judged = computeVerdict(run, baseline);
    // --bail keeps the verdict's code; an interrupt is exit 130 whatever ran before it.
    const verdict = abort.signal.aborted ? { ...judged, exitCode: exitCodeFor('INTERRUPTED') } : judged;
    const summary = { verdict, ...(baseline ? { baseline: compareBaseline(run, baseline) } : {}) };
    for (const r of reporters.value) await r.onRunEnd?.(run, summary);
    if (plan.har) await writeJson(plan.har, toHar(run));
    if (plan.writeBaseline) await writeJson(plan.writeBaseline, baselineOf(run));
    return verdict.exitCode;
  } finally {
    removeInterrupt();
    await target.transport.close();
  }
}

/** `--schema-checks`: scenarios from the target's declarations, through --tag and --grep like the built-in ones. */
function schemaChecksFor(t: DiscoveredTarget, plan: Pick<TestPlan, 'tags' | 'grep'>, io: CliIO): Scenario[] {
  const generated = generateSchemaChecks({ resourceTypesBody: t.resourceTypes, schemasBody: t.schemas, runId: t.runId });
  for (const note of generated.notes) io.stderr.write(`scimctl: ${note}\n`);
  return filterScenarios(generated.scenarios, { tags: plan.tags, ...(plan.grep ? { grep: plan.grep } : {}) });
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`, 'utf8');
}
