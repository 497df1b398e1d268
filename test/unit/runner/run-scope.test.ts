import { describe, expect, it } from 'vitest';
import { scenarioRunId, scenarioTag } from '../../../src/runner/run-scope.js';
import { builtinScenarios } from '../../suites/mock-run.js';

describe('run scope: names carry the run id and a per-scenario tag', () => {
  it('is stable for a scenario id and keeps the run id as its prefix', () => {
    expect(scenarioTag('entra/groups')).toBe(scenarioTag('entra/groups'));
    expect(scenarioTag('entra/groups')).toMatch(/^[0-9a-z]{4}$/);
    expect(scenarioRunId('r1a2b3', 'entra/groups')).toBe(`r1a2b3${scenarioTag('entra/groups')}`);
  });

  it('gives every built-in scenario its own tag, so two flows replaying alice@contoso.com never meet', () => {
    const ids = builtinScenarios().map((s) => s.id);
    const byTag = new Map<string, string[]>();
    for (const id of ids) byTag.set(scenarioTag(id), [...(byTag.get(scenarioTag(id)) ?? []), id]);
    expect([...byTag.values()].filter((v) => v.length > 1)).toEqual([]);
  });
});
