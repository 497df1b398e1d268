/**
 * Results per requirement: the checks of a run grouped by what they enforce,
 * for reporters that show a requirement view (pretty, JSON). Pure.
 */
import { formatRequirement } from '../load/parse-requirement.js';
import type { CheckStatus, Requirement, RunResult, Severity } from '../types.js';
import { failureKey, isFailure } from '../verdict.js';

export interface RequirementResult {
  /** Stable key: the checklist ID, `RFC7644 §3.12`, or `okta: okta.md §6`. */
  key: string;
  label: string;
  requirement: Requirement;
  /** The strongest severity any of its checks carries. */
  severity: Severity;
  /** failed/errored when any judged check did, passed when all judged passed, else skipped. */
  status: CheckStatus;
  counts: Record<CheckStatus, number>;
  checks: { scenarioId: string; step: string; checkId: string; status: CheckStatus }[];
  /** Failed or errored checks as baseline keys (`scenario › step › checkId`), in run order. */
  failures: string[];
}

export function requirementKey(r: Requirement): string {
  if (r.id) return r.id;
  if (r.source === 'RFC7643' || r.source === 'RFC7644') return `${r.source}${r.section ? ` §${r.section}` : ''}`;
  return `${r.source}: ${r.doc ?? ''}`;
}

const RANK: Record<Severity, number> = { MUST: 3, SHOULD: 2, MAY: 1 };

/** Group every check of a run by requirement; failing requirements first, then by key. */
export function resultsByRequirement(run: RunResult): RequirementResult[] {
  const groups = new Map<string, RequirementResult>();
  for (const scenario of run.scenarios) {
    for (const step of scenario.steps) {
      for (const check of step.checks) {
        const key = requirementKey(check.requirement);
        const g =
          groups.get(key) ??
          ({
            key,
            label: formatRequirement(check.requirement),
            requirement: check.requirement,
            severity: check.severity,
            status: 'skipped',
            counts: { passed: 0, failed: 0, errored: 0, skipped: 0, 'not-judged': 0, unsupported: 0 },
            checks: [],
            failures: [],
          } satisfies RequirementResult);
        if (RANK[check.severity] > RANK[g.severity]) g.severity = check.severity;
        g.counts[check.status]++;
        g.checks.push({ scenarioId: scenario.id, step: step.name, checkId: check.checkId, status: check.status });
        const failure = failureKey(scenario, step.name, check);
        if (isFailure(check) && !g.failures.includes(failure)) g.failures.push(failure);
        groups.set(key, g);
      }
    }
  }
  for (const g of groups.values()) {
    g.status = g.counts.errored > 0 ? 'errored' : g.counts.failed > 0 ? 'failed' : g.counts.passed > 0 ? 'passed' : 'skipped';
  }
  const order: Record<CheckStatus, number> = { errored: 0, failed: 1, passed: 2, unsupported: 3, 'not-judged': 4, skipped: 5 };
  return [...groups.values()].sort((a, b) => order[a.status] - order[b.status] || a.key.localeCompare(b.key, 'en', { numeric: true }));
}
