/**
 * `scimctl record`: a recording reverse proxy in front of a SCIM target
 * (`--target`) or of the built-in server (`--mock`). Options are checked here;
 * src/recorder does the work. Runs until SIGINT/SIGTERM. The commander
 * definition is record-command.ts, which loads this file on use.
 */
import { EXIT_CODES, exitCodeFor, isScimctlError } from '../core/errors.js';
import type { RecordedIdp } from '../recorder/recording-doc.js';
import { startRecordSession } from '../recorder/record-session.js';
import { RECORDED_IDPS } from './recorded-idps.js';
import { waitForStopSignal } from './wait-for-stop.js';

export interface RecordFlags {
  target?: string;
  mock?: boolean;
  profile: string;
  token?: string;
  out?: string;
  name?: string;
  idp?: string;
  basePath?: string;
  redact: string[];
  force?: boolean;
  host: string;
  port: string;
  timeout: string;
  insecure?: boolean;
  ca?: string;
}

/** Where record writes and how it learns to stop; tests pass their own. */
export interface RecordIo {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Resolves with the signal name when recording should stop. */
  waitForStop: () => Promise<string>;
  /** Called with the proxy URL once it listens. */
  onListening?: (url: string) => void;
}

function processIo(): RecordIo {
  return {
    stdout: (line) => process.stdout.write(`${line}\n`),
    stderr: (line) => process.stderr.write(`${line}\n`),
    waitForStop: waitForStopSignal,
  };
}

function usageProblem(flags: RecordFlags): string | undefined {
  if (!flags.out) return '--out <file> is required (e.g. --out fixtures/okta/my-tenant.yaml)';
  if (flags.target === undefined && !flags.mock) return 'give --target <url> to record in front of a SCIM server, or --mock for the built-in one';
  if (flags.target !== undefined && flags.mock) return '--target and --mock exclude each other';
  if (flags.profile !== 'rfc' && flags.profile !== 'mezmo') return `--profile must be rfc or mezmo (got "${flags.profile}")`;
  if (flags.idp !== undefined && !(RECORDED_IDPS as readonly string[]).includes(flags.idp)) return `--idp must be one of ${RECORDED_IDPS.join(', ')} (got "${flags.idp}")`;
  if (!/^\d+$/.test(flags.port) || Number(flags.port) > 65535) return `--port must be an integer from 0 to 65535 (got "${flags.port}")`;
  if (!/^\d+$/.test(flags.timeout) || Number(flags.timeout) < 1) return `--timeout must be a positive number of milliseconds (got "${flags.timeout}")`;
  if (flags.basePath !== undefined && !flags.basePath.startsWith('/')) return `--base-path must start with / (got "${flags.basePath}")`;
  return undefined;
}

export async function runRecord(flags: RecordFlags, io: RecordIo = processIo()): Promise<number> {
  const problem = usageProblem(flags);
  if (problem) {
    io.stderr(`scimctl record: ${problem}`);
    return exitCodeFor('USAGE');
  }
  let session;
  try {
    session = await startRecordSession({
      ...(flags.target !== undefined ? { target: flags.target } : { profile: flags.profile as 'rfc' | 'mezmo' }),
      ...(flags.mock && flags.token ? { mockToken: flags.token } : {}),
      out: flags.out as string,
      ...(flags.name ? { name: flags.name } : {}),
      ...(flags.idp ? { idp: flags.idp as RecordedIdp } : {}),
      ...(flags.basePath ? { basePath: flags.basePath } : {}),
      redact: flags.redact,
      overwrite: flags.force ?? false,
      host: flags.host,
      port: Number(flags.port),
      timeoutMs: Number(flags.timeout),
      ...(flags.insecure ? { insecure: true } : {}),
      ...(flags.ca ? { caFile: flags.ca } : {}),
      onRecorded: (e) => io.stderr(`recorded ${e.id ?? ''}: ${e.request.method} ${e.request.path} → ${e.response.status}`),
      onNotice: (m) => io.stderr(`scimctl record: ${m}`),
    });
  } catch (err) {
    if (isScimctlError(err)) {
      io.stderr(`scimctl record: ${err.message}`);
      return err.exitCode;
    }
    const code = (err as NodeJS.ErrnoException).code;
    io.stderr(`scimctl record: cannot listen on ${flags.host}:${flags.port}${code ? ` (${code})` : ''}`);
    return exitCodeFor('LISTEN_FAILED');
  }
  io.stdout(`scimctl record: listening on ${session.proxy.url}, forwarding to ${session.upstreamLabel}, recording to ${flags.out}`);
  if (flags.host !== '127.0.0.1' && flags.host !== 'localhost' && flags.host !== '::1') {
    io.stderr('scimctl record: WARNING: listening beyond loopback; anyone who can reach it can use your target through it');
  }
  io.onListening?.(session.proxy.url);
  const signal = await io.waitForStop();
  const count = await session.stop();
  io.stderr(`scimctl record: stopped on ${signal}; ${count > 0 ? `${count} exchange${count === 1 ? '' : 's'} in ${flags.out}` : 'nothing recorded, no file written'}`);
  return EXIT_CODES.ok;
}
