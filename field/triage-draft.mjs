#!/usr/bin/env node
/**
 * Drafts field/triage.yaml entries from field/triage-rules.mjs: the hand-written root causes (one judgement
 * each, from the failing exchanges), matched against every hit (scenario › step) of every defect in a run's
 * JSON reports. Defect keys change when the verdict model does (issue 11); this re-keys the triage without
 * re-judging. It never writes field/triage.yaml: it writes reports/triage-draft.yaml to review and copy, and
 * lists the defects no rule explains (they need a new judgement).
 *
 *   node field/run.mjs --json-dir /tmp/field-json && node field/triage-draft.mjs /tmp/field-json
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import YAML from 'yaml';
import { extractRun } from './lib/extract.mjs';
import { RULES } from './triage-rules.mjs';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: node field/triage-draft.mjs <dir with scimmy.json and better-auth.json>\n');
  process.exit(2);
}
const result = {};
const review = [];
for (const server of ['scimmy', 'better-auth']) {
  const report = JSON.parse(readFileSync(`${dir}/${server}.json`, 'utf8'));
  const run = extractRun(report);
  result[server] = {};
  const answers = new Map();
  for (const sc of report.scenarios) for (const st of sc.steps) answers.set(`${sc.id} › ${st.name}`, st.exchange?.response?.body ?? '');
  for (const d of run.defects) {
    const hits = d.hits?.length ? d.hits : [{ scenario: d.first.scenario, step: d.first.step }];
    const matched = new Map();
    for (const h of hits) {
      const rule = RULES.find((r) => (!r.server || r.server === server) && (!r.check || r.check.test(d.checkId ?? d.key)) && r.step.test(`${h.scenario} › ${h.step}`) && (!r.answered || r.answered.test(answers.get(`${h.scenario} › ${h.step}`) ?? '')));
      const id = rule ? rule.id : 'NONE';
      if (!matched.has(id)) matched.set(id, { rule, hits: [] });
      matched.get(id).hits.push(h);
    }
    const res = d.first.exchange?.response;
    const req = d.first.exchange?.request;
    const summarize = (status, body) => {
      let j;
      try { j = JSON.parse(body); } catch { return body ? `${status} ${body.replace(/\s+/g, ' ').slice(0, 120)}` : `${status} with an empty body`; }
      const schema = (j.schemas ?? [])[0] ?? '';
      if (schema.endsWith(':Error')) return `${status} ${j.scimType ? j.scimType + ' ' : ''}"${String(j.detail ?? '').slice(0, 140)}"`;
      if (schema.endsWith(':ListResponse')) return `${status} ListResponse totalResults ${j.totalResults}, itemsPerPage ${j.itemsPerPage}, ${(j.Resources ?? []).length} Resources`;
      return `${status} ${schema.split(':').pop() || 'JSON'} resource`;
    };
    const answered = res ? `${req.method} ${new URL(req.url).pathname.replace(/^.*?\/v2/, '').replace(/\/(Users|Groups)\/[^/]+/, '/$1/{id}')}${new URL(req.url).search ? '?' + decodeURIComponent(new URL(req.url).search.slice(1)).slice(0, 80) : ''} answered ${summarize(res.status, res.body)}` : '(no response)';
    const rules = [...matched.values()];
    const verdicts = new Set(rules.map((m) => m.rule?.verdict ?? 'NONE'));
    if (verdicts.has('NONE')) {
      review.push({ server, key: d.key, first: `${d.first.scenario} › ${d.first.step}: ${d.first.message}`, answered, rules: rules.map((m) => `${m.rule?.id ?? 'NONE'}: ${m.hits.map((h) => h.scenario + ' › ' + h.step).join(' | ')}`) });
      continue;
    }
    const mixed = verdicts.size > 1;
    const evidence = rules.map((m) => (mixed ? `[${m.rule.verdict === 'true-deviation' ? 'deviation' : 'tester fault'}, ${m.hits.length} of ${hits.length} hits, e.g. ${m.hits[0].scenario} › ${m.hits[0].step}] ` : '') + m.rule.evidence(server, run.model)).join(' ');
    result[server][d.key] = { verdict: verdicts.has('true-deviation') ? 'true-deviation' : 'tester-fault', evidence: `${evidence} Answered (first hit, ${d.first.scenario}): ${answered}.`, ...(rules[0].rule.fixedBy ? { 'fixed-by': rules[0].rule.fixedBy } : {}) };
  }
}
const header = '# Draft from field/triage-rules.mjs (node field/triage-draft.mjs): review, then copy into field/triage.yaml.\n';
mkdirSync(new URL('../reports/', import.meta.url), { recursive: true });
writeFileSync(new URL('../reports/triage-draft.yaml', import.meta.url), header + YAML.stringify(result, { lineWidth: 0 }));
process.stderr.write(`field/triage-draft: reports/triage-draft.yaml; ${review.length} defects no rule explains${review.length ? ':' : ''}\n`);
for (const r of review) process.stderr.write(`  ${r.server}: "${r.key}"\n    ${r.first}\n    ${r.answered}\n`);
process.exitCode = review.length ? 1 : 0;
