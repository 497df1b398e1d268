/**
 * `--reporter json`: the result tree plus its verdict and the results per
 * requirement, as documented by schemas/report.schema.json (`version: 1`).
 */
import { resultsByRequirement } from '../runner/result-queries.js';
import type { RequirementResult } from '../runner/coverage/by-requirement.js';
import type { RunResult } from '../runner/types.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

export type RequirementEntry = Pick<RequirementResult, 'label' | 'severity' | 'status' | 'counts' | 'failures'>;

/** The `requirements` member: requirement key → outcome, counts and failing check keys, failing ones first. */
export function requirementsMember(run: RunResult): Record<string, RequirementEntry> {
  return Object.fromEntries(
    resultsByRequirement(run).map((r) => [r.key, { label: r.label, severity: r.severity, status: r.status, counts: r.counts, failures: r.failures }]),
  );
}

export function jsonReport(run: RunResult, summary: RunSummary): object {
  return {
    ...run,
    defects: summary.verdict.defects,
    verdict: summary.verdict,
    requirements: requirementsMember(run),
    ...(summary.baseline ? { baseline: summary.baseline } : {}),
  };
}

export function createJsonReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, `${JSON.stringify(jsonReport(run, summary), null, 2)}\n`);
    },
  };
}
