/**
 * `--reporter markdown`: a summary fit for a CI job summary ($GITHUB_STEP_SUMMARY):
 * a table of defects first (what each blocks and why, how often, where first),
 * the verdict table and counts, each defect's first exchange, then every failing
 * check collapsed. Under --baseline, known failures are marked 🔶, not ❌.
 */
import type { RunResult } from '../runner/types.js';
import type { Defect } from '../runner/verdict.js';
import { isBlocking } from '../runner/result-queries.js';
import {
  checkMessage,
  countsText,
  defectGates,
  defectKnown,
  describeRequirement,
  escapeHtml,
  exchangeText,
  exitText,
  failures,
  firstFailure,
  idpStateText,
  knownFailures,
  rfcTallyLabel,
  rfcTallyText,
  rfcTotals,
  scenarioCounts,
  spanText,
  whyLines,
} from './format.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownText(run: RunResult, summary: RunSummary): string {
  const v = summary.verdict;
  const out: string[] = ['# scimctl conformance report', ''];
  out.push(`Target \`${run.target.baseUrl}\` · run \`${run.runId}\` · exit ${exitText(v, run.fatal)}`, '');
  if (run.fatal) out.push(`> **${run.fatal.code}**: ${run.fatal.message}`, '');
  const known = (d: Defect) => defectKnown(run, summary, d);
  const icon = (d: Defect) => (known(d) ? '🔶' : defectGates(d) ? '❌' : '⚠️');

  out.push('## Defects', '');
  if (v.defects.length === 0) out.push('No defects: every judged check passed.', '');
  else {
    out.push('| | Severity | Defect | Blocks, and why | Failing checks | Scenarios | First failure |', '|---|---|---|---|---|---|---|');
    for (const d of v.defects) {
      const why = whyLines(v, d);
      const where = spanText(firstFailure(run, d)?.check?.span);
      out.push(
        `| ${icon(d)}${known(d) ? ' known' : ''} | ${d.severity} | ${cell(d.title)}<br>${cell(d.requirementLabel)} | ${why.map(cell).join('<br>')} | ${d.failingChecks} | ${d.scenarios.length} | \`${cell(`${d.first.scenario} › ${d.first.step}`)}\`: ${cell(d.first.message)}${where ? ` (\`${cell(where)}\`)` : ''} |`,
      );
    }
    out.push('');
  }

  out.push('## Verdict', '', '| Target | Verdict |', '|---|---|');
  for (const i of v.idps) out.push(`| ${i.label} | ${i.state === 'ready' ? '✅ ready' : i.state === 'blocked' ? `❌ ${idpStateText(i)}` : '➖ not tested'} |`);
  for (const t of rfcTotals(v)) out.push(`| ${rfcTallyLabel(t)} | ${rfcTallyText(t)} |`);
  out.push('');
  const sc = scenarioCounts(run);
  out.push(`Scenarios: ${countsText(sc, ', ')}. Checks: ${countsText(v.counts, ', ')}.`, '');
  if (summary.baseline) {
    const b = summary.baseline;
    out.push(`Baseline: ${b.known.length} known, ${b.new.length} new, ${b.fixed.length} now passing. A known failure does not fail this run (🔶).`, '');
    for (const k of b.fixed) out.push(`- now passing: \`${k}\``);
    if (b.fixed.length > 0) out.push('');
  }

  const withExchange = v.defects.filter((d) => d.first.exchange);
  if (withExchange.length > 0) {
    out.push('## First failures', '');
    for (const d of withExchange) {
      out.push(`<details><summary>${icon(d)} ${escapeHtml(d.title)} — ${escapeHtml(`${d.first.scenario} › ${d.first.step}`)}</summary>`, '', '```http');
      out.push(...exchangeText(d.first.exchange!, 1500), '```', '', '</details>', '');
    }
  }

  // Every failing check, collapsed; under --baseline a check the baseline accepts is 🔶, not ❌.
  const isKnown = knownFailures(summary);
  const fails = failures(run);
  if (fails.length > 0) {
    const n = fails.reduce((k, f) => k + f.checks.length, 0);
    out.push('## Failing checks', '', `<details><summary>${n} failing check${n === 1 ? '' : 's'} in ${fails.length} step${fails.length === 1 ? '' : 's'}</summary>`, '');
    for (const f of fails) {
      for (const c of f.checks) {
        const mark = !isBlocking(c) ? '⚠️' : isKnown(f.scenario, f.step, c) ? '🔶' : '❌';
        out.push(`- ${mark} \`${cell(`${f.scenario.id} › ${f.step.name}`)}\`: ${cell(checkMessage(c))} — ${describeRequirement(c)}`);
      }
    }
    out.push('', '</details>', '');
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
