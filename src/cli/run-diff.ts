/**
 * `scimctl diff <url>`: the scenarios run against the target, then against the
 * built-in server in process (same run id, same capabilities), compared step
 * by step (src/runner/diff). Exit 0 unless the target could not be run, or
 * 1 (DIFF_FOUND) with --fail-on-diff when anything differs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Diagnostic } from '../core/errors.js';
import { exitCodeFor, exitCodeForDiagnostics, isScimctlError, SCIMCTL_ERRORS } from '../core/errors.js';
import { renderDiffHtml } from '../reporters/diff-html.js';
import { renderDiffPretty } from '../reporters/diff-pretty.js';
import { createHandlerTransport } from '../runner/client/handler-transport.js';
import { createHttpTransport } from '../runner/client/http-transport.js';
import { compareRuns } from '../runner/diff/compare-runs.js';
import type { DiffResult } from '../runner/diff/diff-types.js';
import { newRunId, runSuite } from '../runner/run-suite.js';
import type { Capability, RunResult } from '../runner/types.js';
import { createScimServer, PROFILES } from '../server/create-server.js';
import { defaultSeed } from '../server/seed.js';
import type { CliIO } from './cli-io.js';
import { useColor } from './cli-io.js';
import { printDiagnostics } from './print-diagnostics.js';
import { loadPlanScenarios, withAuthAndThrottle } from './run-test.js';
import { resolveTestPlan } from './test-options.js';
import type { TestFlags } from './test-options.js';
import { toolVersion } from './tool-version.js';

export interface DiffFlags extends Omit<TestFlags, 'reporter' | 'mock'> {
  reporter?: string;
  failOnDiff?: boolean;
}

const FORMATS = ['pretty', 'json', 'html'] as const;
type Format = (typeof FORMATS)[number];

/** Whether anything differs: a step that differs or ran on one side only. */
export function hasDifferences(result: DiffResult): boolean {
  return result.counts.differs + result.counts.oneSided > 0;
}

export async function runDiffCommand(url: string | undefined, flags: DiffFlags, io: CliIO): Promise<number> {
  const color = useColor(io);
  const fail = (diagnostics: Diagnostic[]) => {
    printDiagnostics(diagnostics, io.stderr, color);
    return exitCodeForDiagnostics(diagnostics);
  };
  const format = (flags.reporter ?? 'pretty') as Format;
  if (!FORMATS.includes(format)) {
    return fail([{ code: 'USAGE', severity: 'error', message: `--reporter must be pretty, json or html (got "${flags.reporter}")`, hint: SCIMCTL_ERRORS.USAGE.hint }]);
  }
  if (!url) return fail([{ code: 'USAGE', severity: 'error', message: 'scimctl diff needs the target base URL', hint: 'scimctl diff https://app.example/scim/v2' }]);
  const { reporter: _r, failOnDiff: _f, output: _o, ...testFlags } = flags;
  const planned = resolveTestPlan(url, { ...testFlags, concurrency: '1' }, io.env, io.cwd);
  if (!planned.ok) return fail(planned.diagnostics);
  const plan = planned.value;
  const scenarios = loadPlanScenarios(plan);
  if (!scenarios.ok) return fail(scenarios.diagnostics);
  if (scenarios.value.length === 0) {
    return fail([{ code: 'USAGE', severity: 'error', message: 'no scenario matches --tag/--grep', hint: 'run `scimctl list` to see scenarios and tags' }]);
  }

  let transport;
  try {
    transport = withAuthAndThrottle(plan, createHttpTransport({ timeoutMs: plan.timeoutMs, insecure: plan.insecure, ...(plan.ca ? { caFile: plan.ca } : {}), ...(plan.proxy ? { proxy: plan.proxy } : {}), connections: 2 }));
  } catch (err) {
    if (isScimctlError(err)) return fail([{ code: err.code, severity: 'error', message: err.message, hint: err.hint }]);
    throw err;
  }
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => {
    io.stderr.write('\nscimctl: interrupted; cleaning up what this run created…\n');
    abort.abort();
  });
  // Both runs share the run id, so run-scoped names are the same on both sides.
  const runId = newRunId();
  const common = { scenarios: scenarios.value, concurrency: 1, toolVersion: toolVersion(), runId, signal: abort.signal, ...(plan.entraMode ? { entraMode: plan.entraMode } : {}) };
  let target: RunResult;
  let reference: RunResult | undefined;
  try {
    io.stderr.write(`scimctl diff: running ${scenarios.value.length} scenarios against ${plan.baseUrl}…\n`);
    target = await runSuite({ ...common, baseUrl: plan.baseUrl as string, transport, auth: plan.auth, capabilityOverrides: plan.capabilityOverrides, groups: plan.groups, mode: 'http' });
    if (!target.fatal && !abort.signal.aborted) {
      io.stderr.write(`scimctl diff: and against the built-in server (profile ${plan.profile})…\n`);
      reference = await runReference(plan.profile, target, common);
    }
  } finally {
    removeInterrupt();
    await transport.close();
  }
  const result = reference ? compareRuns(target, reference, { profile: plan.profile }) : compareRuns(target, { ...target, scenarios: [] }, { profile: plan.profile });
  const text = format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : format === 'html' ? renderDiffHtml(result) : renderDiffPretty(result, color);
  if (flags.output) {
    await mkdir(dirname(flags.output), { recursive: true });
    await writeFile(flags.output, text, 'utf8');
  } else io.stdout.write(text);
  if (target.fatal) {
    printDiagnostics([target.fatal], io.stderr, color);
    return exitCodeForDiagnostics([target.fatal]);
  }
  if (abort.signal.aborted) return exitCodeFor('INTERRUPTED');
  return flags.failOnDiff && hasDifferences(result) ? exitCodeFor('DIFF_FOUND') : 0;
}

/**
 * The built-in server as `scimctl serve --profile <p>` starts (its default seed), in process, with the
 * capabilities the target was run with, so the same scenarios and steps run or are skipped on both sides.
 */
async function runReference(
  profileName: 'rfc' | 'mezmo',
  target: RunResult,
  common: Omit<Parameters<typeof runSuite>[0], 'baseUrl' | 'transport' | 'auth' | 'mode'>,
): Promise<RunResult> {
  const token = `diff-${target.runId}`;
  const profile = PROFILES[profileName];
  const seed = defaultSeed(profile);
  const server = createScimServer({ profile: profileName, token, ...(seed ? { seed } : {}) });
  const mezmo = profileName === 'mezmo';
  const groups = mezmo ? (seed?.groups ?? []).map((g) => g.displayName).filter((n): n is string => typeof n === 'string').slice(0, 2) : [];
  return runSuite({
    ...common,
    baseUrl: `http://scimctl.reference${server.basePath}`,
    transport: createHandlerTransport(server),
    auth: { token, headers: {} },
    capabilityOverrides: target.capabilities as Partial<Record<Capability, boolean>>,
    groups,
    mode: 'mock',
    profile: profileName,
  });
}
