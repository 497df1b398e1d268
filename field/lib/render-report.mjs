/**
 * docs/field-report.md from the field runs and the triage: per server the
 * package versions, the verdicts, what the server supports and every defect
 * with its triage; an untriaged defect reads UNTRIAGED. The machine-readable
 * record `--check` compares closes the file.
 */
import { embedRecord } from './record.mjs';

const IDP_LABELS = { okta: 'Okta', 'entra-aadopt': 'Entra (aadOptscim062020)', 'entra-default': 'Entra (default)', mezmo: 'Mezmo' };

/** One table cell: no pipes or line breaks, bounded length. */
export function cell(value, max = 400) {
  const text = String(value ?? '').replace(/\s+/g, ' ').trim();
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replaceAll('|', '\\|');
}

/** A response in a few words: an Error's scimType and detail, a ListResponse's counts, a resource's type. */
export function summarizeBody(status, body) {
  let json;
  try {
    json = JSON.parse(body);
  } catch {
    return body ? `${status} ${body.replace(/\s+/g, ' ').slice(0, 120)}` : `${status}, empty body`;
  }
  const schema = String(json?.schemas?.[0] ?? '');
  if (schema.endsWith(':Error')) return `${status} ${json.scimType ? `${json.scimType} ` : ''}"${String(json.detail ?? '').slice(0, 140)}"`;
  if (schema.endsWith(':ListResponse')) {
    return `${status} ListResponse: totalResults ${json.totalResults}, startIndex ${json.startIndex}, itemsPerPage ${json.itemsPerPage}, ${(json.Resources ?? []).length} Resources`;
  }
  return `${status} ${schema.split(':').pop() || 'JSON'}`;
}

function answered(first) {
  const res = first.exchange?.response;
  if (!res) return '';
  const url = new URL(first.exchange.request.url);
  const path = url.pathname.replace(/^.*?\/scim\/v2/, '').replace(/\/(Users|Groups)\/[^/]+/, '/$1/{id}');
  const query = url.search ? `?${decodeURIComponent(url.search.slice(1).replaceAll('+', ' '))}` : '';
  return `${first.exchange.request.method} ${path}${query.slice(0, 100)} → ${summarizeBody(res.status, res.body)}`;
}

export function triageOf(triage, server, key) {
  return triage[server]?.[key];
}

/** Names a run creates carry its id plus a scenario tag (r1a2b3xyzw); they read as {run} so reruns give the same text. */
function scrubRun(text, runId) {
  return runId ? text.replace(new RegExp(`${runId}[a-z0-9]{0,4}`, 'gi'), '{run}') : text;
}

function defectRow(serverKey, d, i, triage, runId) {
  const t = triageOf(triage, serverKey, d.key);
  const blocks = d.blocks.length ? [...new Set(d.blocks.map((b) => IDP_LABELS[b.idp] ?? b.idp))].join(', ') : '—';
  const verdict = !t ? '**UNTRIAGED**' : t.verdict === 'true-deviation' ? 'true deviation' : `tester fault${t['fixed-by'] ? ` (fixed by ${t['fixed-by']})` : ' (open)'}`;
  const first = `${d.first.scenario} › ${d.first.step}: ${d.first.message}`;
  return `| ${i + 1} | \`${cell(d.key, 200)}\` | ${d.severity}${d.rfcGate ? ' (RFC gate)' : ''} | ${blocks} | ${d.failingChecks} in ${d.scenarios.length} | ${cell(scrubRun(first, runId), 300)}<br>${cell(scrubRun(answered(d.first), runId), 220)} | ${verdict} | ${cell(t?.evidence ?? '', 1200)} |`;
}

function serverSection(s, triage) {
  const { server, run, packages } = s;
  const out = [];
  out.push(`## ${server.label}`, '');
  out.push(`Host: ${server.host} Start it by hand: \`node field/${server.script} --port 0 --token <T>\`.`, '');
  out.push('| package | version |', '|---|---|');
  for (const [name, version] of Object.entries(packages)) out.push(`| \`${name}\` | ${version} |`);
  out.push('');
  out.push('### Verdicts', '');
  out.push('| IdP | verdict | blocking failures | judged checks |', '|---|---|---|---|');
  for (const i of run.idps) out.push(`| ${i.label} | ${i.state} | ${i.blockingFailures} | ${i.checks} |`);
  out.push(`| RFC MUSTs | ${run.rfc.mustPassed}/${run.rfc.mustTotal} met | | |`);
  out.push('', `Checks: ${run.counts.passed} passed, ${run.counts.failed} failed, ${run.counts.errored} errored, ${run.counts.skipped} skipped${Object.entries(run.counts).filter(([k]) => !['passed', 'failed', 'errored', 'skipped'].includes(k)).map(([k, v]) => `, ${v} ${k}`).join('')}; \`scimctl test\` exit code ${run.exitCode}.`, '');
  out.push('### What this server supports', '');
  out.push('| feature | state | how we know | detail |', '|---|---|---|---|');
  for (const f of run.supports) out.push(`| ${cell(f.feature)} | ${f.state} | ${f.how} | ${cell(f.detail ?? '', 200)} |`);
  out.push('');
  const counts = { 'true-deviation': 0, 'tester-fault': 0, untriaged: 0 };
  for (const d of run.defects) counts[triageOf(triage, server.key, d.key)?.verdict ?? 'untriaged']++;
  out.push(`### Defects (${run.defects.length}: ${counts['true-deviation']} true deviations, ${counts['tester-fault']} tester faults, ${counts.untriaged} untriaged)`, '');
  if (run.defects.length === 0) out.push('None.', '');
  else {
    out.push('| # | defect | severity | blocks | failing checks (scenarios) | first failure, and what the server answered | triage | evidence |', '|---|---|---|---|---|---|---|---|');
    run.defects.forEach((d, i) => out.push(defectRow(server.key, d, i, triage, run.runId)));
    out.push('');
  }
  const seen = new Set(run.defects.map((d) => d.key));
  const gone = Object.entries(triage[server.key] ?? {}).filter(([key]) => !seen.has(key));
  if (gone.length) {
    out.push('### Triaged earlier, no longer reported', '');
    out.push('| defect | triage | evidence |', '|---|---|---|');
    for (const [key, t] of gone) out.push(`| \`${cell(key, 200)}\` | ${t.verdict}${t['fixed-by'] ? ` (fixed by ${cell(t['fixed-by'], 200)})` : ''} | ${cell(t.evidence, 600)} |`);
    out.push('');
  }
  return out.join('\n');
}

export function renderReport(results, triage, record) {
  const model = results.some((r) => r.run.model === 'derived')
    ? 'Defects here are derived from the failing checks (the JSON report had no `defects` member): one defect per check id and requirement.'
    : 'Defects and the supports list are the JSON report\'s own `defects` and `supports`.';
  const head = [
    '# What real servers get: the field report',
    '',
    'Generated by `npm run field` (field/run.mjs): each server below is started fresh on loopback, and',
    '`scimctl test <url> --reporter json` runs every built-in suite against it. The triage of each defect',
    'is hand-written in [field/triage.yaml](../field/triage.yaml): a *true deviation* cites the RFC',
    'section (checklist ID) or the IdP evidence and what the server answered; a *tester fault* names what',
    'fixed the tester. `npm run field -- --check` (run by `.ci/run`) reruns everything and fails when a',
    'verdict, a defect or the IdPs it blocks differ from the record at the end of this file, or when a',
    'defect is untriaged. Do not edit this file by hand; edit the triage and rerun.',
    '',
    model,
    '',
    '| server | ' + Object.values(IDP_LABELS).join(' | ') + ' | RFC MUSTs | defects |',
    '|---|' + Object.keys(IDP_LABELS).map(() => '---|').join('') + '---|---|',
    ...results.map(({ server, run }) => {
      const state = (k) => run.idps.find((i) => i.key === k)?.state ?? '—';
      return `| [${server.label}](#${anchor(server.label)}) | ${Object.keys(IDP_LABELS).map(state).join(' | ')} | ${run.rfc.mustPassed}/${run.rfc.mustTotal} | ${run.defects.length} |`;
    }),
    '',
  ];
  return `${[...head, ...results.map((r) => serverSection(r, triage)), embedRecord(record)].join('\n')}\n`;
}

function anchor(heading) {
  return heading.toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-');
}
