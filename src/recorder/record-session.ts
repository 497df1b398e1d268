/**
 * `scimctl record` without the CLI: build the upstream (a target over undici,
 * or the built-in server in process), the writer and the proxy, and run until
 * told to stop. The command file only parses options.
 */
import { basename, extname } from 'node:path';
import { ScimctlError } from '../core/errors.js';
import { createHandlerTransport } from '../runner/client/handler-transport.js';
import { createHttpTransport } from '../runner/client/http-transport.js';
import type { Transport } from '../runner/client/transport.js';
import { createScimServer, defaultSeed, PROFILES, type ProfileName } from '../server/index.js';
import { startRecordProxy, type RunningProxy } from './record-proxy.js';
import type { RecordedExchangeDoc, RecordedIdp } from './recording-doc.js';
import { RecordingWriter } from './recording-writer.js';

export interface RecordSessionOptions {
  /** Forward to this SCIM base URL; otherwise to the built-in server. */
  target?: string;
  profile?: ProfileName;
  /** Bearer token the built-in server requires (mock only). */
  mockToken?: string;
  out: string;
  name?: string;
  idp?: RecordedIdp;
  /** Recorded base path; default: the target URL's path or the profile's. */
  basePath?: string;
  redact?: readonly string[];
  overwrite?: boolean;
  host?: string;
  port?: number;
  timeoutMs?: number;
  insecure?: boolean;
  caFile?: string;
  onRecorded?: (entry: RecordedExchangeDoc) => void;
  onNotice?: (message: string) => void;
}

export interface RecordSession {
  proxy: RunningProxy;
  writer: RecordingWriter;
  /** What the proxy forwards to, credentials and query removed (for the start line and `source`). */
  upstreamLabel: string;
  stop(): Promise<number>;
}

function parseTargetUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ScimctlError('USAGE', `--target \`${raw}\` is not an absolute URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ScimctlError('USAGE', `--target must be http or https, not \`${url.protocol}\``);
  return url;
}

export async function startRecordSession(options: RecordSessionOptions): Promise<RecordSession> {
  let upstream: Transport;
  let upstreamUrl: (target: string, clientOrigin: string) => string;
  let basePath: string;
  let label: string;
  if (options.target !== undefined) {
    const url = parseTargetUrl(options.target);
    upstream = createHttpTransport({
      timeoutMs: options.timeoutMs ?? 60_000,
      ...(options.insecure ? { insecure: true } : {}),
      ...(options.caFile ? { caFile: options.caFile } : {}),
    });
    // The IdP's request target goes to the target's origin unchanged: the proxy is transparent on paths.
    upstreamUrl = (target) => url.origin + target;
    basePath = url.pathname;
    label = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } else {
    const profile = PROFILES[options.profile ?? 'rfc'];
    const seed = defaultSeed(profile);
    const server = createScimServer({ profile, ...(seed ? { seed } : {}), ...(options.mockToken ? { token: options.mockToken } : {}) });
    upstream = createHandlerTransport(server);
    // The client's own origin, so meta.location and Location point back through the proxy (or tunnel).
    upstreamUrl = (target, clientOrigin) => clientOrigin + target;
    basePath = server.basePath;
    label = `the built-in server (profile ${profile.name})`;
  }
  const writer = new RecordingWriter(
    options.out,
    {
      name: options.name ?? basename(options.out, extname(options.out)),
      ...(options.idp ? { idp: options.idp } : {}),
      source: `scimctl record ${options.target !== undefined ? `--target ${label}` : `--mock --profile ${options.profile ?? 'rfc'}`}`,
      basePath: options.basePath ?? basePath,
    },
    { ...(options.overwrite ? { overwrite: true } : {}), ...(options.redact ? { redact: options.redact } : {}) },
  );
  let proxy: RunningProxy;
  try {
    proxy = await startRecordProxy({
      upstream,
      upstreamUrl,
      writer,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.onRecorded ? { onRecorded: options.onRecorded } : {}),
      ...(options.onNotice ? { onNotice: options.onNotice } : {}),
    });
  } catch (err) {
    await upstream.close();
    throw err;
  }
  let stopping: Promise<number> | undefined;
  return {
    proxy,
    writer,
    upstreamLabel: label,
    stop() {
      // Idempotent: a signal and a caller's clean-up may both stop the session.
      stopping ??= (async () => {
        await proxy.close();
        await upstream.close();
        writer.close();
        return writer.exchanges;
      })();
      return stopping;
    },
  };
}
