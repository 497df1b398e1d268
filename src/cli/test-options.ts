/**
 * `scimctl test` options: the config file (scimctl.config.yaml or --config),
 * then flags on top, then the environment for secrets. Everything is checked
 * here so the run never starts on a bad option.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic, Result } from '../core/errors.js';
import { readYamlFile } from '../runner/load/read-yaml-file.js';
import type { AuthConfig } from '../runner/send-request.js';
import { ORDER_KINDS } from '../runner/scenario-order.js';
import type { ScenarioOrder } from '../runner/scenario-order.js';
import type { Capability, EntraMode } from '../runner/types.js';
import { CAPABILITIES, CAPABILITY_PATTERNS, isCapability } from '../runner/types.js';

/** Flags as commander parses them. */
export interface TestFlags {
  mock?: boolean;
  profile?: string;
  token?: string;
  header?: string[];
  user?: string;
  oauthTokenUrl?: string;
  clientId?: string;
  clientSecret?: string;
  scope?: string;
  capability?: string[];
  withoutCapability?: string[];
  group?: string[];
  entraMode?: string;
  scenarios?: string[];
  withBuiltin?: boolean;
  tag?: string[];
  grep?: string;
  bail?: boolean;
  schemaChecks?: boolean;
  concurrency?: string;
  order?: string;
  seed?: string;
  timeout?: string;
  insecure?: boolean;
  ca?: string;
  proxy?: string;
  reporter?: string;
  verbose?: boolean;
  outputDir?: string;
  output?: string;
  baseline?: string;
  writeBaseline?: string;
  har?: string;
  config?: string;
}

export interface TestPlan {
  baseUrl?: string;
  mock: boolean;
  profile: 'rfc' | 'mezmo';
  auth: AuthConfig;
  capabilityOverrides: Partial<Record<Capability, boolean>>;
  groups: string[];
  entraMode?: EntraMode;
  scenarioPaths: string[];
  withBuiltin: boolean;
  tags: string[];
  grep?: string;
  bail: boolean;
  /** Generate checks from the target's /Schemas (src/runner/schema-checks). */
  schemaChecks: boolean;
  concurrency: number;
  order: ScenarioOrder;
  timeoutMs: number;
  insecure: boolean;
  ca?: string;
  proxy?: string;
  reporters: string[];
  /** Pretty: the per-check list after the defects. */
  verbose: boolean;
  outputDir?: string;
  output?: string;
  baseline?: string;
  writeBaseline?: string;
  har?: string;
}

interface ConfigFile {
  target?: string;
  auth?: { tokenEnv?: string; basic?: { usernameEnv: string; passwordEnv: string } };
  headers?: Record<string, string>;
  capabilities?: Partial<Record<Capability, boolean>>;
  groups?: string[];
  entraMode?: EntraMode;
  scenarios?: string[];
  withBuiltin?: boolean;
  tags?: string[];
  grep?: string;
  bail?: boolean;
  schemaChecks?: boolean;
  concurrency?: number;
  order?: 'file' | 'reverse' | 'random';
  seed?: number;
  timeout?: number;
  insecure?: boolean;
  ca?: string;
  proxy?: string;
  reporters?: string[];
  verbose?: boolean;
  outputDir?: string;
  output?: string;
  baseline?: string;
  har?: string;
}

const usage = (message: string, hint?: string): Diagnostic => ({ code: 'USAGE', severity: 'error', message, ...(hint ? { hint } : {}) });

function capability(name: string, diags: Diagnostic[]): Capability | undefined {
  if (isCapability(name)) return name;
  diags.push(usage(`unknown capability \`${name}\``, `valid capabilities: ${CAPABILITIES.join(', ')}, ${CAPABILITY_PATTERNS.join(', ')}`));
  return undefined;
}

function positiveInt(raw: string | undefined, flag: string, diags: Diagnostic[]): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) {
    diags.push(usage(`${flag} must be a positive integer, not \`${raw}\``));
    return undefined;
  }
  return n;
}

/** `Name: value` → [name, value]. */
export function parseHeaderFlag(raw: string): [string, string] | undefined {
  const i = raw.indexOf(':');
  if (i <= 0) return undefined;
  const name = raw.slice(0, i).trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) return undefined;
  return [name, raw.slice(i + 1).trim()];
}

/** `--oauth-token-url`, `--client-id`, `--client-secret` (or $SCIMCTL_CLIENT_SECRET), `--scope`. */
export function resolveOAuth(flags: Pick<TestFlags, 'oauthTokenUrl' | 'clientId' | 'clientSecret' | 'scope'>, env: Record<string, string | undefined>, diags: Diagnostic[]): AuthConfig['oauth'] {
  const given = flags.oauthTokenUrl ?? (flags.clientId !== undefined || flags.clientSecret !== undefined || flags.scope !== undefined ? '' : undefined);
  if (given === undefined) return undefined;
  if (!flags.oauthTokenUrl) {
    diags.push(usage('--client-id, --client-secret and --scope need --oauth-token-url'));
    return undefined;
  }
  try {
    const u = new URL(flags.oauthTokenUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
  } catch {
    diags.push(usage(`--oauth-token-url \`${flags.oauthTokenUrl}\` is not an http(s) URL`));
    return undefined;
  }
  const clientSecret = flags.clientSecret ?? env['SCIMCTL_CLIENT_SECRET'];
  if (!flags.clientId) diags.push(usage('--oauth-token-url needs --client-id'));
  if (clientSecret === undefined || clientSecret === '') diags.push(usage('--oauth-token-url needs the client secret in --client-secret or SCIMCTL_CLIENT_SECRET'));
  if (!flags.clientId || !clientSecret) return undefined;
  return { tokenUrl: flags.oauthTokenUrl, clientId: flags.clientId, clientSecret, ...(flags.scope ? { scope: flags.scope } : {}) };
}

export function resolveTestPlan(
  url: string | undefined,
  flags: TestFlags,
  env: Record<string, string | undefined>,
  cwd: string,
): Result<TestPlan> {
  const diags: Diagnostic[] = [];
  let config: ConfigFile = {};
  let configDir = cwd;
  const configPath = flags.config ? resolve(cwd, flags.config) : join(cwd, 'scimctl.config.yaml');
  if (flags.config || existsSync(configPath)) {
    const read = readYamlFile(configPath, 'config', cwd);
    if (!read.ok) return read;
    config = read.source.data as ConfigFile;
    configDir = dirname(configPath);
  }

  const auth: AuthConfig = { headers: {} };
  const token = flags.token ?? (config.auth?.tokenEnv ? env[config.auth.tokenEnv] : undefined) ?? env['SCIMCTL_TOKEN'];
  if (config.auth?.tokenEnv && env[config.auth.tokenEnv] === undefined && !flags.token) {
    diags.push(usage(`the config names \`${config.auth.tokenEnv}\` for the token, but it is not set`));
  }
  if (token) auth.token = token;
  if (flags.user) {
    const password = env['SCIMCTL_PASSWORD'];
    if (password === undefined) diags.push(usage('--user needs the password in SCIMCTL_PASSWORD'));
    else auth.basic = { username: flags.user, password };
  } else if (config.auth?.basic) {
    const u = env[config.auth.basic.usernameEnv];
    const p = env[config.auth.basic.passwordEnv];
    if (u === undefined || p === undefined) diags.push(usage(`the config names \`${config.auth.basic.usernameEnv}\`/\`${config.auth.basic.passwordEnv}\` for basic credentials, but they are not set`));
    else auth.basic = { username: u, password: p };
  }
  const oauth = resolveOAuth(flags, env, diags);
  if (oauth) {
    if (auth.token || auth.basic) diags.push(usage('--oauth-token-url replaces the bearer token and basic credentials; give only one of them', 'unset SCIMCTL_TOKEN or drop --token/--user'));
    auth.oauth = oauth;
  }
  for (const [name, value] of Object.entries(config.headers ?? {})) {
    auth.headers[name] = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, v: string) => env[v] ?? '');
  }
  for (const raw of flags.header ?? []) {
    const h = parseHeaderFlag(raw);
    if (!h) diags.push(usage(`--header \`${raw}\` is not of the form 'Name: value'`));
    else auth.headers[h[0]] = h[1];
  }

  const capabilityOverrides: Partial<Record<Capability, boolean>> = { ...(config.capabilities ?? {}) };
  for (const c of flags.capability ?? []) {
    const cap = capability(c, diags);
    if (cap) capabilityOverrides[cap] = true;
  }
  for (const c of flags.withoutCapability ?? []) {
    const cap = capability(c, diags);
    if (cap) capabilityOverrides[cap] = false;
  }

  const profile = flags.profile ?? 'rfc';
  if (profile !== 'rfc' && profile !== 'mezmo') diags.push(usage(`--profile must be rfc or mezmo, not \`${profile}\``));
  const entraMode = flags.entraMode ?? config.entraMode;
  if (entraMode !== undefined && !['default', 'aadopt', 'both'].includes(entraMode)) {
    diags.push(usage(`--entra-mode must be default, aadopt or both, not \`${entraMode}\``));
  }

  const mock = flags.mock ?? false;
  const baseUrl = url ?? config.target;
  if (mock && url) diags.push(usage('give either a base URL or --mock, not both'));
  if (mock && auth.oauth) diags.push(usage('--oauth-token-url needs a base URL: the --mock server takes its own token'));
  if (!mock && !baseUrl) diags.push(usage('missing the base URL', 'scimctl test https://app.example/scim/v2 --token … (or --mock for the built-in server)'));
  if (!mock && baseUrl) {
    try {
      const u = new URL(baseUrl);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('protocol');
    } catch {
      diags.push(usage(`\`${baseUrl}\` is not an http(s) URL`));
    }
  }
  if (flags.proxy) {
    try {
      new URL(flags.proxy);
    } catch {
      diags.push(usage(`--proxy \`${flags.proxy}\` is not a URL`));
    }
  }

  const orderKind = flags.order ?? config.order ?? 'file';
  if (!(ORDER_KINDS as readonly string[]).includes(orderKind)) diags.push(usage(`--order must be ${ORDER_KINDS.join(', ')}, not \`${orderKind}\``));
  let seed = config.seed ?? 1;
  if (flags.seed !== undefined) {
    const n = Number(flags.seed);
    if (!Number.isSafeInteger(n) || n < 0) diags.push(usage(`--seed must be a non-negative integer, not \`${flags.seed}\``));
    else seed = n;
  }
  if (flags.seed !== undefined && orderKind !== 'random') diags.push(usage('--seed applies only to --order random'));
  const order: ScenarioOrder = orderKind === 'random' ? { kind: 'random', seed } : orderKind === 'reverse' ? { kind: 'reverse' } : { kind: 'file' };

  const fromConfig = (p: string | undefined) => (p === undefined ? undefined : resolve(configDir, p));
  const reporters = (flags.reporter ? flags.reporter.split(',') : (config.reporters ?? ['pretty'])).map((r) => r.trim()).filter(Boolean);
  const plan: TestPlan = {
    mock,
    profile: profile === 'mezmo' ? 'mezmo' : 'rfc',
    auth,
    capabilityOverrides,
    groups: flags.group ?? config.groups ?? [],
    scenarioPaths: flags.scenarios ? flags.scenarios.map((p) => resolve(cwd, p)) : (config.scenarios ?? []).map((p) => resolve(configDir, p)),
    withBuiltin: flags.withBuiltin ?? config.withBuiltin ?? false,
    tags: flags.tag ?? config.tags ?? [],
    bail: flags.bail ?? config.bail ?? false,
    schemaChecks: flags.schemaChecks ?? config.schemaChecks ?? false,
    concurrency: positiveInt(flags.concurrency, '--concurrency', diags) ?? config.concurrency ?? 1,
    order,
    timeoutMs: positiveInt(flags.timeout, '--timeout', diags) ?? config.timeout ?? 10_000,
    insecure: flags.insecure ?? config.insecure ?? false,
    reporters,
    verbose: flags.verbose ?? config.verbose ?? false,
  };
  if (baseUrl && !mock) plan.baseUrl = baseUrl;
  if (entraMode === 'default' || entraMode === 'aadopt' || entraMode === 'both') plan.entraMode = entraMode;
  const grep = flags.grep ?? config.grep;
  if (grep) plan.grep = grep;
  const ca = flags.ca ? resolve(cwd, flags.ca) : fromConfig(config.ca);
  if (ca) plan.ca = ca;
  const proxy = flags.proxy ?? config.proxy;
  if (proxy) plan.proxy = proxy;
  const outputDir = flags.outputDir ? resolve(cwd, flags.outputDir) : fromConfig(config.outputDir);
  if (outputDir) plan.outputDir = outputDir;
  const output = flags.output ? resolve(cwd, flags.output) : fromConfig(config.output);
  if (output) plan.output = output;
  const baseline = flags.baseline ? resolve(cwd, flags.baseline) : fromConfig(config.baseline);
  if (baseline) plan.baseline = baseline;
  if (flags.writeBaseline) plan.writeBaseline = resolve(cwd, flags.writeBaseline);
  const har = flags.har ? resolve(cwd, flags.har) : fromConfig(config.har);
  if (har) plan.har = har;
  if (diags.length > 0) return { ok: false, diagnostics: diags };
  return { ok: true, value: plan };
}
