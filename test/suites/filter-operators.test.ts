/**
 * Issue 12 item 2: each filter operator is its own capability. A lawful refusal
 * of a compound filter blames only the operator it can tell is missing (never
 * `and` beside an unconfirmed `pr`), and only a 2xx answer to a filter that uses
 * an operator confirms it (a malformed-filter step that expects 400 passes on an
 * eq-only server too).
 */
import { describe, expect, it } from 'vitest';
import type { Filter } from '../../src/core/filter/ast.js';
import { tryParseFilter } from '../../src/core/filter/filter-parser.js';
import type { RunResult } from '../../src/runner/types.js';
import type { ScimHandler } from '../../src/server/types.js';
import { builtinScenarios, describeFailures, failures, runMock } from './mock-run.js';

const usesPr = (f: Filter): boolean => {
  switch (f.kind) {
    case 'present':
      return true;
    case 'compare':
      return false;
    case 'and':
    case 'or':
      return usesPr(f.left) || usesPr(f.right);
    case 'not':
      return usesPr(f.filter);
    case 'valuePath':
      return usesPr(f.filter) || f.test?.op === 'pr';
  }
};

/** The reference server, except that a filter using `pr` is refused 400 invalidFilter (RFC 7644 §3.4.2.2, Table 9). */
const withoutPr =
  (handler: ScimHandler): ScimHandler =>
  async (req) => {
    const param = req.query.split('&').find((p) => p.toLowerCase().startsWith('filter='));
    const parsed = param === undefined ? undefined : tryParseFilter(decodeURIComponent(param.slice('filter='.length).replace(/\+/g, ' ')));
    if (parsed?.ok && usesPr(parsed.value)) {
      return {
        status: 400,
        headers: { 'Content-Type': 'application/scim+json' },
        body: { schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: '400', scimType: 'invalidFilter', detail: 'pr is not supported' },
      };
    }
    return handler(req);
  };

const states = (run: RunResult) => Object.fromEntries((run.supports ?? []).filter((s) => s.feature.startsWith('filter')).map((s) => [s.feature, `${s.state} (${s.how})`]));

describe('filter operators are capabilities of their own', () => {
  it('a server refusing only pr: pr is unsupported, and/not are not, and only pr steps go unjudged', async () => {
    const run = await runMock({ profile: 'rfc', ids: ['rfc/filters'], wrap: withoutPr, runId: 'rfops1' });
    expect(failures(run), describeFailures(failures(run))).toEqual([]);
    const state = states(run);
    expect(state['filter.pr']).toBe('unsupported (refusal)');
    for (const op of ['filter.and', 'filter.not', 'filter.or', 'filter.eq', 'filter.sw']) expect(state[op], op).toBe('supported (probe)');
    const scenario = builtinScenarios().find((s) => s.id === 'rfc/filters');
    const prSteps = new Set(scenario?.steps.filter((s) => s.requires.includes('filter.pr')).map((s) => s.name));
    // Refused, or skipped for a feature found refused (not for a variable the reference server leaves out).
    const unjudged = (run.scenarios[0]?.steps ?? [])
      .filter((s) => s.status === 'unsupported' || (s.status === 'skipped' && s.reason?.startsWith('unsupported by the target')))
      .map((s) => s.name);
    expect(unjudged.filter((n) => !prSteps.has(n))).toEqual([]);
    expect(unjudged.length).toBeGreaterThan(0);
  }, 60_000);

  it('an eq-only server: operators only a 400-expecting step used are not reported supported', async () => {
    const run = await runMock({ profile: 'rfc', ids: ['rfc/filters'], lacking: ['filter-operators'], runId: 'rfops2' });
    expect(failures(run), describeFailures(failures(run))).toEqual([]);
    const state = states(run);
    expect(state['filter.eq']).toBe('supported (probe)');
    for (const op of ['filter.gt', 'filter.lt', 'filter.valuepath', 'filter.and', 'filter.pr', 'filter.co']) expect(state[op] ?? 'absent', op).not.toMatch(/^supported/);
  }, 60_000);
});
