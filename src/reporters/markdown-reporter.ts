/**
 * `--reporter markdown`: a summary fit for a CI job summary ($GITHUB_STEP_SUMMARY):
 * a table of defects first (what each blocks and why, how often, where first),
 * the verdict table and counts, each defect's first exchange, then every failing
 * check collapsed. Under --baseline, known failures are marked 🔶, not ❌.
 */
import type { RunResult } from '../runner/types.js';
import { isBlocking } from '../runner/result-queries.js';
import type { FailureItem } from './format.js';
import {
  blockReasons,
  checkMessage,
  countsText,
  defectGates,
  defectImpact,
  defectKnown,
  describeRequirement,
  escapeHtml,
  exchangeText,
  exitText,
  failures,
  firstFailure,
  idpStateText,
  KNOWN_REASON,
  knownFailures,
  rfcTallyLabel,
  rfcTallyText,
  rfcTotals,
  scenarioCounts,
  spanText,
} from './format.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function markdownText(run: RunResult, summary: RunSummary): string {
  const v = summary.verdict;
  const out: string[] = ['# scimctl conformance report', ''];
  out.push(`Target \`${run.target.baseUrl}\` · run \`${run.runId}\` · exit ${exitText(v)}`, '');
  if (run.fatal) out.push(`> **${run.fatal.code}**: ${run.fatal.message}`, '');
  const defects = v.defects;
  if (defects !== undefined) {
    out.push('## Defects', '');
    if (defects.length === 0) out.push('No defects: every judged check passed.', '');
    else {
      out.push('| | Severity | Defect | Blocks, and why | Failing checks | Scenarios | First failure |', '|---|---|---|---|---|---|---|');
      for (const d of defects) {
        const icon = defectKnown(run, summary, d) ? '🔶 known' : defectGates(d) ? '❌' : '⚠️';
        const why = d.blocks.length > 0 ? blockReasons(v, d).join('<br>') + (d.rfcGate ? '<br>fails the RFC MUST gate' : '') : defectImpact(v, d);
        const where = spanText(firstFailure(run, d)?.check?.span);
        out.push(
          `| ${icon} | ${d.severity} | ${cell(d.title)}<br>${cell(d.requirementLabel)} | ${cell(why)} | ${d.failingChecks} | ${d.scenarios.length} | \`${cell(`${d.first.scenario} › ${d.first.step}`)}\`: ${cell(d.first.message)}${where ? ` (\`${cell(where)}\`)` : ''} |`,
        );
      }
      out.push('');
    }
    out.push('## Verdict', '');
  }
  out.push('| Target | Verdict |', '|---|---|');
  for (const i of v.idps) out.push(`| ${i.label} | ${i.state === 'ready' ? '✅ ready' : i.state === 'blocked' ? `❌ ${idpStateText(i)}` : '➖ not tested'} |`);
  for (const t of rfcTotals(v)) out.push(`| ${rfcTallyLabel(t)} | ${rfcTallyText(t)} |`);
  out.push('');
  const sc = scenarioCounts(run);
  out.push(`Scenarios: ${countsText(sc, ', ')}. Checks: ${countsText(v.counts, ', ')}.`, '');
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
  if (defects === undefined) {
    // Interim: no defects in the verdict yet, so every failing step in full.
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
  } else {
    if (defects.length > 0) {
      out.push('## First failures', '');
      for (const d of defects) {
        const exchange = d.first.exchange ?? firstFailure(run, d)?.step.exchange;
        if (!exchange) continue;
        const icon = defectKnown(run, summary, d) ? '🔶' : defectGates(d) ? '❌' : '⚠️';
        out.push(`<details><summary>${icon} ${escapeHtml(d.title)} — ${escapeHtml(`${d.first.scenario} › ${d.first.step}`)}</summary>`, '', '```http', ...exchangeText(exchange, 1500), '```', '', '</details>', '');
      }
    }
    if (fails.length > 0) {
      const n = fails.reduce((k, f) => k + f.checks.length, 0);
      out.push('## Failing checks', '', `<details><summary>${n} failing check${n === 1 ? '' : 's'} in ${fails.length} step${fails.length === 1 ? '' : 's'}</summary>`, '');
      for (const f of fails) {
        for (const c of f.checks) {
          const icon = !isBlocking(c) ? '⚠️' : isKnown(f.scenario, f.step, c) ? '🔶' : '❌';
          out.push(`- ${icon} \`${cell(`${f.scenario.id} › ${f.step.name}`)}\`: ${cell(checkMessage(c))} — ${describeRequirement(c)}`);
        }
      }
      out.push('', '</details>', '');
    }
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
