/**
 * `--reporter tap`: TAP version 13, one test point per step, YAML diagnostics
 * (message, requirement, severity, blocks, expected, actual) under failures.
 * Under --baseline, a step whose failures the baseline all accepts is
 * `not ok … # TODO known failure (baseline)`: TAP's "known, not a failure".
 */
import { stringify } from 'yaml';
import type { RunResult } from '../runner/types.js';
import { isBlocking, isFailure } from '../runner/result-queries.js';
import { checkMessage, defectCounts, defectGates, defectImpact, defectKnown, firstFailure, formatRequirement, KNOWN_REASON, knownFailures, spanText, stepSkipReason, whyLines } from './format.js';
import type { Defect } from '../runner/verdict.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

const clean = (s: string) => s.replace(/#/g, '\\#').replace(/\n/g, ' ');

export function tapText(run: RunResult, summary?: RunSummary): string {
  const isKnown = knownFailures(summary);
  const lines: string[] = ['TAP version 13'];
  let n = 0;
  const points: string[] = [];
  if (run.fatal) {
    n++;
    points.push(`not ok ${n} - discovery`, '  ---', ...indent(stringify({ message: run.fatal.message, code: run.fatal.code })), '  ...');
  }
  // Defects first: one test point each, with what it blocks, why, how often and where it first failed.
  if (summary) for (const d of summary.verdict.defects) points.push(...defectPoint(run, summary, d, ++n));
  for (const s of run.scenarios) {
    if (s.steps.length === 0) {
      n++;
      points.push(`ok ${n} - ${clean(s.id)} # SKIP ${clean(s.reason ?? 'skipped')}`);
      continue;
    }
    for (const step of s.steps) {
      n++;
      const title = clean(`${s.id} › ${step.name}`);
      const blocking = step.checks.filter((c) => isFailure(c) && isBlocking(c));
      const bad = blocking.filter((c) => !isKnown(s, step, c));
      const known = blocking.filter((c) => isKnown(s, step, c));
      if (bad.length === 0 && known.length > 0) {
        points.push(`not ok ${n} - ${title} # TODO ${clean(`${KNOWN_REASON}: ${checkMessage(known[0]!)}`)}`);
        continue;
      }
      if (bad.length === 0) {
        const warn = step.checks.filter(isFailure);
        const skip = stepSkipReason(step);
        const directive = skip !== undefined ? ` # SKIP ${clean(skip)}` : '';
        points.push(`ok ${n} - ${title}${directive}`);
        if (warn.length > 0) points.push(`  # warning: ${clean(checkMessage(warn[0]!))}`);
        continue;
      }
      points.push(`not ok ${n} - ${title}`, '  ---');
      const diag = bad.map((c) => ({
        message: checkMessage(c),
        requirement: formatRequirement(c.requirement),
        severity: c.severity,
        blocks: c.blocks,
        ...(c.status === 'failed' ? { expected: c.expected ?? null, actual: c.actual ?? null } : {}),
        ...(c.span ? { at: `${c.span.file}:${c.span.start.line}:${c.span.start.col}` } : {}),
      }));
      points.push(...indent(stringify(diag.length === 1 ? diag[0] : { failures: diag }, { lineWidth: 0 })), '  ...');
    }
  }
  lines.push(`1..${n}`, ...points);
  return `${lines.join('\n')}\n`;
}

function defectPoint(run: RunResult, summary: RunSummary, d: Defect, n: number): string[] {
  const v = summary.verdict;
  const title = clean(`defect › ${d.title} (${d.key})`);
  const first = firstFailure(run, d);
  const diag = {
    key: d.key,
    severity: d.severity,
    requirement: d.requirementLabel,
    why: whyLines(v, d),
    failingChecks: d.failingChecks,
    scenarios: d.scenarios.length,
    first: `${d.first.scenario} › ${d.first.step}`,
    message: d.first.message,
    ...('expected' in d.first ? { expected: d.first.expected ?? null } : {}),
    ...('actual' in d.first ? { actual: d.first.actual ?? null } : {}),
    ...(first?.check?.span ? { at: spanText(first.check.span) } : {}),
  };
  const yamlLines = ['  ---', ...indent(stringify(diag, { lineWidth: 0 })), '  ...'];
  if (defectKnown(run, summary, d)) return [`not ok ${n} - ${title} # TODO ${clean(KNOWN_REASON)}`, ...yamlLines];
  if (defectGates(d)) return [`not ok ${n} - ${title}`, ...yamlLines];
  return [`ok ${n} - ${title}`, `  # warning: ${clean(`${defectImpact(v, d)}; ${defectCounts(d)}: ${d.first.message}`)}`];
}

function indent(yamlText: string): string[] {
  return yamlText
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`);
}

export function createTapReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, tapText(run, summary));
    },
  };
}
