/**
 * scimctl's own errors (not SCIM protocol errors, see scim-errors.ts): one class,
 * stable codes, and one table that gives each code its title, hint and exit class.
 * Callers and tests match on `code`; docs/errors.md lists every code.
 */

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
  code: string;
  severity: DiagnosticSeverity;
  message: string;
  hint?: string;
  /** JSON Pointer segments into the document (`['steps', '2', 'expect', 'status']`). */
  pointer?: string[];
  span?: SourceSpan;
}

/** How an error maps onto the exit-code contract (docs/testing.md, "Exit codes"). */
export type ExitClass = 'usage' | 'target' | 'internal';

export const EXIT_CODES: Readonly<Record<ExitClass, number>> = { usage: 2, target: 3, internal: 70 };

export const SCIMCTL_ERRORS = {
  USAGE: { title: 'Invalid command line', hint: 'run `scimctl test --help` for the options', exitClass: 'usage' },
  CONFIG_INVALID: { title: 'Invalid configuration file', hint: 'see docs/formats.md, "Config file"', exitClass: 'usage' },
  SCENARIO_INVALID: { title: 'Invalid scenario file', hint: 'see docs/formats.md, "Scenarios"', exitClass: 'usage' },
  RECORDING_INVALID: { title: 'Invalid recording file', hint: 'see docs/formats.md, "Recordings"', exitClass: 'usage' },
  YAML_SYNTAX: { title: 'YAML syntax error', hint: 'check indentation and quoting around the marked position', exitClass: 'usage' },
  FILE_NOT_FOUND: { title: 'File not found', hint: 'check the path; relative paths start at the working directory', exitClass: 'usage' },
  REPORTER_UNKNOWN: { title: 'Unknown reporter', hint: 'valid reporters: pretty, json, junit, tap, markdown, html', exitClass: 'usage' },
  BASELINE_INVALID: { title: 'Invalid baseline file', hint: 'write one with --write-baseline <file>', exitClass: 'usage' },
  TEMPLATE_UNDEFINED: { title: 'Unknown template variable', hint: 'define it under `variables:` or capture it in an earlier step', exitClass: 'usage' },
  TARGET_UNREACHABLE: { title: 'The target cannot be reached', hint: 'check the base URL, that the server is running, and --proxy/--ca', exitClass: 'target' },
  AUTH_REJECTED: { title: 'The target rejected the credentials', hint: 'check --token / SCIMCTL_TOKEN, --header or the basic credentials', exitClass: 'target' },
  TIMEOUT: { title: 'The target did not answer in time', hint: 'raise --timeout if the target is just slow', exitClass: 'target' },
  CONNECTION_RESET: { title: 'The target closed the connection', hint: 'look at the target\'s logs for a crash on this request', exitClass: 'target' },
  TLS_FAILED: { title: 'TLS handshake failed', hint: 'use --ca <file> for a private CA, or --insecure for a test target', exitClass: 'target' },
  BODY_TOO_LARGE: { title: 'The response body is too large', hint: 'scimctl reads at most 5 MB per response', exitClass: 'target' },
  INVALID_JSON: { title: 'The response body is not valid JSON', hint: 'a SCIM response body must be JSON (RFC 7644 §3.8)', exitClass: 'target' },
  HTML_RESPONSE: { title: 'The target answered with HTML instead of JSON', hint: 'the base URL may point at a web page or a login proxy', exitClass: 'target' },
  INTERNAL: { title: 'Internal error', hint: 'this is a bug; rerun with --debug and report it', exitClass: 'internal' },
} as const satisfies Record<string, { title: string; hint: string; exitClass: ExitClass }>;

export type ScimctlErrorCode = keyof typeof SCIMCTL_ERRORS;

/** The one error class scimctl throws; `code` says which row of SCIMCTL_ERRORS applies. */
export class ScimctlError extends Error {
  override readonly name = 'ScimctlError';
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

  get exitCode(): number {
    return EXIT_CODES[SCIMCTL_ERRORS[this.code].exitClass];
  }
}

export function isScimctlError(err: unknown): err is ScimctlError {
  return err instanceof ScimctlError;
}

/** The exit code for an error code (2 usage, 3 target, 70 internal). */
export function exitCodeFor(code: ScimctlErrorCode): number {
  return EXIT_CODES[SCIMCTL_ERRORS[code].exitClass];
}

/** Title of a diagnostic's code when it is a scimctl code, else a generic one. */
export function titleFor(code: string): string {
  return code in SCIMCTL_ERRORS ? SCIMCTL_ERRORS[code as ScimctlErrorCode].title : 'Error';
}

/** A result for code whose caller must handle failure. */
export type Result<T> = { ok: true; value: T } | { ok: false; diagnostics: Diagnostic[] };
