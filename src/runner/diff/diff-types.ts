/**
 * The result of `scimctl diff`: per step, what the target did differently
 * from the reference server once legitimate differences were normalised away.
 * Serialisable; the diff renderers (src/reporters/diff-*.ts) read only this.
 */

export interface JudgedBy {
  checkId: string;
  /** The defect this failure belongs to, as the verdict model keys it. */
  defect: string;
  message: string;
}

export interface Difference {
  /** What differs: the status, a header, or a place in the body (RFC 6901 pointer). */
  kind: 'status' | 'header' | 'body';
  /** `status`, a lower-case header name, or a pointer. */
  at: string;
  /** added: only the target has it; missing: only the reference has it; changed: both, different. */
  change: 'added' | 'missing' | 'changed';
  target?: unknown;
  reference?: unknown;
  /** Failed checks of the target's step that judged this difference; empty = it is only a difference. */
  judgedBy: JudgedBy[];
}

/** One side of a step, normalised. */
export interface NormalisedExchange {
  request: string;
  status?: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface StepDiff {
  scenario: string;
  scenarioName: string;
  phase: string;
  step: string;
  /** same: nothing left after normalising; differs; or the step ran on one side only. */
  outcome: 'same' | 'differs' | 'target-only' | 'reference-only';
  target?: NormalisedExchange;
  reference?: NormalisedExchange;
  differences: Difference[];
  /** Failed checks of the target's step no difference accounts for (the reference failed them too, or they judge more). */
  otherFailures: JudgedBy[];
}

export interface DiffResult {
  version: 1;
  target: string;
  reference: { profile: string };
  runId: string;
  /** What was normalised before comparing, for the reader. */
  normalised: string[];
  steps: StepDiff[];
  counts: { steps: number; same: number; differs: number; oneSided: number; differences: number; judged: number };
  /** The target could not be run (unreachable, credentials): nothing was compared. */
  fatal?: { code: string; message: string };
}
