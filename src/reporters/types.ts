/**
 * The reporter contract: a small object with optional hooks, each fired by the
 * runner or the CLI at a fixed moment. Reporters read the result tree; they
 * never change execution and only ever see redacted data.
 */
import type { RunEvents } from '../runner/run-suite.js';
import type { RunResult } from '../runner/types.js';
import type { BaselineComparison, Verdict } from '../runner/verdict.js';

export interface RunSummary {
  verdict: Verdict;
  baseline?: BaselineComparison;
}

export interface Reporter extends RunEvents {
  /** Fires once after the run (and teardown) finished, with the full tree and its verdict. */
  onRunEnd?(run: RunResult, summary: RunSummary): void | Promise<void>;
}

/** Where text goes: the terminal or a file. */
export interface Sink {
  write(text: string): void;
}
