/**
 * `--reporter json`: the result tree plus its verdict, as documented by
 * schemas/report.schema.json (`version: 1`).
 */
import type { RunResult } from '../runner/types.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

export function jsonReport(run: RunResult, summary: RunSummary): object {
  return { ...run, verdict: summary.verdict, ...(summary.baseline ? { baseline: summary.baseline } : {}) };
}

export function createJsonReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, `${JSON.stringify(jsonReport(run, summary), null, 2)}\n`);
    },
  };
}
