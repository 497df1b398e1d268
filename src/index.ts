/**
 * scimctl: the programmatic API of the conformance tester.
 *
 * Other entry points: `scimctl/core` (the pure SCIM model: filters, PATCH,
 * schema), `scimctl/server` (the reference server and its adapters) and
 * `scimctl/msw` (msw handlers for your own tests).
 *
 * @example
 *   import { runSuite, computeVerdict, loadScenarios, expandPaths, builtinScenarioDir } from 'scimctl';
 */

// Running a suite
export { runSuite, newRunId } from './runner/run-suite.js';
export { computeVerdict, compareBaseline, isBlocking, blockingFailureKeys, IDP_LABELS } from './runner/verdict.js';
export type { RunOptions, RunEvents } from './runner/run-suite.js';
export type { Verdict, IdpKey, IdpReadiness, BaselineComparison } from './runner/verdict.js';

// Loading scenarios and recordings
export { loadScenarioFile } from './runner/load/load-scenario.js';
export { loadRecordingFile } from './runner/load/load-recording.js';
export { builtinScenarioDir, expandPaths, loadScenarios, filterScenarios } from './runner/load/find-scenarios.js';

// Transports
export { createHttpTransport } from './runner/client/http-transport.js';
export { createHandlerTransport } from './runner/client/handler-transport.js';
export type { Transport, OutgoingRequest, IncomingResponse } from './runner/client/transport.js';

// Reporters
export { reporters, createReporters, REPORTER_NAMES } from './reporters/index.js';
export type { Reporter, ReporterName } from './reporters/index.js';

// Errors and diagnostics
export { ScimctlError, SCIMCTL_ERRORS, isScimctlError, exitCodeFor } from './core/errors.js';
export type { Diagnostic, SourceSpan, Result } from './core/errors.js';

// The result tree and the formats' types
export type {
  RunResult,
  ScenarioResult,
  StepResult,
  CheckResult,
  CheckStatus,
  Requirement,
  Severity,
  Idp,
  Scenario,
  Step,
  Recording,
  RecordedExchange,
  Capability,
  EntraMode,
} from './runner/types.js';
