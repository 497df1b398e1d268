/**
 * `scimctl diff --reporter html`: one self-contained page (no external
 * resources), one section per step that differs with its unified diff and the
 * check and defect that judged each difference.
 */
import type { DiffResult, StepDiff } from '../runner/diff/diff-types.js';
import { exchangeLines, unifiedDiff } from './diff-lines.js';
import { escapeHtml as e } from './html-reporter.js';

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

function section(s: StepDiff, profile: string): string {
  const head = `<h2>${e(s.scenarioName)} › ${e(s.step)}</h2><p class="req">${e((s.target ?? s.reference)?.request ?? '')}</p>`;
  if (s.outcome === 'target-only' || s.outcome === 'reference-only') {
    return `<section>${head}<p class="warn">ran on the ${s.outcome === 'target-only' ? 'target' : `reference server (${e(profile)})`} only</p></section>`;
  }
  const lines = unifiedDiff(exchangeLines(s.reference), exchangeLines(s.target))
    .map((l) => `<span class="${l.kind === '-' ? 'del' : l.kind === '+' ? 'add' : l.kind === '@' ? 'hunk' : 'ctx'}">${e(l.kind === '@' || l.kind === ' ' ? l.text : `${l.kind}${l.text}`)}</span>`)
    .join('\n');
  const items = s.differences
    .map((d) => {
      const what = d.kind === 'status' ? 'status' : d.kind === 'header' ? `header ${d.at}` : d.at;
      const change = d.change === 'changed' ? `reference ${show(d.reference)} → target ${show(d.target)}` : d.change === 'added' ? `added by the target: ${show(d.target)}` : `missing on the target (reference: ${show(d.reference)})`;
      const judged = d.judgedBy.length === 0 ? '<span class="only">only a difference</span>' : d.judgedBy.map((j) => `<span class="judged">${e(j.defect)}</span> ${e(j.message)}`).join('<br>');
      return `<tr><td><code>${e(what)}</code></td><td>${e(change)}</td><td>${judged}</td></tr>`;
    })
    .join('');
  const others = s.otherFailures.map((j) => `<li><span class="judged">${e(j.defect)}</span> ${e(j.message)}</li>`).join('');
  return `<section>${head}<pre>${lines}</pre><table><tr><th>where</th><th>difference</th><th>judged by</th></tr>${items}</table>${others ? `<p>Also failed on the target:</p><ul>${others}</ul>` : ''}</section>`;
}

export function renderDiffHtml(result: DiffResult): string {
  const n = result.counts;
  const body = result.fatal
    ? `<p class="warn">The target could not be run: ${e(result.fatal.message)} (${e(result.fatal.code)})</p>`
    : `<p>${n.steps} steps compared: ${n.same} the same, ${n.differs} differ (${n.differences} differences, ${n.judged} judged by a check), ${n.oneSided} on one side only.</p>
<details><summary>Normalised before comparing</summary><ul>${result.normalised.map((x) => `<li>${e(x)}</li>`).join('')}</ul></details>
${result.steps.filter((s) => s.outcome !== 'same').map((s) => section(s, result.reference.profile)).join('\n') || '<p class="same">No difference.</p>'}`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>scimctl diff: ${e(result.target)}</title>
<style>
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;max-width:72rem;color:#222}
pre{background:#f6f8fa;padding:.6rem;overflow:auto;font:12px/1.4 ui-monospace,monospace}
pre span{display:block;white-space:pre}.del{background:#ffebe9;color:#82071e}.add{background:#dafbe1;color:#116329}.hunk{color:#0550ae}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:.3rem;text-align:left;vertical-align:top}
.req{color:#555;font-family:ui-monospace,monospace}.judged{font-family:ui-monospace,monospace;background:#fff8c5}.only{color:#777}.warn{color:#9a6700}.same{color:#116329}
</style></head><body>
<h1>scimctl diff</h1>
<p>Target <code>${e(result.target)}</code> against the reference server (profile <code>${e(result.reference.profile)}</code>), run <code>${e(result.runId)}</code>. <span class="del">- reference</span> <span class="add">+ target</span></p>
${body}
</body></html>
`;
}
