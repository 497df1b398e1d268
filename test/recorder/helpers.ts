/**
 * Shared pieces for the recorder tests: `scimctl serve`, `scimctl record` and
 * `scimctl test` run in process (their command functions with injected IO), a
 * temp folder, and an HTTP client that sends what an IdP sends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'undici';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runRecord, type RecordFlags } from '../../src/cli/run-record.js';
import { runTestCommand } from '../../src/cli/run-test.js';
import { runServe, type ServeOptions } from '../../src/cli/run-serve.js';

export interface Started {
  url: string;
  lines: string[];
  stop(): Promise<number>;
}

function stoppable() {
  let resolveStop: (signal: string) => void = () => {};
  const stopped = new Promise<string>((r) => (resolveStop = r));
  return { wait: () => stopped, stop: () => resolveStop('SIGTERM') };
}

/** `scimctl serve --port 0 …` until stop(). */
export async function startServe(options: Partial<ServeOptions> = {}): Promise<Started> {
  const lines: string[] = [];
  const s = stoppable();
  let onUrl: (url: string) => void = () => {};
  const url = new Promise<string>((r) => (onUrl = r));
  const done = runServe(
    { host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: String(2 * 1024 * 1024), ...options },
    {
      stdout: (line) => {
        lines.push(line);
        const m = /listening on (\S+)/.exec(line);
        if (m) onUrl(m[1] as string);
      },
      stderr: (line) => lines.push(line),
      env: {},
      waitForStop: s.wait,
    },
  );
  const first = await Promise.race([url, done.then((code) => `exit ${code}`)]);
  if (first.startsWith('exit')) throw new Error(`serve stopped: ${lines.join('\n')}`);
  return { url: first, lines, stop: async () => (s.stop(), done) };
}

/** `scimctl record … --port 0` until stop(). */
export async function startRecord(flags: Partial<RecordFlags>): Promise<Started> {
  const lines: string[] = [];
  const s = stoppable();
  let onUrl: (url: string) => void = () => {};
  const url = new Promise<string>((r) => (onUrl = r));
  const done = runRecord(
    { profile: 'rfc', redact: [], host: '127.0.0.1', port: '0', timeout: '10000', ...flags },
    { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l), waitForStop: s.wait, onListening: onUrl },
  );
  const first = await Promise.race([url, done.then((code) => `exit ${code}`)]);
  if (first.startsWith('exit')) throw new Error(`record stopped: ${lines.join('\n')}`);
  return { url: first, lines, stop: async () => (s.stop(), done) };
}

/** `scimctl test <url> --scenarios <file> --token <token> --reporter json`; returns the exit code and the report. */
export async function runTest(url: string, scenario: string, token: string, cwd: string) {
  let out = '';
  let err = '';
  const io: CliIO = {
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (err += t) },
    env: {},
    cwd,
    isTTY: false,
    onInterrupt: () => () => {},
  };
  const code = await runTestCommand(url, { scenarios: [scenario], token, reporter: 'json' }, io);
  let report: Report | undefined;
  try {
    report = JSON.parse(out) as Report;
  } catch {
    report = undefined;
  }
  return { code, report, stderr: err, stdout: out };
}

export interface Report {
  scenarios: { id: string; status: string; steps: { name: string; status: string; checks: { checkId: string; status: string; message?: string }[] }[] }[];
}

/** Checks that did not pass, as `step › checkId: message` lines. */
export function failures(report: Report | undefined): string[] {
  return (report?.scenarios ?? []).flatMap((s) =>
    s.steps.flatMap((st) => st.checks.filter((c) => c.status === 'failed' || c.status === 'errored').map((c) => `${st.name} › ${c.checkId}: ${c.message ?? c.status}`)),
  );
}

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'scimctl-record-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface IdpResponse {
  status: number;
  headers: Record<string, string>;
  json: Record<string, unknown> | undefined;
}

/** An HTTP client with an IdP's fixed headers (okta.md §1, entra.md §5). */
export function idpClient(baseUrl: string, fixed: Record<string, string>) {
  return async (method: string, path: string, body?: unknown): Promise<IdpResponse> => {
    const res = await request(baseUrl + path, {
      method: method as 'GET',
      headers: { ...fixed, ...(body !== undefined ? { 'Content-Type': 'application/scim+json; charset=utf-8' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.body.text();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(res.headers)) if (typeof v === 'string') headers[k] = v;
    return { status: res.statusCode, headers, json: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
  };
}

/** A CLI io that keeps stdout and stderr together in one string, for assertions. */
export function capturingIo(cwd: string): CliIO & { out: () => string } {
  let out = '';
  return {
    stdout: { write: (t) => void (out += t) },
    stderr: { write: (t) => void (out += t) },
    env: {},
    cwd,
    isTTY: false,
    onInterrupt: () => () => {},
    out: () => out,
  };
}
