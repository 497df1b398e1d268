/**
 * docs/coverage.md is what `npm run coverage:docs` would write now, the
 * checklist copy in fixtures/ matches rfc-checklist.md when that is beside the
 * clone, and the built-in scenarios enforce at least 90% of the
 * server-checkable MUSTs and contain every Okta and Entra flow.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { coverageMarkdown, coverageOf, loadChecklistFile } from '../../src/cli/run-coverage.js';
import { parseChecklist } from '../../src/runner/coverage/checklist.js';
import { builtinScenarios } from './mock-run.js';

describe('docs/coverage.md', () => {
  it('is current (regenerate with `npm run build && npm run coverage:docs`)', () => {
    const doc = coverageMarkdown(['scenarios']);
    if (!doc.ok) throw new Error(doc.diagnostics.map((d) => d.message).join('\n'));
    expect(readFileSync('docs/coverage.md', 'utf8')).toBe(`${doc.value}\n`);
  });

  it('states the measured share of server-checkable MUSTs', () => {
    const map = coverageOf(['scenarios']);
    if (!map.ok) throw new Error('scenarios do not load');
    const s = map.value.summary;
    expect(readFileSync('docs/coverage.md', 'utf8')).toContain(`**${s.serverCheckableMustEnforced} / ${s.serverCheckableMust} (${s.serverCheckableMustPercent.toFixed(1)}%)**`);
  });
});

describe('fixtures/rfc-checklist.json', () => {
  const candidates = ['../shared/reference/rfc-checklist.md', '/work/shared/reference/rfc-checklist.md'];
  const source = candidates.find((p) => existsSync(p));

  it.skipIf(source === undefined)('matches rfc-checklist.md item for item', () => {
    const parsed = parseChecklist(readFileSync(source as string, 'utf8'));
    expect(loadChecklistFile().items).toEqual(parsed);
  });

  it('holds the 455 items with the checklist totals', () => {
    const items = loadChecklistFile().items;
    expect(items).toHaveLength(455);
    expect(new Set(items.map((i) => i.id)).size).toBe(455);
    // The checklist's own totals row: 188 MUST-class, 48 SHOULD, 57 MAY, 130 DEF, 32 DERIVED; 386 Y / 56 P / 13 N.
    const by = (k: 'bucket' | 'ext') => Object.fromEntries([...new Set(items.map((i) => i[k]))].map((v) => [v, items.filter((i) => i[k] === v).length]));
    expect(by('bucket')).toEqual({ MUST: 188, SHOULD: 48, MAY: 57, DEF: 130, DERIVED: 32 });
    expect(by('ext')).toEqual({ Y: 386, P: 56, N: 13 });
  });
});

describe('the built-in suites', () => {
  const map = coverageOf(['scenarios']);
  if (!map.ok) throw new Error('scenarios do not load');

  it('enforce at least 90% of the server-checkable MUSTs', () => {
    const s = map.value.summary;
    expect(s.serverCheckableMust).toBe(159);
    expect(s.serverCheckableMustPercent).toBeGreaterThanOrEqual(90);
  });

  it('name only requirement IDs that exist in the checklist', () => {
    expect(map.value.unknownIds).toEqual([]);
  });

  it('give a reason for every server-checkable MUST they do not enforce', () => {
    const missing = map.value.entries.filter((e) => e.item.bucket === 'MUST' && e.item.ext === 'Y' && !e.item.id.startsWith('X-') && e.state !== 'enforced');
    expect(missing.filter((e) => !e.reason).map((e) => e.item.id)).toEqual([]);
  });

  it('have a recording and a scenario for every Okta and Entra flow', () => {
    const byId = new Map(builtinScenarios().map((s) => [s.id, s]));
    const flows: Record<string, string[]> = {
      // Okta, app from the SCIM template (PATCH)
      'okta/test-connection': ['okta'],
      'okta/import-users-groups': ['okta'],
      'okta/create-user': ['okta'],
      'okta/link-existing-user': ['okta'],
      'okta/update-profile': ['okta'],
      'okta/deactivate-reactivate': ['okta'],
      'okta/push-new-group': ['okta'],
      'okta/link-existing-group': ['okta'],
      // Okta, app built with the integration wizard (PUT)
      'okta/aiw-user-lifecycle': ['okta', 'aiw'],
      'okta/aiw-group-push': ['okta', 'aiw'],
      // Entra, default behaviour and with aadOptscim062020
      'entra/test-connection': ['entra'],
      'entra/test-connection-aadopt': ['entra-aadopt'],
      'entra/user-lifecycle': ['entra'],
      'entra/user-lifecycle-aadopt': ['entra-aadopt'],
      'entra/manager': ['entra'],
      'entra/manager-aadopt': ['entra-aadopt'],
      'entra/groups': ['entra'],
      'entra/groups-aadopt': ['entra-aadopt'],
      'entra/group-create-delete': ['entra'],
      'entra/group-create-delete-aadopt': ['entra-aadopt'],
      // Mezmo's documented set-ups
      'mezmo/okta-setup': ['mezmo', 'okta', 'aiw'],
      'mezmo/okta-setup-template': ['mezmo', 'okta', 'template'],
      'mezmo/entra-setup': ['mezmo', 'entra-aadopt'],
    };
    for (const [id, tags] of Object.entries(flows)) {
      const s = byId.get(id);
      expect(s, id).toBeDefined();
      expect(s?.tags, id).toEqual(expect.arrayContaining(tags));
      const replays = s?.steps.filter((st) => st.kind === 'replay') ?? [];
      expect(replays.length, `${id} replays a recording`).toBeGreaterThan(0);
      for (const r of replays) {
        if (r.kind !== 'replay') continue;
        expect(r.recordingPath, id).toMatch(/fixtures\/(okta|entra|mezmo)\/[a-z0-9-]+\.yaml$/);
      }
    }
  });

  it('keep a header on every recording saying what it represents and which documented behaviour it follows', () => {
    const files = builtinScenarios().flatMap((s) => s.steps.flatMap((st) => (st.kind === 'replay' ? [st.recording.file] : [])));
    for (const file of new Set(files)) {
      const text = readFileSync(file, 'utf8');
      const header = text.split('\nkind: recording')[0] ?? '';
      expect(header.split('\n').filter((l) => l.startsWith('#')).length, file).toBeGreaterThanOrEqual(5);
      expect(header, file).toMatch(/okta\.md|entra\.md|mezmo-scim-setup\.txt/);
      expect(text, file).toMatch(/^source: .+/m);
    }
  });
});
