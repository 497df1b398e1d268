/**
 * The tester's data model: parsed scenarios (after the JSON Schema accepted the
 * YAML) and the serialisable result tree reporters read (schemas/report.schema.json).
 */
import type { Diagnostic, SourceSpan } from '../core/errors.js';
import type { ThrottleRecord } from './client/transport.js';

export type Idp = 'okta' | 'entra' | 'mezmo';
export type Severity = 'MUST' | 'SHOULD' | 'MAY';
/** Capabilities with a fixed name (docs/formats.md, "requires"). */
export const CAPABILITIES = [
  'patch',
  'bulk',
  'sort',
  'etag',
  'filter',
  'changePassword',
  'groups',
  'groups.create',
  'groups.delete',
  'groups.list',
  'me',
  'search',
  'enterprise',
] as const;
export type NamedCapability = (typeof CAPABILITIES)[number];
/** RFC 7644 §3.4.2.2 Table 3 and 4 operators, plus `valuepath` for `attr[filter]`: each is its own `filter.<op>` capability. */
export const FILTER_OPERATORS = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le', 'pr', 'and', 'or', 'not', 'valuepath'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];
/** The two name patterns beside the fixed names: a filter operator, an optional User attribute (`attr.x509Certificates`). */
export const CAPABILITY_PATTERNS = ['filter.<op>', 'attr.<name>'] as const;
/** What `requires:` may name: a fixed name, `filter.<op>` or `attr.<name>` (a User attribute, core or enterprise). */
export type Capability = NamedCapability | `filter.${FilterOperator}` | `attr.${string}`;
/** What the run knows of the target, by capability name; a name not listed falls back (capabilities.ts, `hasCapability`). */
export type Capabilities = Partial<Record<string, boolean>>;

const ATTR_NAME = /^attr\.[A-Za-z][A-Za-z0-9_-]*(\.[A-Za-z][A-Za-z0-9_-]*)?$/;

/** Whether `name` is in the `requires:` vocabulary. */
export function isCapability(name: string): name is Capability {
  if ((CAPABILITIES as readonly string[]).includes(name)) return true;
  if (name.startsWith('filter.')) return (FILTER_OPERATORS as readonly string[]).includes(name.slice('filter.'.length));
  return ATTR_NAME.test(name);
}

/** How the run knows whether the target has a feature (shown under "What this server supports"). */
export interface SupportEntry {
  feature: string;
  state: 'supported' | 'unsupported' | 'refused-by-design' | 'unknown';
  how: 'discovery' | 'probe' | 'refusal' | 'assumed';
  detail?: string;
}

/** What a check enforces. `id` is a rfc-checklist.md ID such as `P-3.3-06`. */
export interface Requirement {
  source: 'RFC7643' | 'RFC7644' | 'okta' | 'entra' | 'mezmo';
  section?: string;
  doc?: string;
  id?: string;
}

/** Requirement, severity and IdP needs as written at one level (check, expect block, step, scenario). */
export interface CheckMeta {
  requirement?: Requirement;
  severity?: Severity;
  /** Citations of IdP needs (`okta.md §4.2`), each a row of the evidence table (src/runner/evidence.ts). */
  needs?: string[];
  because?: string;
  span?: SourceSpan;
}

export type StatusMatcher = { kind: 'value'; value: number } | { kind: 'set'; values: number[] } | { kind: 'range'; hundreds: number };

export interface HeaderExpectation extends CheckMeta {
  name: string;
  present?: boolean;
  equals?: string;
  pattern?: string;
}

export interface PathExpectation extends CheckMeta {
  pointer: string;
  present?: boolean;
  equals?: unknown;
  match?: unknown;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'object' | 'array' | 'null';
  pattern?: string;
  length?: number;
}

export type ScimCheckName = 'listResponse' | 'error' | 'resource' | 'location' | 'contentType' | 'etag';

export interface ScimCheckSpec extends CheckMeta {
  check: ScimCheckName;
  scimType?: string[];
  resourceType?: string;
}

export interface Expectation extends CheckMeta {
  status?: CheckMeta & { matcher: StatusMatcher };
  headers: HeaderExpectation[];
  body?: CheckMeta & { match?: unknown; hasMatch: boolean; equals?: unknown; hasEquals: boolean; schema?: object };
  paths: PathExpectation[];
  scim: ScimCheckSpec[];
}

export interface CaptureSpec {
  pointer?: string;
  header?: string;
  pattern?: string;
  /** With `pointer` at an array: take the first element whose members equal these values. */
  where?: Record<string, string | number | boolean>;
  /** With `where`: the pointer into that element to keep. */
  then?: string;
}

export interface RequestSpec {
  method: string;
  path: string;
  query?: string | Record<string, string | number | boolean>;
  headers: Record<string, string>;
  body?: unknown;
  hasBody: boolean;
  bodyText?: string;
  auth: 'default' | 'none' | 'invalid';
}

interface StepBase {
  name: string;
  requires: Capability[];
  /** IdP needs every check of this step cites (unless a check names its own). */
  needs?: string[];
  /** The plain-form twin of this variant step: when it failed, this step's failures are not judged. */
  control?: string;
  span?: SourceSpan;
}

export interface RequestStep extends StepBase {
  kind: 'request';
  request: RequestSpec;
  capture: Record<string, CaptureSpec>;
  expect?: Expectation;
}

export interface ReplayStep extends StepBase {
  kind: 'replay';
  recordingPath: string;
  recording: Recording;
  only?: (number | string)[];
  substitute: Record<string, string>;
  runScoped: boolean;
  autoChecks: boolean;
  expect?: Expectation;
  at: Record<string, Expectation>;
}

export type Step = RequestStep | ReplayStep;

export interface Scenario {
  id: string;
  name: string;
  description?: string;
  file: string;
  tags: string[];
  requires: Capability[];
  existingGroups: number;
  needs: string[];
  severity: Severity;
  variables: Record<string, unknown>;
  setup: Step[];
  steps: Step[];
  teardown: Step[];
}

export interface RecordedMessage {
  headers: Record<string, string>;
  body?: unknown;
  hasBody: boolean;
  bodyText?: string;
}

export interface RecordedExchange {
  id?: string;
  index: number;
  request: RecordedMessage & { method: string; path: string };
  response: RecordedMessage & { status: number };
  span?: SourceSpan;
}

export interface Recording {
  name: string;
  file: string;
  idp?: string;
  /** Where the traffic comes from (`okta.md §4.1, §4.2`): the evidence a replayed status check cites. */
  source?: string;
  basePath: string;
  exchanges: RecordedExchange[];
}

// ---- results -------------------------------------------------------------------------------

/**
 * `not-judged`: the step's status check failed (its body was not what was asked for), the step depends on a
 * failed step, or its plain-form control failed; `unsupported`: the target lawfully refused an optional feature
 * the step requires. Neither counts in any verdict.
 */
export type CheckStatus = 'passed' | 'failed' | 'errored' | 'skipped' | 'not-judged' | 'unsupported';
export const CHECK_STATUSES: readonly CheckStatus[] = ['passed', 'failed', 'errored', 'skipped', 'not-judged', 'unsupported'];

interface CheckResultBase {
  checkId: string;
  title: string;
  requirement: Requirement;
  /** Graded: never above the cited checklist item unless an IdP need that may block is cited. */
  severity: Severity;
  /** IdPs whose documented need this check encodes (from `evidence`). */
  blocks: Idp[];
  /** The evidence rows (their `ref`) that let this check block; empty when it blocks nothing. */
  evidence?: string[];
  because?: string;
  span?: SourceSpan;
  /** The named tolerance that let a deviating answer pass. */
  tolerance?: string;
}

export type CheckResult = CheckResultBase &
  (
    | { status: 'passed' }
    | { status: 'failed'; expected: unknown; actual: unknown; message: string }
    | { status: 'errored'; error: Diagnostic }
    | { status: 'skipped'; reason: string }
    | { status: 'not-judged'; reason: string }
    | { status: 'unsupported'; reason: string; feature: string }
  );

export interface ExchangeLog {
  request: { method: string; url: string; headers: Record<string, string>; body?: string; bodyTruncated?: boolean };
  response?: { status: number; headers: Record<string, string>; body?: string; bodyTruncated?: boolean };
  durationMs: number;
  /** Each 429 the target answered before this response, and the wait that honoured it (client/with-throttle.ts). */
  throttles?: ThrottleRecord[];
}

export type Phase = 'setup' | 'steps' | 'teardown';

export interface StepResult {
  name: string;
  phase: Phase;
  status: CheckStatus;
  reason?: string;
  durationMs: number;
  span?: SourceSpan;
  exchange?: ExchangeLog;
  checks: CheckResult[];
}

export interface ScenarioResult {
  id: string;
  name: string;
  file: string;
  tags: string[];
  status: CheckStatus;
  reason?: string;
  durationMs: number;
  steps: StepResult[];
}

export type EntraMode = 'default' | 'aadopt' | 'both';

/** What the target supports, and how we know (docs/verdicts.md, "What this server supports"). */
export interface RunResult {
  version: 1;
  tool: { name: 'scimctl'; version: string };
  runId: string;
  startedAt: string;
  durationMs: number;
  target: { baseUrl: string; mode: 'http' | 'mock'; profile?: string; entraMode: EntraMode };
  capabilities: Record<string, boolean>;
  aborted: boolean;
  fatal?: Diagnostic;
  /** The discovery requests and probes (ServiceProviderConfig, the credentials probe, ResourceTypes, Schemas, /Me, …), redacted. */
  discovery: ExchangeLog[];
  /** Optional features and how the run found out: discovery, a probe, an assumption, or a lawful refusal during the run. */
  supports: SupportEntry[];
  scenarios: ScenarioResult[];
}
