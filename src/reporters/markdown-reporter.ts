/**
 * `--reporter markdown`: a summary fit for a CI job summary ($GITHUB_STEP_SUMMARY):
 * the verdict table, counts, and each failing step with its requirement and exchange.
 */
import type { RunResult } from '../runner/types.js';
import { isBlocking } from '../runner/result-queries.js';
import type { FailureItem } from './format.js';
import { checkMessage, describeRequirement, exchangeText, exitText, failures, idpStateText, KNOWN_REASON, knownFailures, rfcTallyLabel, rfcTallyText, rfcTotals, scenarioCounts, spanText } from './format.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownText(run: RunResult, summary: RunSummary): string {
  const v = summary.verdict;
  const out: string[] = ['# scimctl conformance report', ''];
  out.push(`Target \`${run.target.baseUrl}\` · run \`${run.runId}\` · exit ${exitText(v)}`, '');
  if (run.fatal) out.push(`> **${run.fatal.code}**: ${run.fatal.message}`, '');
  out.push('| Target | Verdict |', '|---|---|');
  for (const i of v.idps) out.push(`| ${i.label} | ${i.state === 'ready' ? '✅ ready' : i.state === 'blocked' ? `❌ ${idpStateText(i)}` : '➖ not tested'} |`);
  for (const t of rfcTotals(v)) out.push(`| ${rfcTallyLabel(t)} | ${rfcTallyText(t)} |`);
  out.push('');
  const sc = scenarioCounts(run);
  out.push(
    `Scenarios: ${sc.passed} passed, ${sc.failed} failed, ${sc.errored} errored, ${sc.skipped} skipped. ` +
      `Checks: ${v.counts.passed} passed, ${v.counts.failed} failed, ${v.counts.errored} errored, ${v.counts.skipped} skipped.`,
    '',
  );
  if (summary.baseline) {
    const b = summary.baseline;
    out.push(`Baseline: ${b.known.length} known, ${b.new.length} new, ${b.fixed.length} now passing.`, '');
    for (const k of b.fixed) out.push(`- now passing: \`${k}\``);
    if (b.fixed.length > 0) out.push('');
  }
  // Under --baseline, a step whose blocking failures the baseline all accepts is listed as known, not failed.
  const isKnown = knownFailures(summary);
  const knownOnly = (f: FailureItem) => f.blocking && f.checks.filter((c) => isBlocking(c)).every((c) => isKnown(f.scenario, f.step, c));
  const fails = failures(run);
  const item = (f: FailureItem, icon: string) => {
    out.push(`### ${icon} ${cell(f.scenario.id)} › ${cell(f.step.name)}`, '');
    for (const c of f.checks) out.push(`- ${cell(checkMessage(c))} — ${describeRequirement(c)}${spanText(c.span) ? ` (\`${spanText(c.span)}\`)` : ''}`);
    if (f.step.exchange) out.push('', '<details><summary>exchange</summary>', '', '```http', ...exchangeText(f.step.exchange, 1500), '```', '', '</details>');
    out.push('');
  };
  const fresh = fails.filter((f) => !knownOnly(f));
  if (fresh.length > 0) {
    out.push('## Failures', '');
    for (const f of fresh) item(f, f.blocking ? '❌' : '⚠️');
  }
  const known = fails.filter(knownOnly);
  if (known.length > 0) {
    out.push(`## Known failures (baseline)`, '', `Each is a ${KNOWN_REASON}: it does not fail this run.`, '');
    for (const f of known) item(f, '🔶');
  }
  const skipped = run.scenarios.filter((s) => s.status === 'skipped');
  if (skipped.length > 0) {
    out.push('## Skipped', '');
    for (const s of skipped) out.push(`- \`${s.id}\`: ${cell(s.reason ?? 'skipped')}`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

export function createMarkdownReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, markdownText(run, summary));
    },
  };
}
