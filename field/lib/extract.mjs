/**
 * What the field report keeps of one `scimctl test --reporter json` run: the
 * IdP verdicts, the RFC MUST tally, the defects and the "what this server
 * supports" list. The report's own `defects`/`supports` (the verdict model of
 * issue 11) are used when present; older reports get the same shapes derived
 * here from the failing checks and the capabilities, marked `model: 'derived'`.
 */

const RFC_SOURCES = new Set(['RFC7643', 'RFC7644']);
const SEVERITY_RANK = { MUST: 0, SHOULD: 1, MAY: 2 };

function requirementLabel(r) {
  if (RFC_SOURCES.has(r.source)) return r.id ?? `RFC ${r.source.slice(3)}${r.section ? ` §${r.section}` : ''}`;
  return `${r.source}.md ${r.doc ?? ''}`.trim();
}

/** The IdP keys one failing check concerns, by the same rule as verdict.ts before issue 11. */
function idpsOf(check, tags) {
  const out = [];
  if (check.blocks.includes('okta')) out.push('okta');
  if (check.blocks.includes('entra')) {
    if (!(tags.includes('entra') && !tags.includes('entra-aadopt'))) out.push('entra-aadopt');
    if (!tags.includes('entra-aadopt')) out.push('entra-default');
  }
  if (check.blocks.includes('mezmo')) out.push('mezmo');
  return out;
}

function deriveDefects(report) {
  const byKey = new Map();
  for (const scenario of report.scenarios) {
    for (const step of scenario.steps) {
      for (const check of step.checks) {
        if (check.status !== 'failed' && check.status !== 'errored') continue;
        const label = requirementLabel(check.requirement);
        const key = `${check.checkId} @ ${label}`;
        let d = byKey.get(key);
        if (!d) {
          d = {
            key,
            checkId: check.checkId,
            title: check.title,
            requirementLabel: label,
            severity: check.severity,
            blocks: [],
            rfcGate: false,
            failingChecks: 0,
            scenarios: [],
            hits: [],
            first: {
              scenario: scenario.id,
              step: step.name,
              message: check.status === 'failed' ? check.message : (check.error?.title ?? 'errored'),
              expected: check.expected,
              actual: check.actual,
              exchange: step.exchange,
            },
          };
          byKey.set(key, d);
        }
        if (SEVERITY_RANK[check.severity] < SEVERITY_RANK[d.severity]) d.severity = check.severity;
        for (const idp of idpsOf(check, scenario.tags)) {
          if (!d.blocks.some((b) => b.idp === idp)) d.blocks.push({ idp, evidence: '', source: check.requirement.doc ?? label, need: '' });
        }
        d.rfcGate ||= check.severity === 'MUST' && RFC_SOURCES.has(check.requirement.source);
        d.failingChecks++;
        if (!d.scenarios.includes(scenario.id)) d.scenarios.push(scenario.id);
        d.hits.push({ scenario: scenario.id, step: step.name });
      }
    }
  }
  return [...byKey.values()].sort((a, b) => (b.blocks.length > 0) - (a.blocks.length > 0) || b.failingChecks - a.failingChecks || a.key.localeCompare(b.key));
}

function deriveSupports(report) {
  return Object.entries(report.capabilities ?? {}).map(([feature, on]) => ({
    feature,
    state: on ? 'supported' : 'unsupported',
    how: report.discovery?.length ? 'discovery' : 'assumed',
  }));
}

export function extractRun(report) {
  const model = Array.isArray(report.defects) ? 'verdict-model' : 'derived';
  const verdict = report.verdict;
  return {
    model,
    runId: report.runId,
    tool: report.tool,
    exitCode: verdict.exitCode,
    counts: verdict.counts,
    rfc: { mustPassed: verdict.rfc.mustPassed, mustTotal: verdict.rfc.mustTotal },
    idps: verdict.idps.map((i) => ({ key: i.key, label: i.label, state: i.state, blockingFailures: i.blockingFailures, checks: i.checks })),
    defects: model === 'verdict-model' ? report.defects : deriveDefects(report),
    supports: Array.isArray(report.supports) ? report.supports : deriveSupports(report),
  };
}

/** The part `--check` compares: verdicts, defect keys and the IdPs each blocks. Sorted, so order never differs. */
export function recordOf(run) {
  return {
    exitCode: run.exitCode,
    idps: Object.fromEntries(run.idps.map((i) => [i.key, i.state])),
    defects: Object.fromEntries(
      [...run.defects]
        .sort((a, b) => a.key.localeCompare(b.key))
        .map((d) => [d.key, { blocks: [...new Set(d.blocks.map((b) => b.idp))].sort(), rfcGate: d.rfcGate }]),
    ),
  };
}
