/**
 * scimctl's own errors (not SCIM protocol errors, see scim-errors.ts): one class,
 * stable codes, and one table that gives each code its title, hint and exit class.
 * Callers and tests match on `code`; docs/errors.md lists every code.
 */
import { MAX_RESPONSE_BODY_BYTES } from './limits.js';

/** A position in a source file, 1-based. */
export interface SourcePosition {
  line: number;
  col: number;
}

/** Where in a file a diagnostic points. `end` is inclusive of the last column. */
export interface SourceSpan {
  file: string;
  start: SourcePosition;
  end: SourcePosition;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info';

/** A problem found in user input or a target, as data; the CLI renders it. */
export interface Diagnostic {
  /** A row of SCIMCTL_ERRORS; `CHECK` is a failed conformance check rendered like a diagnostic. */
  code: ScimctlErrorCode | 'CHECK';
  severity: DiagnosticSeverity;
  message: string;
  hint?: string;
  /** JSON Pointer segments into the document (`['steps', '2', 'expect', 'status']`). */
  pointer?: string[];
  span?: SourceSpan;
}

/**
 * The exit-code contract (docs/testing.md, "Exit codes"; house style §13). Every exit code scimctl
 * returns comes from here: `ok`/`failed` from a run's verdict, the rest from an error's row below.
 */
export const EXIT_CODES = { ok: 0, failed: 1, usage: 2, target: 3, internal: 70, interrupted: 130 } as const;

export type ExitClass = keyof typeof EXIT_CODES;
export type ExitCode = (typeof EXIT_CODES)[ExitClass];

/** The exit class of an error row: a run outcome (`ok`, `failed`) is never an error's. */
type ErrorExitClass = Exclude<ExitClass, 'ok'>;

export const SCIMCTL_ERRORS = {
  USAGE: { title: 'Invalid command line', hint: 'run `scimctl <command> --help` for the options', exitClass: 'usage' },
  CONFIG_INVALID: { title: 'Invalid configuration file', hint: 'see docs/formats.md, "Config file"', exitClass: 'usage' },
  SCENARIO_INVALID: { title: 'Invalid scenario file', hint: 'see docs/formats.md, "Scenarios"', exitClass: 'usage' },
  RECORDING_INVALID: { title: 'Invalid recording file', hint: 'see docs/formats.md, "Recordings"', exitClass: 'usage' },
  HAR_INVALID: { title: 'Invalid HAR file', hint: 'export a HAR 1.2 file with the SCIM requests, or name the base path with --base-path', exitClass: 'usage' },
  YAML_SYNTAX: { title: 'YAML syntax error', hint: 'check indentation and quoting around the marked position', exitClass: 'usage' },
  FILE_NOT_FOUND: { title: 'File not found', hint: 'check the path; relative paths start at the working directory', exitClass: 'usage' },
  REPORTER_UNKNOWN: { title: 'Unknown reporter', hint: 'valid reporters: pretty, json, junit, tap, markdown, html', exitClass: 'usage' },
  BASELINE_INVALID: { title: 'Invalid baseline file', hint: 'write one with --write-baseline <file>', exitClass: 'usage' },
  TEMPLATE_UNDEFINED: { title: 'Unknown template variable', hint: 'define it under `variables:` or capture it in an earlier step', exitClass: 'usage' },
  FAULT_SPEC_INVALID: { title: 'Invalid --fault', hint: 'see `scimctl serve --help` and docs/robustness.md for the fault syntax', exitClass: 'usage' },
  SCHEMA_FILE_INVALID: { title: 'Invalid schema file', hint: 'a --schema file holds RFC 7643 §7 Schema documents whose ids end in :User or :Group (docs/serve.md, "Custom extensions")', exitClass: 'usage' },
  SEED_INVALID: { title: 'Invalid seed', hint: 'a seed is `{ schemas: [...], users: [...], groups: [...] }`: Schema documents and SCIM resources (docs/formats.md)', exitClass: 'usage' },
  DATA_FILE_INVALID: { title: 'The data file cannot be read', hint: 'check the --data path and its permissions, or move the file away to start empty', exitClass: 'usage' },
  DATA_FILE_WRITE: { title: 'The data file cannot be written', hint: 'check free space and permissions of the --data directory', exitClass: 'failed' },
  DIFF_FOUND: { title: 'The target differs from the reference server', hint: 'scimctl diff without --fail-on-diff shows each difference and the check that judged it', exitClass: 'failed' },
  LISTEN_FAILED: { title: 'Cannot listen on the address', hint: 'pick another --port, or stop the process using it', exitClass: 'failed' },
  TARGET_UNREACHABLE: { title: 'The target cannot be reached', hint: 'check the base URL, that the server is running, and --proxy/--ca', exitClass: 'target' },
  AUTH_REJECTED: { title: 'The target rejected the credentials', hint: 'check --token / SCIMCTL_TOKEN, --header or the basic credentials', exitClass: 'target' },
  TIMEOUT: { title: 'The target did not answer in time', hint: 'raise --timeout if the target is just slow', exitClass: 'target' },
  CONNECTION_RESET: { title: 'The target closed the connection', hint: 'look at the target\'s logs for a crash on this request', exitClass: 'target' },
  TLS_FAILED: { title: 'TLS handshake failed', hint: 'use --ca <file> for a private CA, or --insecure for a test target', exitClass: 'target' },
  BODY_TOO_LARGE: { title: 'The response body is too large', hint: `scimctl reads at most ${MAX_RESPONSE_BODY_BYTES / (1024 * 1024)} MB per response`, exitClass: 'target' },
  INVALID_JSON: { title: 'The response body is not valid JSON', hint: 'a SCIM response body must be JSON (RFC 7644 §3.8)', exitClass: 'target' },
  HTML_RESPONSE: { title: 'The target answered with HTML instead of JSON', hint: 'the base URL may point at a web page or a login proxy', exitClass: 'target' },
  ABORTED: { title: 'The request was cancelled', hint: 'the run was interrupted (Ctrl-C) or stopped early (--bail) while it waited', exitClass: 'interrupted' },
  INTERRUPTED: { title: 'Interrupted', hint: 'teardown ran with a short deadline; check the target for leftover resources', exitClass: 'interrupted' },
  NOT_SCIM_ENDPOINT: { title: 'The target is not a SCIM endpoint', hint: 'point the base URL at the SCIM API itself (the path that serves /Users), not a sign-in page, a web application or a proxy in front of it', exitClass: 'target' },
  INTERNAL: { title: 'Internal error', hint: 'this is a bug; rerun with --debug and report it', exitClass: 'internal' },
} as const satisfies Record<string, { title: string; hint: string; exitClass: ErrorExitClass }>;

export type ScimctlErrorCode = keyof typeof SCIMCTL_ERRORS;

/** The one error class scimctl throws; `code` says which row of SCIMCTL_ERRORS applies. */
export class ScimctlError extends Error {
  override readonly name: string = 'ScimctlError';
  readonly code: ScimctlErrorCode;
  readonly span: SourceSpan | undefined;
  readonly diagnostics: Diagnostic[];

  constructor(
    code: ScimctlErrorCode,
    message: string,
    options?: { cause?: unknown; span?: SourceSpan; diagnostics?: Diagnostic[] },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.span = options?.span;
    this.diagnostics = options?.diagnostics ?? [];
  }

  get title(): string {
    return SCIMCTL_ERRORS[this.code].title;
  }

  get hint(): string {
    return SCIMCTL_ERRORS[this.code].hint;
  }

  get exitCode(): ExitCode {
    return exitCodeFor(this.code);
  }
}

export function isScimctlError(err: unknown): err is ScimctlError {
  return err instanceof ScimctlError;
}

/** The exit code for an error code (2 usage, 3 target, 70 internal, 130 interrupted). */
export function exitCodeFor(code: ScimctlErrorCode): ExitCode {
  return EXIT_CODES[SCIMCTL_ERRORS[code].exitClass];
}

/** The exit code for a set of diagnostics: the highest of their rows, at least a usage error. */
export function exitCodeForDiagnostics(diagnostics: readonly Diagnostic[]): ExitCode {
  let code: ExitCode = EXIT_CODES.usage;
  for (const d of diagnostics) if (d.code !== 'CHECK' && exitCodeFor(d.code) > code) code = exitCodeFor(d.code);
  return code;
}

/** Title of a diagnostic's code. */
export function titleFor(code: Diagnostic['code']): string {
  return code === 'CHECK' ? 'Check failed' : SCIMCTL_ERRORS[code].title;
}

/** A result for code whose caller must handle failure. */
export type Result<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };
