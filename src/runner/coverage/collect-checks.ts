/**
 * The checks a set of scenarios runs, found statically: every status, header,
 * body and SCIM-aware check written in the scenarios, plus the automatic
 * checks each replayed exchange gets, each with the requirement and severity
 * it will carry at run time (docs/formats.md, "Naming the requirement").
 */
import { autoExpectation, recordingNeeds, classifyOperation } from '../auto-checks.js';
import { resolveMeta } from '../checks/check-context.js';
import type { ResolvedMeta } from '../checks/check-context.js';
import { parseRequirement } from '../load/parse-requirement.js';
import type { Expectation, Phase, RecordedExchange, Requirement, Scenario, ScimCheckName, Severity, Step } from '../types.js';

/** One check as a scenario declares it. */
export interface DeclaredCheck {
  scenarioId: string;
  phase: Phase;
  /** Step name; for replayed exchanges `step › exchange id`. */
  step: string;
  /** `status`, `header.Location`, `body.match`, `body.path/id`, `scim.error`, `auto.status` … */
  check: string;
  requirement: Requirement;
  severity: Severity;
  /** Automatic replay check rather than one written in the scenario. */
  auto: boolean;
}

const rfc = (id: string): Requirement => parseRequirement(id) as Requirement;

/**
 * The requirements each SCIM-aware check reports when the scenario names none
 * (src/runner/checks/scim-checks.ts; docs/formats.md, "SCIM-aware checks").
 * `resource` reports per-rule requirements from the core's validator; its
 * standing ones are RFC 7643 §3 (schemas) and §3.1 (id).
 */
export const SCIM_CHECK_REQUIREMENTS: Record<ScimCheckName, { requirement: Requirement; severity: Severity }[]> = {
  listResponse: ['P-3.4.2-03', 'P-3.4.2-04', 'P-3.4.2-05', 'P-3.4.2.4-08'].map((id) => ({ requirement: rfc(id), severity: 'MUST' })),
  error: ['P-3.12-02', 'P-3.12-03', 'P-3.12-04', 'P-3.12-05'].map((id) => ({ requirement: rfc(id), severity: 'MUST' })),
  resource: ['S-3-01', 'S-3.1-03'].map((id) => ({ requirement: rfc(id), severity: 'MUST' })),
  location: [{ requirement: rfc('P-3.3-08'), severity: 'MUST' }],
  contentType: [
    { requirement: rfc('P-8.1-01'), severity: 'SHOULD' },
    { requirement: rfc('P-3.8-03'), severity: 'MUST' },
    { requirement: rfc('P-3.8-01'), severity: 'MUST' },
  ],
  etag: [{ requirement: rfc('P-3.14-03'), severity: 'SHOULD' }],
};

interface Site {
  scenarioId: string;
  phase: Phase;
  step: string;
  auto: boolean;
}

function fromExpectation(exp: Expectation, fallback: ResolvedMeta, site: Site, out: DeclaredCheck[]): void {
  const push = (check: string, meta: { requirement: Requirement; severity: Severity }) =>
    out.push({ ...site, check, requirement: meta.requirement, severity: meta.severity });
  if (exp.status) push(site.auto ? 'auto.status' : 'status', resolveMeta(exp.status, exp, fallback));
  for (const h of exp.headers) push(`header.${h.name}`, resolveMeta(h, exp, fallback));
  if (exp.body) {
    const meta = resolveMeta(exp.body, exp, fallback);
    if (exp.body.hasMatch) push('body.match', meta);
    if (exp.body.hasEquals) push('body.equals', meta);
    if (exp.body.schema) push('body.schema', meta);
  }
  for (const p of exp.paths) push(`body.path${p.pointer}`, resolveMeta(p, exp.body ?? {}, resolveMeta(exp, {}, fallback)));
  for (const spec of exp.scim) {
    const name = `${site.auto ? 'auto.' : ''}scim.${spec.check}`;
    if (spec.requirement) {
      push(name, { requirement: spec.requirement, severity: spec.severity ?? exp.severity ?? 'MUST' });
      continue;
    }
    for (const sub of SCIM_CHECK_REQUIREMENTS[spec.check]) push(name, { requirement: sub.requirement, severity: spec.severity ?? sub.severity });
  }
}

/** Path below the recording's basePath, as replay computes it. */
function relativePath(ex: RecordedExchange, basePath: string): string {
  const path = ex.request.path.split('?')[0] ?? ex.request.path;
  return path.slice(basePath.length) || '/';
}

function fromStep(step: Step, phase: Phase, scenario: Scenario, fallback: ResolvedMeta, out: DeclaredCheck[]): void {
  if (step.kind === 'request') {
    if (step.expect) fromExpectation(step.expect, fallback, { scenarioId: scenario.id, phase, step: step.name, auto: false }, out);
    return;
  }
  const all = step.recording.exchanges;
  const chosen = step.only
    ? step.only
        .map((ref) => (typeof ref === 'number' || /^\d+$/.test(ref) ? all[Number(ref) - 1] : all.find((e) => e.id === ref)))
        .filter((e): e is RecordedExchange => e !== undefined)
    : all;
  for (const ex of chosen) {
    const site = { scenarioId: scenario.id, phase, step: `${step.name} › ${ex.id ?? `#${ex.index}`}` };
    if (step.autoChecks) {
      const auto = autoExpectation(classifyOperation(ex.request.method, relativePath(ex, step.recording.basePath)), ex.response.status, recordingNeeds(step.recording), ex.response.body ?? ex.response.bodyText);
      if (auto) fromExpectation(auto, fallback, { ...site, auto: true }, out);
    }
    if (step.expect) fromExpectation(step.expect, fallback, { ...site, auto: false }, out);
    const own = step.at[String(ex.index)] ?? (ex.id !== undefined ? step.at[ex.id] : undefined);
    if (own) fromExpectation(own, fallback, { ...site, auto: false }, out);
  }
}

/** Every check the scenarios declare, in scenario and step order. */
export function collectChecks(scenarios: readonly Scenario[]): DeclaredCheck[] {
  const out: DeclaredCheck[] = [];
  for (const scenario of scenarios) {
    // The runner's fallback for checks that name no requirement (run-scenario.ts).
    const fallback: ResolvedMeta = { requirement: { source: 'RFC7644', section: '3' }, severity: scenario.severity, needs: scenario.needs };
    for (const [phase, steps] of [
      ['setup', scenario.setup],
      ['steps', scenario.steps],
      ['teardown', scenario.teardown],
    ] as const) {
      for (const step of steps) fromStep(step, phase, scenario, fallback, out);
    }
  }
  return out;
}
