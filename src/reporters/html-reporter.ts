/**
 * `--reporter html`: one self-contained file (inline CSS, no scripts, no
 * external assets): verdicts at a glance, then every failing exchange in full.
 */
import type { RunResult } from '../runner/types.js';
import { checkMessage, describeRequirement, exchangeText, exitText, failures, formatDuration, idpStateText, rfcTallyLabel, rfcTallyText, rfcTotals, scenarioCounts, spanText } from './format.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:70rem;padding:0 1rem;color:#1b1f24}
h1{font-size:1.5rem}h2{margin-top:2rem;border-bottom:1px solid #d0d7de}
.cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{border-radius:8px;padding:.75rem 1rem;min-width:12rem;border:1px solid #d0d7de}
.ready{background:#dafbe1}.blocked{background:#ffebe9}.not-tested{background:#f6f8fa}.card b{display:block}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #eaeef2;padding:.3rem .5rem;text-align:left;vertical-align:top}
.passed{color:#1a7f37}.failed,.errored{color:#cf222e}.skipped{color:#6e7781}
pre{background:#f6f8fa;padding:.75rem;overflow:auto;white-space:pre-wrap;word-break:break-all}
details{margin:.5rem 0 1rem}.req{color:#57606a;font-size:.9em}`;

export function htmlText(run: RunResult, summary: RunSummary): string {
  const v = summary.verdict;
  const e = escapeHtml;
  const parts: string[] = [];
  parts.push('<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>scimctl report ${e(run.runId)}</title>`, `<style>${CSS}</style></head><body>`);
  parts.push(`<h1>scimctl conformance report</h1>`, `<p>Target <code>${e(run.target.baseUrl)}</code> · run <code>${e(run.runId)}</code> · ${e(formatDuration(run.durationMs))} · exit ${e(exitText(v))}</p>`);
  if (run.fatal) parts.push(`<p class="failed"><b>${e(run.fatal.code)}</b>: ${e(run.fatal.message)}</p>`);
  parts.push('<div class="cards">');
  for (const i of v.idps) parts.push(`<div class="card ${i.state}"><b>${e(i.label)}</b>${e(idpStateText(i))}</div>`);
  for (const t of rfcTotals(v)) parts.push(`<div class="card ${t.passed === t.total ? 'ready' : 'blocked'}"><b>${e(rfcTallyLabel(t))}</b>${rfcTallyText(t)}</div>`);
  parts.push('</div>');
  const sc = scenarioCounts(run);
  parts.push(`<p>Scenarios: ${sc.passed} passed, ${sc.failed} failed, ${sc.errored} errored, ${sc.skipped} skipped · Checks: ${v.counts.passed} passed, ${v.counts.failed} failed, ${v.counts.errored} errored, ${v.counts.skipped} skipped</p>`);
  if (v.rfc.areas.length > 0) {
    parts.push('<h2>RFC areas (MUST)</h2><table><tr><th>Area</th><th>Passed</th></tr>');
    for (const a of v.rfc.areas) parts.push(`<tr><td>${e(a.area)}</td><td class="${a.passed === a.total ? 'passed' : 'failed'}">${a.passed}/${a.total}</td></tr>`);
    parts.push('</table>');
  }
  const fails = failures(run);
  if (fails.length > 0) {
    parts.push('<h2>Failures</h2>');
    for (const f of fails) {
      parts.push(`<h3 class="${f.blocking ? 'failed' : 'skipped'}">${f.blocking ? '✗' : '⚠'} ${e(f.scenario.id)} › ${e(f.step.name)}</h3><ul>`);
      for (const c of f.checks) {
        const where = spanText(c.span);
        parts.push(`<li>${e(checkMessage(c))}<br><span class="req">${e(describeRequirement(c))}${where ? ` · ${e(where)}` : ''}</span></li>`);
      }
      parts.push('</ul>');
      if (f.step.exchange) parts.push(`<details open><summary>exchange</summary><pre>${e(exchangeText(f.step.exchange, 20000).join('\n'))}</pre></details>`);
    }
  }
  parts.push('<h2>Scenarios</h2><table><tr><th>Scenario</th><th>Status</th><th>Steps</th><th>Tags</th></tr>');
  for (const s of run.scenarios) {
    parts.push(`<tr><td>${e(s.id)}<br><span class="req">${e(s.name)}</span></td><td class="${s.status}">${e(s.status)}${s.reason ? `<br><span class="req">${e(s.reason)}</span>` : ''}</td><td>${s.steps.length}</td><td>${e(s.tags.join(', '))}</td></tr>`);
  }
  parts.push('</table></body></html>');
  return `${parts.join('\n')}\n`;
}

export function createHtmlReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, htmlText(run, summary));
    },
  };
}
