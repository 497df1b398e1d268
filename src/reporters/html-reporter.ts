/**
 * `--reporter html`: one self-contained file for people (issue 13). Verdict
 * cards per IdP, then the defects (grouped failures) with what each blocks and
 * why, filters by IdP, severity and scenario, the RFC areas, what the server
 * supports, and every scenario's checks last. No network requests: inline CSS
 * and script only, and a Content-Security-Policy that forbids anything else.
 *
 * Size: the page is pre-rendered only down to one line per defect; the bulky
 * parts (exchanges, the steps a defect hit, the per-check list) are rendered by
 * a small inline script from embedded JSON when a reader opens them.
 */
import type { ExchangeLog, RunResult } from '../runner/types.js';
import {
  blockReasons,
  countsText,
  defectCounts,
  defectGates,
  defectImpact,
  defectKnown,
  escapeHtml,
  exchangeText,
  exitText,
  firstFailure,
  formatDuration,
  idpLabel,
  idpStateText,
  KNOWN_REASON,
  rfcTallyLabel,
  rfcTallyText,
  rfcTotals,
  scenarioCounts,
  spanText,
  valueText,
  checkMessage,
} from './format.js';
import type { Defect } from '../runner/verdict.js';
import type { Reporter, RunSummary, Sink } from './types.js';
import { writeOutput } from './write-output.js';
import type { Destination } from './write-output.js';

export { escapeHtml };

/** Bodies in the embedded exchanges are cut here; the JSON report keeps them whole. */
const MAX_BODY = 4000;

const CSS = `:root{--fg:#1f2328;--mute:#59636e;--line:#d1d9e0;--soft:#f6f8fa;--red:#cf222e;--redbg:#ffebe9;--green:#1a7f37;--greenbg:#dafbe1;--amber:#9a6700;--amberbg:#fff8c5}
*{box-sizing:border-box}body{font:14px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0 auto;max-width:72rem;padding:1.5rem 1.25rem 4rem;color:var(--fg)}
h1{font-size:1.45rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2.25rem 0 .75rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
code,pre{font:12.5px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}.meta{color:var(--mute);margin:0 0 1.25rem}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem}
.card{border:1px solid var(--line);border-radius:10px;padding:.7rem .9rem;background:var(--soft)}.card b{display:block;font-size:1.02rem}
.card span{display:block;margin-top:.15rem}.card.ready{background:var(--greenbg);border-color:#aceebb}.card.blocked{background:var(--redbg);border-color:#ffcecb}
.card.ready span{color:var(--green)}.card.blocked span{color:var(--red);font-weight:600}.card.not-tested span{color:var(--mute)}
.counts{color:var(--mute);margin:.9rem 0 0}
.filters{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:0 0 .75rem;padding:.55rem .75rem;background:var(--soft);border:1px solid var(--line);border-radius:8px}
.filters label{color:var(--mute)}select{font:inherit;padding:.15rem .3rem;margin-left:.3rem}#f-shown{margin-left:auto;color:var(--mute)}
.defect{border:1px solid var(--line);border-left:4px solid var(--line);border-radius:8px;margin:0 0 .5rem;background:#fff}
.defect.gate{border-left-color:var(--red)}.defect.known{opacity:.8;border-left-style:dashed}
.defect>summary{cursor:pointer;padding:.55rem .75rem;display:grid;grid-template-columns:4.2rem 1fr auto;gap:.1rem .75rem;align-items:baseline;list-style:none}
.defect>summary::-webkit-details-marker{display:none}.defect>summary:hover{background:var(--soft)}
.sev{font:600 11px/1.6 ui-monospace,monospace;text-align:center;border-radius:4px;padding:0 .3rem}.sev.MUST{background:var(--redbg);color:var(--red)}
.sev.SHOULD{background:var(--amberbg);color:var(--amber)}.sev.MAY{background:var(--soft);color:var(--mute)}
.title{font-weight:600}.title::before{content:'▸ ';color:var(--mute)}.defect[open] .title::before{content:'▾ '}.impact{grid-column:2;color:var(--mute)}.defect.gate .impact{color:var(--red)}.hits{grid-row:1;grid-column:3;color:var(--mute);white-space:nowrap}
.badge{font-size:11px;border:1px solid var(--line);border-radius:10px;padding:0 .45rem;margin-left:.4rem;color:var(--mute);font-weight:400}
.body{padding:.25rem .9rem .8rem;border-top:1px solid var(--line)}.body p{margin:.5rem 0}.why{margin:.3rem 0;padding-left:1.2rem}
.src,.req{color:var(--mute)}pre{background:var(--soft);padding:.65rem .8rem;border-radius:6px;overflow:auto;white-space:pre-wrap;word-break:break-word;max-height:28rem;margin:.4rem 0}
.steps{columns:2 22rem;margin:.3rem 0;padding-left:1.2rem}table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #e6eaef;padding:.3rem .5rem;text-align:left;vertical-align:top}th{font-weight:600;color:var(--mute)}
.passed,.supported{color:var(--green)}.failed,.errored,.unsupported{color:var(--red)}.skipped,.not-judged,.unknown,.refused-by-design{color:var(--mute)}
details.more>summary{cursor:pointer;color:var(--mute);margin:.5rem 0}.none{color:var(--green);font-weight:600}`;

/**
 * The page's only script: filters, and rendering of the bulky parts on demand. Every value goes through
 * textContent, never innerHTML, so nothing in a response can become markup.
 */
const SCRIPT = `(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var byId = function (id) { return document.getElementById(id); };
  var el = function (tag, cls, text) { var e = document.createElement(tag); if (cls) e.className = cls; if (text !== undefined) e.textContent = text; return e; };
  var defects = Array.prototype.slice.call(document.querySelectorAll('.defect'));
  var idp = byId('f-idp'), sev = byId('f-sev'), scn = byId('f-scn'), shown = byId('f-shown');
  function apply() {
    var n = 0;
    defects.forEach(function (d) {
      var info = data.defects[Number(d.getAttribute('data-index'))];
      var ok = (idp.value === '' || (idp.value === 'none' ? info.idps.length === 0 : info.idps.indexOf(idp.value) >= 0)) &&
        (sev.value === '' || info.severity === sev.value) &&
        (scn.value === '' || info.scenarios.indexOf(scn.value) >= 0);
      d.hidden = !ok;
      if (ok) n++;
    });
    shown.textContent = n === defects.length ? n + ' defect' + (n === 1 ? '' : 's') : 'showing ' + n + ' of ' + defects.length + ' defects';
  }
  [idp, sev, scn].forEach(function (s) { if (s) s.addEventListener('change', apply); });
  function exchange(i) { return el('pre', 'exchange', data.exchanges[i]); }
  defects.forEach(function (d) {
    d.addEventListener('toggle', function () {
      var slot = d.querySelector('.lazy');
      if (!d.open || slot.childNodes.length > 0) return;
      var info = data.defects[Number(d.getAttribute('data-index'))];
      if (info.exchange >= 0) { slot.appendChild(el('p', '', 'First failing exchange (redacted):')); slot.appendChild(exchange(info.exchange)); }
      slot.appendChild(el('p', '', 'Steps it hit (' + info.hits.length + '):'));
      var ul = el('ul', 'steps');
      info.hits.forEach(function (h) { ul.appendChild(el('li', '', h)); });
      slot.appendChild(ul);
    });
  });
  var checks = byId('checks');
  if (checks) checks.addEventListener('toggle', function () {
    var slot = byId('check-list');
    if (!checks.open || slot.childNodes.length > 0) return;
    var table = el('table'), head = el('tr');
    ['Scenario', 'Step', 'Status', 'Checks'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    table.appendChild(head);
    data.scenarios.forEach(function (s) {
      var steps = s.steps.length > 0 ? s.steps : [{ name: '', status: s.status, passed: 0, checks: [], reason: s.reason, exchange: -1 }];
      steps.forEach(function (st, i) {
        var tr = el('tr');
        tr.appendChild(el('td', '', i === 0 ? s.id : ''));
        tr.appendChild(el('td', '', st.name));
        tr.appendChild(el('td', st.status, st.status + (st.reason ? ' (' + st.reason + ')' : '')));
        var td = el('td');
        if (st.passed > 0) td.appendChild(el('div', 'passed', st.passed + ' passed'));
        st.checks.forEach(function (c) { td.appendChild(el('div', c[0], c[0] + ': ' + c[1] + ' — ' + c[2])); });
        if (st.exchange >= 0) { var more = el('details', 'more'); more.appendChild(el('summary', '', 'exchange')); more.appendChild(exchange(st.exchange)); td.appendChild(more); }
        tr.appendChild(td);
        table.appendChild(tr);
      });
    });
    slot.appendChild(table);
  });
  apply();
})();`;

interface DefectData {
  idps: string[];
  severity: string;
  scenarios: string[];
  hits: string[];
  exchange: number;
}

interface StepData {
  name: string;
  status: string;
  reason?: string;
  passed: number;
  /** [status, check title, message] of each check that did not pass. */
  checks: [string, string, string][];
  exchange: number;
}

interface PageData {
  exchanges: string[];
  defects: DefectData[];
  scenarios: { id: string; status: string; reason?: string; steps: StepData[] }[];
}

function pageData(run: RunResult, defects: readonly Defect[]): PageData {
  const exchanges: string[] = [];
  const index = new Map<string, number>();
  const add = (ex: ExchangeLog | undefined): number => {
    if (!ex) return -1;
    const text = exchangeText(ex, MAX_BODY).join('\n');
    const seen = index.get(text);
    if (seen !== undefined) return seen;
    exchanges.push(text);
    index.set(text, exchanges.length - 1);
    return exchanges.length - 1;
  };
  const defectData = defects.map((d) => ({
    idps: d.blocks.map((b) => b.idp),
    severity: d.severity,
    scenarios: d.scenarios,
    hits: d.hits.map((h) => `${h.scenario} › ${h.step}`),
    exchange: add(d.first.exchange),
  }));
  const scenarios = run.scenarios.map((s) => ({
    id: s.id,
    status: s.status,
    ...(s.reason ? { reason: s.reason } : {}),
    steps: s.steps.map((st) => {
      const other = st.checks.filter((c) => c.status !== 'passed');
      const failing = other.some((c) => c.status === 'failed' || c.status === 'errored');
      return {
        name: st.name,
        status: st.status,
        ...(st.reason ? { reason: st.reason } : {}),
        passed: st.checks.length - other.length,
        checks: other.map((c): [string, string, string] => [c.status, c.title, checkMessage(c).slice(c.title.length + 2) || c.status]),
        exchange: failing ? add(st.exchange) : -1,
      };
    }),
  }));
  return { exchanges, defects: defectData, scenarios };
}

/** JSON inside <script type="application/json">: `<` escaped so no `</script>` or `<!--` can close it. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function option(value: string, label: string): string {
  return `<option value="${escapeHtml(value)}">${escapeHtml(label)}</option>`;
}

export function htmlText(run: RunResult, summary: RunSummary): string {
  const v = summary.verdict;
  const e = escapeHtml;
  const defects = v.defects;
  const supports = v.supports;
  const parts: string[] = [];
  parts.push(
    '<!doctype html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">`,
    '<meta name="viewport" content="width=device-width,initial-scale=1">',
    `<title>scimctl report · ${e(run.target.baseUrl)}</title>`,
    `<style>${CSS}</style></head><body>`,
  );
  parts.push(
    '<h1>scimctl conformance report</h1>',
    `<p class="meta">Target <code>${e(run.target.baseUrl)}</code> · run <code>${e(run.runId)}</code> · ${e(run.startedAt)} · ${e(formatDuration(run.durationMs))} · exit ${e(exitText(v, run.fatal))}</p>`,
  );
  if (run.fatal) parts.push(`<p class="failed"><b>${e(run.fatal.code)}</b>: ${e(run.fatal.message)}</p>`);

  parts.push('<section id="verdict"><div class="cards">');
  for (const i of v.idps) parts.push(`<div class="card ${i.state}" data-idp="${e(i.key)}"><b>${e(i.label)}</b><span>${e(idpStateText(i))}</span></div>`);
  for (const t of rfcTotals(v)) {
    parts.push(`<div class="card ${t.passed === t.total ? 'ready' : 'blocked'}"><b>${e(rfcTallyLabel(t))}</b><span>${e(rfcTallyText(t))}</span></div>`);
  }
  parts.push('</div>');
  const sc = scenarioCounts(run);
  parts.push(`<p class="counts">Scenarios: ${e(countsText(sc, ', '))} · Checks: ${e(countsText(v.counts, ', '))}</p>`);
  if (summary.baseline) {
    const b = summary.baseline;
    parts.push(`<p class="counts">Baseline: ${b.known.length} known, ${b.new.length} new, ${b.fixed.length} now passing.</p>`);
  }
  parts.push('</section>');

  parts.push(`<section id="defects-section"><h2>Defects (${defects.length})</h2>`);
  if (defects.length === 0) {
    parts.push('<p class="none">No defects: every judged check passed.</p>');
  } else {
    const scenarioIds = [...new Set(defects.flatMap((d) => d.scenarios))].sort();
    const severities = (['MUST', 'SHOULD', 'MAY'] as const).filter((s) => defects.some((d) => d.severity === s));
    parts.push(
      '<div class="filters">',
      `<label>IdP<select id="f-idp">${option('', 'all')}${v.idps.map((i) => option(i.key, `blocks ${i.label}`)).join('')}${option('none', 'blocks no IdP')}</select></label>`,
      `<label>Severity<select id="f-sev">${option('', 'all')}${severities.map((s) => option(s, s)).join('')}</select></label>`,
      `<label>Scenario<select id="f-scn">${option('', 'all')}${scenarioIds.map((s) => option(s, s)).join('')}</select></label>`,
      `<span id="f-shown">${defects.length} defect${defects.length === 1 ? '' : 's'}</span>`,
      '</div><div id="defects">',
    );
    defects.forEach((d, index) => {
      const known = defectKnown(run, summary, d);
      const gate = defectGates(d);
      const first = firstFailure(run, d);
      const where = spanText(first?.check?.span);
      const cls = ['defect', gate ? 'gate' : '', known ? 'known' : ''].filter(Boolean).join(' ');
      parts.push(
        `<details class="${cls}" data-index="${index}" data-key="${e(d.key)}" data-idps="${e(d.blocks.map((b) => b.idp).join(' '))}" data-severity="${d.severity}">`,
        `<summary><span class="sev ${d.severity}">${d.severity}</span><span class="title">${e(d.title)}${known ? `<span class="badge">${e(KNOWN_REASON)}</span>` : ''}</span>` +
          `<span class="hits">${e(defectCounts(d))}</span><span class="impact">${e(defectImpact(v, d))} · ${e(d.requirementLabel)}</span></summary>`,
        '<div class="body">',
      );
      if (d.blocks.length > 0) {
        parts.push(`<p>Why it blocks:</p><ul class="why">${blockReasons(v, d).map((why) => `<li>${e(why)}</li>`).join('')}</ul>`);
      }
      if (d.rfcGate) parts.push(`<p>${d.blocks.length > 0 ? 'It is also' : 'No IdP documents a need for this; it is'} an RFC MUST, so it fails the run under "RFC".</p>`);
      if (d.targetError) parts.push('<p>The target could not be judged here (no answer, or not a SCIM answer), which fails the run.</p>');
      const values = 'expected' in d.first || 'actual' in d.first ? ` (expected <code>${e(valueText(d.first.expected))}</code>, got <code>${e(valueText(d.first.actual))}</code>)` : '';
      parts.push(
        `<p>First failure: <b>${e(`${d.first.scenario} › ${d.first.step}`)}</b>: ${e(d.first.message)}${values}${where ? ` · <code>${e(where)}</code>` : ''}</p>`,
        `<p class="req">key <code>${e(d.key)}</code></p>`,
        '<div class="lazy"></div></div></details>',
      );
    });
    parts.push('</div>');
  }
  parts.push('</section>');

  if (v.rfc.areas.length > 0) {
    parts.push('<section><h2>RFC areas (MUST)</h2><table><tr><th>Area</th><th>Met</th></tr>');
    for (const a of v.rfc.areas) parts.push(`<tr><td>${e(a.area)}</td><td class="${a.passed === a.total ? 'passed' : 'failed'}">${a.passed}/${a.total}</td></tr>`);
    parts.push('</table></section>');
  }

  if (supports.length > 0) {
    parts.push('<section id="supports"><h2>What this server supports</h2><table><tr><th>Feature</th><th>State</th><th>How we know</th><th>Detail</th></tr>');
    for (const s of supports) {
      parts.push(`<tr><td><code>${e(s.feature)}</code></td><td class="${s.state}">${e(s.state)}</td><td>${e(s.how)}</td><td>${e(s.detail ?? '')}</td></tr>`);
    }
    parts.push('</table></section>');
  }

  const checks = Object.values(v.counts).reduce((n, c) => n + c, 0);
  parts.push(
    `<section><h2>Scenarios and checks</h2><details id="checks" class="more"><summary>Every scenario, step and check (${run.scenarios.length} scenarios, ${checks} checks)</summary><div id="check-list"></div></details></section>`,
  );
  parts.push(`<script type="application/json" id="report-data">${embedJson(pageData(run, defects))}</script>`);
  parts.push(`<script>${SCRIPT}</script>`);
  parts.push('</body></html>');
  return `${parts.join('\n')}\n`;
}

export function createHtmlReporter(dest: Destination, stdout: Sink): Reporter {
  return {
    async onRunEnd(run, summary) {
      await writeOutput(dest, stdout, htmlText(run, summary));
    },
  };
}
