/**
 * `scimctl serve`: the reference SCIM server over HTTP. Options are checked
 * here, the work is done by src/server. Resolves only when the process is
 * told to stop (SIGINT/SIGTERM), after the data file is flushed. The
 * commander definition is serve-command.ts, which loads this file on use.
 */
import { startNodeServer } from '../server/adapters/node-http.js';
import { createScimServer, DEFAULT_LIMITS, PROFILES } from '../server/create-server.js';
import { EXIT_CODES, exitCodeFor, ScimctlError } from '../core/errors.js';
import { parseFaultSpec, type Fault } from '../server/faults/fault-spec.js';
import { seededRng } from '../shared/seeded-rng.js';
import { withFaults } from '../server/faults/with-faults.js';
import { createStoreFileWriter, loadStoreFile, PersistenceError, writeStoreFile } from '../server/persistence.js';
import { createOAuthIssuer, type OAuthClient } from '../server/oauth/oauth-issuer.js';
import type { ProfileName } from '../server/profiles/types.js';
import { withRequestLog } from '../server/request-log.js';
import { defaultSeed } from '../server/seed.js';
import { SeedError, type SeedData, type SeedStream } from '../server/seed-data.js';
import { openSeedFile } from '../server/seed-stream.js';
import type { ScimStore } from '../server/store.js';
import { loadSchemaFiles, SchemaFileError } from './load-schema-file.js';
import type { ExtensionSchema } from '../server/extensions.js';
import { waitForStopSignal } from './wait-for-stop.js';

export interface ServeOptions {
  host: string;
  port: string;
  profile: string;
  basePath?: string;
  token?: string;
  /** `--oauth-client ID:SECRET`, repeatable. */
  oauthClient?: string[];
  oauthTokenTtl?: string;
  seed?: string;
  /** `--schema` files with custom extensions, repeatable. */
  schema?: string[];
  data?: string;
  me?: string;
  strict?: boolean;
  log?: boolean;
  maxBody: string;
  /** `--fault` specs, repeatable (docs/faults.md). */
  fault?: string[];
  faultSeed?: string;
}

/** Where serve writes and how it learns to stop; tests may pass their own. */
export interface ServeIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  env: Record<string, string | undefined>;
  /** Resolves with the signal name when the server should stop. */
  waitForStop: () => Promise<string>;
  /** Wall clock in ms for OAuth token lifetimes; tests inject one so they need no real time. */
  now?: () => number;
}


function processIo(): ServeIo {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
    waitForStop: waitForStopSignal,
  };
}

function integerOption(text: string, name: string, min: number, max: number): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new ScimctlError('USAGE', `${name} must be an integer from ${min} to ${max} (got "${text}")`);
  }
  return n;
}

function durationOption(text: string, name: string): number {
  const m = /^(\d+)(ms|s|m|h)$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
  const ms = m ? Number(m[1]) * unit[m[2] as keyof typeof unit] : NaN;
  if (!Number.isSafeInteger(ms) || ms < 1000 || ms > 366 * 24 * 3_600_000) {
    throw new ScimctlError('USAGE', `${name} must be a duration from 1s to 366 days such as 90s, 30m or 1h (got "${text}")`);
  }
  return ms;
}

/** `ID:SECRET`; the id may not contain a colon (RFC 6749 §2.3.1 form-encodes it in Basic). */
function oauthClientOption(text: string): OAuthClient {
  const i = text.indexOf(':');
  if (i <= 0 || i === text.length - 1) throw new ScimctlError('USAGE', '--oauth-client must be ID:SECRET (got a value without both parts)');
  return { id: text.slice(0, i), secret: text.slice(i + 1) };
}

function profileOption(text: string): ProfileName {
  if (text === 'rfc' || text === 'mezmo') return text;
  throw new ScimctlError('USAGE', `--profile must be rfc or mezmo (got "${text}")`);
}

/** Run the server until a stop signal; returns the exit code. */
export async function runServe(options: ServeOptions, io: ServeIo = processIo()): Promise<number> {
  let port: number;
  let maxBody: number;
  let profileName: ProfileName;
  let faults: Fault[];
  let faultSeed: number;
  let oauthClients: OAuthClient[];
  let oauthTtlMs: number;
  try {
    oauthClients = (options.oauthClient ?? []).map(oauthClientOption);
    oauthTtlMs = durationOption(options.oauthTokenTtl ?? '1h', '--oauth-token-ttl');
    port = integerOption(options.port, '--port', 0, 65535);
    maxBody = integerOption(options.maxBody, '--max-body', 1, 1024 * 1024 * 1024);
    profileName = profileOption(options.profile);
    faults = (options.fault ?? []).map(parseFaultSpec);
    // A seed is always chosen and printed, so any faulty run can be replayed.
    faultSeed =
      options.faultSeed === undefined
        ? Math.floor(Math.random() * 2 ** 31)
        : integerOption(options.faultSeed, '--fault-seed', 0, 2 ** 32 - 1);
  } catch (err) {
    if (!(err instanceof ScimctlError)) throw err;
    io.stderr(`scimctl serve: ${err.message}`);
    return err.exitCode;
  }
  const profile = PROFILES[profileName];
  const token = options.token ?? io.env.SCIMCTL_TOKEN;

  let store: ScimStore | undefined;
  let seed: SeedData | SeedStream | undefined;
  let extensions: ExtensionSchema[] = [];
  try {
    extensions = loadSchemaFiles(options.schema ?? []);
    if (options.data) store = loadStoreFile(options.data);
    // A seed file is read while it is applied (seed-stream.ts), so a large one is never held whole.
    if (!store) seed = options.seed ? openSeedFile(options.seed) : defaultSeed(profile);
  } catch (err) {
    if (err instanceof SeedError || err instanceof PersistenceError || err instanceof SchemaFileError) {
      io.stderr(`scimctl serve: ${err.message.replace(/\n/g, '\nscimctl serve: ')}`);
      return err.exitCode;
    }
    throw err;
  }
  if (store && options.seed) io.stderr(`scimctl serve: ${options.data} exists, so --seed ${options.seed} is not applied`);

  const dataFile = options.data;
  // Set once the data file holds the starting state; every later write goes through it.
  let commitToFile: ((s: ScimStore) => void) | undefined;
  const oauth = oauthClients.length > 0 ? createOAuthIssuer({ clients: oauthClients, ttlMs: oauthTtlMs, ...(io.now ? { now: io.now } : {}) }) : undefined;
  let server;
  try {
    server = createScimServer({
      ...(oauth ? { oauth } : {}),
      profile,
      ...(options.basePath !== undefined ? { basePath: options.basePath } : {}),
      ...(token ? { token } : {}),
      ...(store ? { store } : {}),
      ...(seed ? { seed } : {}),
      ...(extensions.length > 0 ? { extensions } : {}),
      ...(options.me !== undefined ? { me: options.me } : {}),
      strict: options.strict ?? false,
      maxBodyBytes: Math.max(maxBody, 1),
      bulk: { maxPayloadSize: Math.min(DEFAULT_LIMITS.bulkMaxPayloadSize, maxBody) },
      ...(dataFile ? { onCommit: (s: ScimStore) => commitToFile?.(s) } : {}),
      onInternalError: (err) => io.stderr(`scimctl serve: internal error: ${(err as Error)?.message ?? String(err)}`),
    });
  } catch (err) {
    if (err instanceof SeedError) {
      io.stderr(`scimctl serve: seed: ${err.message}`);
      return err.exitCode;
    }
    throw err;
  }
  // A fresh data file holds the seed from the start, so a restart finds the same resources.
  if (dataFile && !store) {
    try {
      writeStoreFile(dataFile, server.store);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      io.stderr(`scimctl serve: cannot write data file ${dataFile}${code ? ` (${code})` : ''}`);
      return exitCodeFor('DATA_FILE_INVALID');
    }
  }
  if (dataFile) commitToFile = createStoreFileWriter(dataFile, server.store);

  // The log wraps the faults so it shows what clients actually received.
  const faulty = withFaults(server, faults, seededRng(faultSeed));
  const handler = options.log ? withRequestLog(faulty, io.stderr) : faulty;
  let running;
  try {
    running = await startNodeServer(handler, { host: options.host, port, maxBody, basePath: server.basePath });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`scimctl serve: cannot listen on ${options.host}:${port}${code ? ` (${code})` : ''}`);
    return exitCodeFor('LISTEN_FAILED');
  }
  if (!token && !oauth) {
    io.stderr('scimctl serve: WARNING: no token set (--token or SCIMCTL_TOKEN): the server accepts every request without authentication');
  }
  if (faults.length > 0) {
    io.stderr(`scimctl serve: injecting faults ${faults.map((f) => `"${f.spec}"`).join(', ')} (--fault-seed ${faultSeed})`);
  }
  const tokenUrl = oauth ? `, OAuth 2.0 token endpoint ${new URL(running.url).origin}${oauth.path}` : '';
  io.stdout(`scimctl serve: listening on ${running.url} (profile ${profile.name}${tokenUrl})`);

  const signal = await io.waitForStop();
  await running.close();
  if (dataFile) {
    try {
      writeStoreFile(dataFile, server.store);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      io.stderr(`scimctl serve: stopped on ${signal}, but could not write ${dataFile}${code ? ` (${code})` : ''}`);
      return exitCodeFor('DATA_FILE_WRITE');
    }
  }
  io.stderr(`scimctl serve: stopped on ${signal}`);
  return EXIT_CODES.ok;
}
