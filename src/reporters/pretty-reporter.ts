/**
 * `--reporter pretty` (the default): progress as scenarios finish (a live line
 * on a TTY), each failing step with its requirement and exchange, the
 * requirements that failed, the verdict table per IdP and RFC area, and a
 * fixed-width summary block.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import { renderDiagnostic } from './render-diagnostic.js';
import type { CheckResult, RunResult, Scenario, ScenarioResult } from '../runner/types.js';
import {
  baselineLines,
  checkMessage,
  countsText,
  defectCounts,
  defectGates,
  defectImpact,
  defectKnown,
  firstFailure,
  KNOWN_REASON,
  describeRequirement,
  exchangeText,
  exitText,
  failures,
  formatDuration,
  idpStateText,
  rfcTallyLabel,
  rfcTallyText,
  rfcTotals,
  scenarioCounts,
  spanText,
  verdictLine,
  whyLines,
} from './format.js';
import { requirementLines } from './requirement-lines.js';
import type { Reporter, RunSummary, Sink } from './types.js';

export interface PrettyOptions {
  color: boolean;
  /** Live progress line (only on a TTY). */
  live: boolean;
  /** Emit GitHub annotations (`::error file=…::`) for failures. */
  githubActions?: boolean;
  /** Keep the per-check list after the defects. */
  verbose?: boolean;
  /** Reads a scenario file so failures show their source line; none → locations only. */
  readSource?: (file: string) => string | undefined;
}

const ICON = { passed: '✓', failed: '✗', errored: '!', skipped: '-', 'not-judged': '·', unsupported: '○' } as const;

export function createPrettyReporter(out: Sink, options: PrettyOptions): Reporter {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  let total = 0;
  let done = 0;
  let liveShown = false;
  const clearLive = () => {
    if (liveShown) out.write('\r\x1b[2K');
    liveShown = false;
  };
  return {
    onRunStart(info) {
      total = info.scenarios.length;
      out.write(`${c.bold('scimctl')} · ${info.baseUrl} · run ${info.runId} · ${total} scenario${total === 1 ? '' : 's'}\n\n`);
    },
    onScenarioStart(scenario: Scenario) {
      if (!options.live) return;
      clearLive();
      out.write(c.dim(`  running ${done + 1}/${total} ${scenario.id}…`));
      liveShown = true;
    },
    onScenarioEnd(result: ScenarioResult) {
      done++;
      clearLive();
      out.write(`${scenarioLine(result, c)}\n`);
    },
    onRunEnd(run: RunResult, summary: RunSummary) {
      clearLive();
      out.write(prettySummary(run, summary, c, options.githubActions ?? false, options.readSource, options.verbose ?? false));
    },
  };
}

function colorFor(status: ScenarioResult['status'], c: ChalkInstance): (s: string) => string {
  return status === 'passed' ? c.green : status === 'skipped' ? c.dim : c.red;
}

export function scenarioLine(r: ScenarioResult, c: ChalkInstance): string {
  const paint = colorFor(r.status, c);
  if (r.status === 'skipped') return paint(` ${ICON.skipped} ${r.id}  skipped: ${r.reason ?? ''}`);
  const steps = r.steps.length;
  return `${paint(` ${ICON[r.status]} ${r.id}`)}  ${r.name} ${c.dim(`(${steps} step${steps === 1 ? '' : 's'}, ${formatDuration(r.durationMs)})`)}`;
}

/** Everything printed after the last scenario; also used by tests with colour off. */
export function prettySummary(
  run: RunResult,
  summary: RunSummary,
  c: ChalkInstance,
  github: boolean,
  readSource?: (file: string) => string | undefined,
  verbose = false,
): string {
  const v = summary.verdict;
  const lines: string[] = [];
  if (run.fatal) {
    lines.push('', renderDiagnostic(run.fatal, undefined, { color: c.level > 0 }));
    // The exchange that stopped the run (the JSON report keeps every discovery exchange).
    const last = run.discovery[run.discovery.length - 1];
    if (last) {
      lines.push(c.dim("  the probe's exchange:"));
      for (const l of exchangeText(last, 800)) lines.push(c.dim(`  ${l}`));
    }
  }
  const frame = (check: CheckResult, severity: 'error' | 'warning'): string[] => {
    const source = check.span ? readSource?.(check.span.file) : undefined;
    if (check.span && source !== undefined) {
      // House style §6: the failing expectation in its file, with carets.
      const text = renderDiagnostic({ code: 'CHECK', severity, message: checkMessageOnly(check), span: check.span }, source, { color: c.level > 0, title: check.title });
      return text.split('\n').map((l) => `   ${l}`);
    }
    const where = spanText(check.span);
    return [`   ${checkMessage(check)}`, ...(where ? [c.dim(`   --> ${where}`)] : [])];
  };

  // Defects first (issue 11): each failure grouped once, with what it blocks and why, and its first failing exchange.
  const defects = v.defects;
  if (defects.length > 0) {
    const gating = defects.filter(defectGates).length;
    lines.push('', c.bold(`Defects (${defects.length}${gating > 0 ? `, ${gating} fail${gating === 1 ? 's' : ''} the run` : ''})`));
    for (const d of defects) {
      const known = defectKnown(run, summary, d);
      const paint = known ? c.dim : defectGates(d) ? c.red : c.yellow;
      lines.push('', paint(` ${defectGates(d) ? ICON.failed : '⚠'} ${d.severity}  ${d.title}${known ? `  (${KNOWN_REASON})` : ''}`));
      for (const why of whyLines(v, d)) lines.push(`   ${why}`);
      lines.push(c.dim(`   ${d.requirementLabel} · ${defectCounts(d)}`));
      lines.push(`   first: ${d.first.scenario} › ${d.first.step}`);
      const first = firstFailure(run, d);
      if (first?.check) {
        lines.push(...frame(first.check, defectGates(d) ? 'error' : 'warning'));
        if (github && defectGates(d) && !known && first.check.span) {
          const span = first.check.span;
          lines.push(`::error file=${escapeProperty(span.file)},line=${span.start.line},col=${span.start.col}::${escapeData(`${d.title}: ${d.first.message} (${defectImpact(v, d)}; ${defectCounts(d)})`)}`);
        }
      } else {
        lines.push(`   ${d.first.message}`);
      }
      const exchange = d.first.exchange ?? first?.step.exchange;
      if (exchange) for (const l of exchangeText(exchange, 800)) lines.push(c.dim(`   ${l}`));
    }
  }

  // The per-check list: with --verbose.
  const fails = verbose ? failures(run) : [];
  if (fails.length > 0) {
    lines.push('', c.bold('Failures'));
    for (const f of fails) {
      const paint = f.blocking ? c.red : c.yellow;
      lines.push('', paint(` ${f.blocking ? ICON.failed : '⚠'} ${f.scenario.id} › ${f.step.name}`));
      for (const check of f.checks) {
        lines.push(...frame(check, f.blocking ? 'error' : 'warning'));
        lines.push(c.dim(`   requirement: ${describeRequirement(check)}`));
      }
      // A cascade: what the failed status left unjudged, counted nowhere.
      const unjudged = f.step.checks.filter((ch) => ch.status === 'not-judged');
      const why = unjudged[0]?.status === 'not-judged' ? unjudged[0].reason : '';
      if (unjudged.length > 0) lines.push(c.dim(`   ${ICON['not-judged']} ${unjudged.length} check${unjudged.length === 1 ? '' : 's'} ${why}`));
      if (f.step.exchange) for (const l of exchangeText(f.step.exchange, 800)) lines.push(c.dim(`   ${l}`));
    }
  }
  // The requirements tally; each failing requirement with its checks only under --verbose (the defects say it once).
  if (run.scenarios.length > 0) lines.push('', c.bold('Requirements'), ...requirementLines(run, c).slice(0, verbose ? undefined : 1));

  lines.push('', c.bold('Verdict'));
  const rows: [string, string, boolean][] = v.idps.map((i) => [i.label, idpStateText(i), i.state !== 'blocked']);
  for (const t of rfcTotals(v)) rows.push([rfcTallyLabel(t), rfcTallyText(t), t.passed === t.total]);
  const w = Math.max(...rows.map((r) => r[0].length), 10);
  for (const [label, state, ok] of rows) lines.push(`  ${label.padEnd(w)}  ${ok ? c.green(state) : c.red(state)}`);
  if (v.rfc.areas.length > 0) {
    lines.push('', c.bold('RFC areas (MUST)'));
    const aw = Math.max(...v.rfc.areas.map((a) => a.area.length));
    for (const a of v.rfc.areas) {
      const text = `${a.passed}/${a.total}`;
      lines.push(`  ${a.area.padEnd(aw)}  ${a.passed === a.total ? c.green(text) : c.red(text)}`);
    }
  }
  const missing = v.supports.filter((s) => s.state !== 'supported');
  if (missing.length > 0) {
    lines.push('', c.bold('Not supported by this server'));
    const fw = Math.max(...missing.map((s) => s.feature.length));
    for (const s of missing) lines.push(`  ${s.feature.padEnd(fw)}  ${s.state} (${s.how}${s.detail ? `: ${s.detail}` : ''})`);
  }
  const sc = scenarioCounts(run);
  lines.push('', c.bold('Summary'));
  lines.push(`  ${'scenarios'.padEnd(11)}${countsText(sc)}`);
  lines.push(`  ${'checks'.padEnd(11)}${countsText(v.counts)}`);
  const gating = defects.filter(defectGates).length;
  lines.push(`  ${'defects'.padEnd(11)}${defects.length}${defects.length > 0 ? ` (${gating} fail${gating === 1 ? 's' : ''} the run)` : ''}`);
  lines.push(`  ${'duration'.padEnd(11)}${formatDuration(run.durationMs)}`);
  for (const l of throttleLines(run)) lines.push(`  ${l}`);
  for (const l of baselineLines(summary.baseline)) lines.push(`  ${l}`);
  lines.push(`  ${'exit'.padEnd(11)}${exitText(v, run.fatal)}`);
  lines.push('', verdictLine(v), '');
  return `${lines.join('\n')}\n`;
}

function checkMessageOnly(check: CheckResult): string {
  if (check.status === 'failed') return check.message;
  if (check.status === 'errored') return `could not judge — ${check.error.message}`;
  return checkMessage(check);
}

/** GitHub workflow command escaping (vitest reporters/github-actions.ts). */
function escapeData(s: string): string {
  return s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** 429s the run waited out (client/with-throttle.ts), and the warning when Retry-After was missing. */
function throttleLines(run: RunResult): string[] {
  const all = [...run.discovery, ...run.scenarios.flatMap((s) => s.steps.flatMap((st) => (st.exchange ? [st.exchange] : [])))].flatMap((e) => e.throttles ?? []);
  if (all.length === 0) return [];
  const waited = all.reduce((ms, t) => ms + t.waitedMs, 0);
  const bare = all.filter((t) => t.warning !== undefined);
  const out = [`${'throttled'.padEnd(11)}${all.length} × 429, waited ${formatDuration(waited)} in all before retrying`];
  if (bare[0]?.warning) out.push(`${''.padEnd(11)}⚠ ${bare.length} without a usable Retry-After: ${bare[0].warning}`);
  return out;
}
