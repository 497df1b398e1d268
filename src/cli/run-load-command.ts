/**
 * `scimctl load`: options → plan → one pooled HTTP transport → runLoad →
 * reporters. Or, with `--export artillery <file>`, the same traffic as an
 * Artillery script. Returns the exit code; never exits itself.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Diagnostic } from '../core/errors.js';
import { EXIT_CODES, exitCodeForDiagnostics, isScimctlError } from '../core/errors.js';
import { artilleryScript } from '../load/artillery-export.js';
import { loadExitCode } from '../load/load-verdicts.js';
import { runLoad } from '../load/run-load.js';
import type { LoadClock } from '../load/schedule.js';
import type { LoadOptions } from '../load/run-load.js';
import type { LoadPlan, LoadProfile } from '../load/types.js';
import { renderLoadJson } from '../reporters/load/load-json.js';
import { renderLoadPretty } from '../reporters/load/load-pretty.js';
import { compose } from '../runner/client/compose.js';
import { createHttpTransport } from '../runner/client/http-transport.js';
import { OAUTH_PLACEHOLDER, withOAuth } from '../runner/client/with-oauth.js';
import type { Transport } from '../runner/client/transport.js';
import { createRedactor } from '../runner/redact.js';
import type { CliIO } from './cli-io.js';
import { useColor } from './cli-io.js';
import { printDiagnostics } from './print-diagnostics.js';
import { toolVersion } from './tool-version.js';
import { parseHeaderFlag, resolveOAuth } from './test-options.js';

type Progress = Parameters<NonNullable<LoadOptions['onProgress']>>[0];

export interface LoadFlags {
  profile?: string;
  rate?: string;
  duration?: string;
  ramp?: string;
  users?: string;
  maxErrors?: string;
  timeout?: string;
  token?: string;
  header?: string[];
  oauthTokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  insecure?: boolean;
  ca?: string;
  reporter?: string;
  output?: string;
  export?: string[];
  group?: string;
}

/** What tests inject: a transport (e.g. over the in-process server) and a virtual clock. */
export interface LoadDeps {
  transport?: Transport;
  clock?: LoadClock;
  runId?: string;
}

const usage = (message: string, hint?: string): Diagnostic => ({ code: 'USAGE', severity: 'error', message, hint: hint ?? 'run `scimctl load --help` for the options' });

/** `30s`, `2m`, `500ms`, `1h`, or plain seconds. */
export function parseDuration(text: string, flag: string, diags: Diagnostic[]): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const ms = m ? Math.round(Number(m[1]) * unit[(m[2] ?? 's') as keyof typeof unit]) : NaN;
  if (!Number.isFinite(ms) || ms > 24 * 3_600_000) {
    diags.push(usage(`${flag} must be a duration such as 30s, 2m or 500ms, at most 24h (got "${text}")`));
    return EXIT_CODES.ok;
  }
  return ms;
}

function number(text: string, flag: string, min: number, max: number, diags: Diagnostic[], integer = true): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    diags.push(usage(`${flag} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max} (got "${text}")`));
    return min;
  }
  return n;
}

export async function runLoadCommand(url: string, flags: LoadFlags, io: CliIO, deps: LoadDeps = {}): Promise<number> {
  const color = useColor(io);
  const fail = (diagnostics: Diagnostic[]) => {
    printDiagnostics(diagnostics, io.stderr, color);
    return exitCodeForDiagnostics(diagnostics);
  };
  const diags: Diagnostic[] = [];
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new TypeError('protocol');
  } catch {
    diags.push(usage(`\`${url}\` is not an http(s) URL`));
  }
  const profile = flags.profile ?? 'entra';
  if (profile !== 'entra' && profile !== 'okta' && profile !== 'mixed') diags.push(usage(`--profile must be entra, okta or mixed (got "${profile}")`));
  const plan: LoadPlan = {
    baseUrl: url,
    profile: profile as LoadProfile,
    rate: number(flags.rate ?? '25', '--rate', 0.1, 10_000, diags, false),
    durationMs: parseDuration(flags.duration ?? '60s', '--duration', diags),
    rampMs: parseDuration(flags.ramp ?? '0s', '--ramp', diags),
    users: number(flags.users ?? '10', '--users', 0, 100_000, diags),
    timeoutMs: number(flags.timeout ?? '60000', '--timeout', 1, 600_000, diags),
  };
  if (flags.maxErrors !== undefined) plan.maxErrors = number(flags.maxErrors, '--max-errors', 0, 1_000_000, diags);
  if (plan.durationMs < 1000) diags.push(usage('--duration must be at least 1s'));
  const reporters = (flags.reporter ?? 'pretty').split(',').map((r) => r.trim()).filter(Boolean);
  for (const r of reporters) if (r !== 'pretty' && r !== 'json') diags.push({ code: 'REPORTER_UNKNOWN', severity: 'error', message: `\`${r}\` is not a load reporter`, hint: 'scimctl load has pretty and json' });
  const headers: Record<string, string> = {};
  const oauth = resolveOAuth(flags, io.env, diags);
  const token = oauth ? undefined : (flags.token ?? io.env['SCIMCTL_TOKEN']);
  if (oauth && flags.token) diags.push(usage('--oauth-token-url replaces --token; give only one of them'));
  // The OAuth wrapper puts the real token in place of the placeholder (runner/client/with-oauth.ts).
  if (oauth) headers['Authorization'] = OAUTH_PLACEHOLDER;
  else if (token) headers['Authorization'] = `Bearer ${token}`;
  for (const raw of flags.header ?? []) {
    const h = parseHeaderFlag(raw);
    if (!h) diags.push(usage(`--header \`${raw}\` is not of the form 'Name: value'`));
    else headers[h[0]] = h[1];
  }
  if (flags.export !== undefined) {
    const [format, file, ...rest] = flags.export;
    if (format !== 'artillery' || file === undefined || rest.length > 0) diags.push(usage('--export takes a format and a file: --export artillery load.yml'));
    if (diags.length > 0) return fail(diags);
    const path = resolve(io.cwd, file as string);
    const text = artilleryScript({ plan, groupName: flags.group ?? 'scimctl load', runId: 'art' });
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, text, 'utf8');
    io.stdout.write(`scimctl load: wrote the ${plan.profile} traffic as an Artillery script to ${file}\n`);
    return EXIT_CODES.ok;
  }
  if (diags.length > 0) return fail(diags);

  const redactor = createRedactor([token, oauth?.clientSecret, ...Object.values(headers)].filter((s): s is string => typeof s === 'string'));
  let base: Transport;
  try {
    base = deps.transport ?? createHttpTransport({ timeoutMs: plan.timeoutMs, insecure: flags.insecure ?? false, ...(flags.ca ? { caFile: resolve(io.cwd, flags.ca) } : {}), connections: 64 });
  } catch (err) {
    if (isScimctlError(err)) return fail([{ code: err.code, severity: 'error', message: err.message, hint: err.hint }]);
    throw err;
  }
  const transport = oauth ? compose(base, withOAuth(oauth)) : base;
  const runId = deps.runId ?? `r${randomBytes(3).toString('hex').slice(0, 5)}`;
  const pretty = reporters.includes('pretty');
  const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`;
  if (pretty) {
    io.stdout.write(
      `scimctl load: ${plan.profile} traffic at ${plan.rate} req/s for ${seconds(plan.durationMs)}${plan.rampMs > 0 ? ` after a ${seconds(plan.rampMs)} ramp` : ''} against ${redactor.text(url)}; ${plan.users} users for run ${runId}\n`,
    );
  }
  let ticks = 0;
  const abort = new AbortController();
  const removeInterrupt = io.onInterrupt(() => {
    io.stderr.write('\nscimctl load: interrupted; deleting what this run created…\n');
    abort.abort();
  });
  try {
    const result = await runLoad({
      plan,
      transport,
      headers,
      redactor,
      runId,
      toolVersion: toolVersion(),
      signal: abort.signal,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(pretty && io.isTTY ? { onProgress: (p: Progress) => void (++ticks % 10 === 0 && io.stderr.write(`  ${seconds(p.elapsedMs)}: ${p.sent} sent, ${p.answered} answered, ${p.errors} errors, ${p.throttled} throttled\n`)) } : {}),
    });
    const code = loadExitCode(result);
    if (pretty) io.stdout.write(renderLoadPretty(result, { color }));
    if (reporters.includes('json')) {
      const json = renderLoadJson(result, code);
      if (flags.output) {
        const path = resolve(io.cwd, flags.output);
        await mkdir(dirname(path), { recursive: true });
        await writeFile(path, json, 'utf8');
      } else io.stdout.write(json);
    }
    return code;
  } finally {
    removeInterrupt();
    if (!deps.transport) await transport.close();
  }
}
