/**
 * Given the built-in server with exactly one broken behaviour (fault-layer.ts),
 * when an IdP flow or an RFC scenario runs against it, then the run fails that
 * scenario, blocks the IdP that needs the behaviour, exits 1, and names the
 * requirement the defect breaks. So no flow is a check that cannot fail.
 */
import { describe, expect, it } from 'vitest';
import type { Requirement } from '../../src/runner/types.js';
import { isBlockingDefect } from '../../src/runner/defects.js';
import { evidenceRow } from '../../src/runner/evidence.js';
import { computeVerdict } from '../../src/runner/verdict.js';
import type { IdpKey } from '../../src/runner/verdict.js';
import type { ProfileName } from '../../src/server/profiles/types.js';
import { FAULTS } from './fault-layer.js';
import type { FaultName } from './fault-layer.js';
import { builtinScenarios, describeFailures, failures, runMock } from './mock-run.js';

interface Case {
  scenario: string;
  fault: FaultName;
  profile?: ProfileName;
  /** The requirement a failing check must name: a checklist ID, or an IdP and a fragment of its doc reference. */
  requirement: string | { idp: Requirement['source']; doc: string };
  /** The IdP readiness the planted defect blocks (RFC-only defects block no IdP). */
  blocks?: IdpKey;
  /** Other readiness keys the same defect blocks (the IdP of a Mezmo flow; both Entra modes in an RFC scenario). */
  also?: IdpKey[];
  /** Run against an app with no users (the mock otherwise holds its /Me user). */
  emptyApp?: boolean;
}

const CASES: Case[] = [
  // KB-empty is Okta's users probe against an app that has no users yet.
  { scenario: 'okta/test-connection', fault: 'emptyListWithoutResources', requirement: { idp: 'okta', doc: 'okta.md §2 (KB-empty)' }, blocks: 'okta', emptyApp: true },
  { scenario: 'okta/import-users-groups', fault: 'itemsPerPageIsCount', requirement: 'P-3.4.2.4-08', blocks: 'okta' },
  { scenario: 'okta/create-user', fault: 'create200', requirement: 'P-3.3-06', blocks: 'okta' },
  // okta.md §4.2: Okta reads the id from the body, never the Location header: an RFC MUST failure, not an Okta one.
  { scenario: 'okta/create-user', fault: 'dropLocation', requirement: 'P-3.3-08' },
  { scenario: 'okta/create-user', fault: 'acceptDuplicates', requirement: { idp: 'okta', doc: 'okta.md §4.2 (409' }, blocks: 'okta' },
  { scenario: 'okta/link-existing-user', fault: 'putRefusesReadOnly', requirement: 'P-3.5.1-09', blocks: 'okta' },
  { scenario: 'okta/update-profile', fault: 'putDropsName', requirement: { idp: 'okta', doc: 'okta.md §5' }, blocks: 'okta' },
  { scenario: 'okta/deactivate-reactivate', fault: 'ignorePathlessActive', requirement: { idp: 'okta', doc: 'okta.md §6' }, blocks: 'okta' },
  { scenario: 'okta/push-new-group', fault: 'removeFilterWipesGroup', requirement: { idp: 'okta', doc: 'okta.md §7.2' }, blocks: 'okta' },
  { scenario: 'okta/push-new-group', fault: 'refuseIdInPathlessValue', requirement: { idp: 'okta', doc: 'okta.md §7.3' }, blocks: 'okta' },
  { scenario: 'okta/link-existing-group', fault: 'refuseIdInPathlessValue', requirement: { idp: 'okta', doc: 'okta.md §7.3' }, blocks: 'okta' },
  { scenario: 'okta/aiw-user-lifecycle', fault: 'putIgnoresActive', requirement: { idp: 'okta', doc: 'okta.md §6' }, blocks: 'okta' },
  { scenario: 'okta/aiw-group-push', fault: 'putIgnoresMembers', requirement: { idp: 'okta', doc: 'okta.md §7.1' }, blocks: 'okta' },
  { scenario: 'entra/test-connection', fault: 'list404', requirement: 'P-3.4.2-07', blocks: 'entra-default' },
  { scenario: 'entra/test-connection-aadopt', fault: 'list404', requirement: 'P-3.4.2-07', blocks: 'entra-aadopt' },
  { scenario: 'entra/user-lifecycle', fault: 'caseSensitiveOps', requirement: 'P-3.5.2-19', blocks: 'entra-default' },
  { scenario: 'entra/user-lifecycle-aadopt', fault: 'ignoreDottedKeys', requirement: { idp: 'entra', doc: 'entra.md §2.4' }, blocks: 'entra-aadopt' },
  { scenario: 'entra/manager', fault: 'refuseStringManager', requirement: { idp: 'entra', doc: 'entra.md §2.5' }, blocks: 'entra-default' },
  { scenario: 'entra/manager-aadopt', fault: 'refuseStringManager', requirement: { idp: 'entra', doc: 'entra.md §2.5' }, blocks: 'entra-aadopt' },
  { scenario: 'entra/groups', fault: 'removeValueWipesGroup', requirement: { idp: 'entra', doc: 'entra.md §3 (Remove members)' }, blocks: 'entra-default' },
  { scenario: 'entra/groups', fault: 'ignoreExcludedMembers', requirement: { idp: 'entra', doc: 'entra.md §3 (Read by id)' }, blocks: 'entra-default' },
  { scenario: 'entra/groups-aadopt', fault: 'ignoreMemberFilterRemoval', requirement: { idp: 'entra', doc: 'entra.md §3 (Remove members)' }, blocks: 'entra-aadopt' },
  { scenario: 'entra/group-create-delete', fault: 'create200', requirement: 'P-3.3-06', blocks: 'entra-default' },
  { scenario: 'entra/group-create-delete-aadopt', fault: 'ignorePathlessDisplayName', requirement: { idp: 'entra', doc: 'entra.md §3 (Rename)' }, blocks: 'entra-aadopt' },
  // Mezmo's guide makes an app-wizard app (GET + PUT); the OIN-template (PATCH) form is its variant.
  { scenario: 'mezmo/okta-setup', profile: 'mezmo', fault: 'putIgnoresMembers', requirement: { idp: 'mezmo', doc: 'assignments are reflected' }, blocks: 'mezmo' },
  { scenario: 'mezmo/okta-setup', profile: 'mezmo', fault: 'putIgnoresActive', requirement: { idp: 'okta', doc: 'okta.md §6' }, blocks: 'mezmo', also: ['okta'] },
  { scenario: 'mezmo/okta-setup', profile: 'mezmo', fault: 'putDropsName', requirement: { idp: 'okta', doc: 'okta.md §5' }, blocks: 'mezmo', also: ['okta'] },
  { scenario: 'mezmo/okta-setup-template', profile: 'mezmo', fault: 'refuseIdInPathlessValue', requirement: { idp: 'okta', doc: 'okta.md §7.3' }, blocks: 'mezmo', also: ['okta'] },
  { scenario: 'mezmo/okta-setup-template', profile: 'mezmo', fault: 'ignorePathlessActive', requirement: { idp: 'okta', doc: 'okta.md §6' }, blocks: 'mezmo', also: ['okta'] },
  { scenario: 'mezmo/entra-setup', profile: 'mezmo', fault: 'ignoreDottedKeys', requirement: { idp: 'mezmo', doc: 'userName from mail' }, blocks: 'mezmo', also: ['entra-aadopt'] },
  { scenario: 'mezmo/entra-setup', profile: 'mezmo', fault: 'ignoreMemberFilterRemoval', requirement: { idp: 'mezmo', doc: 'group sync' }, blocks: 'mezmo', also: ['entra-aadopt'] },
  { scenario: 'entra/add-attributes', fault: 'caseSensitiveOps', requirement: { idp: 'entra', doc: 'entra.md §4 (Add single-value string)' }, blocks: 'entra-default' },
  { scenario: 'entra/add-attributes-aadopt', fault: 'ignoreValuePathAdds', requirement: { idp: 'entra', doc: 'entra.md §2.4 (Add on a value path' }, blocks: 'entra-aadopt' },
  { scenario: 'entra/validator-queries', fault: 'acceptDuplicates', requirement: { idp: 'entra', doc: 'entra.md §3 (Create: a duplicate displayName is 409)' }, blocks: 'entra-aadopt', also: ['entra-default'] },
  { scenario: 'okta/create-user', fault: 'numericErrorStatus', requirement: { idp: 'okta', doc: 'okta.md §9.1 step 10 (SPEC24)' }, blocks: 'okta' },
  { scenario: 'rfc/filters', fault: 'caseSensitiveUserName', requirement: 'S-4.1.1-03', blocks: 'entra-default', also: ['entra-aadopt'] },
  { scenario: 'rfc/create-semantics', fault: 'dropLocation', requirement: 'P-3.3-08' },
  { scenario: 'rfc/create-semantics', fault: 'create200', requirement: 'P-3.3-06' },
  { scenario: 'rfc/create-semantics', fault: 'returnPassword', requirement: 'S-4.1.1-06' },
  { scenario: 'rfc/pagination', fault: 'zeroBasedStartIndex', requirement: 'P-3.4.2.4-01' },
  { scenario: 'rfc/sorting', fault: 'sortByteOrder', requirement: 'P-3.4.2.3-08' },
  { scenario: 'rfc/projection', fault: 'ignoreAttributes', requirement: 'P-3.9-02' },
  { scenario: 'rfc/patch-semantics', fault: 'patchNotAtomic', requirement: 'P-3.5.2-17' },
  { scenario: 'rfc/etags', fault: 'ignorePreconditions', requirement: 'P-3.14-06' },
  { scenario: 'rfc/etags', fault: 'ignorePreconditions', requirement: 'P-3.14-04' },
  { scenario: 'rfc/bulk', fault: 'bulkDropsBulkId', requirement: 'P-3.7-16' },
  { scenario: 'rfc/delete', fault: 'numericErrorStatus', requirement: 'P-3.12-04' },
  { scenario: 'rfc/delete', fault: 'delete200', requirement: 'P-3.6-01' },
  { scenario: 'rfc/discovery-documents', fault: 'spcWithoutEtag', requirement: 'S-5-06' },
  { scenario: 'rfc/filters', fault: 'invalidFilter500', requirement: 'P-3.4.2.2-05' },
  // Neither IdP reads WWW-Authenticate (okta.md §2, entra.md §1 judge by the status only).
  { scenario: 'rfc/http-auth-media', fault: 'noChallenge', requirement: 'P-2-01' },
];

function names(r: Requirement, want: Case['requirement']): boolean {
  if (typeof want === 'string') return r.id === want;
  return r.source === want.idp && (r.doc ?? '').includes(want.doc);
}

describe('each flow fails against a server with the defect it depends on', () => {
  it.each(CASES.map((c) => [`${c.scenario} × ${c.fault} → ${typeof c.requirement === 'string' ? c.requirement : c.requirement.doc}`, c] as const))('%s', async (_title, c) => {
    const run = await runMock({ profile: c.profile ?? 'rfc', ids: [c.scenario], wrap: FAULTS[c.fault], emptyApp: c.emptyApp ?? false });
    const bad = failures(run);
    const hit = bad.find((f) => names(f.check.requirement, c.requirement));
    expect(hit, `no failing check names ${JSON.stringify(c.requirement)}; failures:\n${describeFailures(bad)}`).toBeDefined();
    expect(run.scenarios[0]?.status).toBe('failed');
    const verdict = computeVerdict(run);
    // The planted defect is reported as one defect with exactly the IdPs whose documented need it breaks.
    const planted = verdict.defects.find((d) => names(d.requirement, c.requirement));
    expect(planted, verdict.defects.map((d) => d.key).join('\n')).toBeDefined();
    const want = c.blocks ? [c.blocks, ...(c.also ?? [])] : [];
    expect(planted?.blocks.map((b) => b.idp).sort()).toEqual([...new Set(want)].sort());
    for (const b of planted?.blocks ?? []) expect(evidenceRow(b.evidence), b.evidence).toBeDefined();
    // Red means "this will break": exit 1 exactly when a defect blocks an IdP or breaks an RFC MUST.
    expect(verdict.exitCode).toBe(verdict.defects.some(isBlockingDefect) ? 1 : 0);
    if (planted && isBlockingDefect(planted)) expect(verdict.exitCode).toBe(1);
    if (c.blocks) expect(verdict.idps.find((i) => i.key === c.blocks)?.state).toBe('blocked');
  });

  it('the same scenarios pass against the server without a fault', async () => {
    const ids = [...new Set(CASES.filter((c) => (c.profile ?? 'rfc') === 'rfc').map((c) => c.scenario))];
    const run = await runMock({ profile: 'rfc', ids });
    expect(describeFailures(failures(run))).toBe('');
    expect(run.scenarios.every((s) => s.status === 'passed')).toBe(true);
  });

  it('every Okta, Entra and Mezmo flow is shown to fail', () => {
    const flows = builtinScenarios()
      .filter((s) => s.tags.some((t) => ['okta', 'entra', 'entra-aadopt', 'mezmo'].includes(t)))
      .map((s) => s.id);
    const covered = new Set(CASES.map((c) => c.scenario));
    expect(flows.filter((id) => !covered.has(id))).toEqual([]);
  });
});

describe('the strict server (no IdP tolerances, serve --strict)', () => {
  it('blocks Okta and both Entra modes on the deviations each IdP really sends, and passes the RFC suite', async () => {
    const run = await runMock({ profile: 'rfc', strict: true });
    const bad = failures(run).filter((f) => f.check.status === 'failed');
    const verdict = computeVerdict(run);
    const state = Object.fromEntries(verdict.idps.map((i) => [i.key, i.state]));
    expect(state).toMatchObject({ okta: 'blocked', 'entra-default': 'blocked', 'entra-aadopt': 'blocked' });
    // Entra default mode: "False" strings, capitalised ops, a string manager, removal with a value array.
    expect(bad.some((f) => f.scenario === 'entra/user-lifecycle' && f.check.requirement.source === 'entra')).toBe(true);
    expect(bad.some((f) => f.scenario === 'entra/groups' && f.check.requirement.doc === 'entra.md §3 (Remove members)')).toBe(true);
    // Okta repeats the group's id in the path-less replace after every membership change.
    expect(bad.some((f) => f.scenario === 'okta/push-new-group' && f.check.requirement.doc?.startsWith('okta.md §7.3'))).toBe(true);
    // The RFC suite asks nothing of the tolerances, so the strict server passes all of it; that includes a
    // root POST /.search naming userName, where Groups simply have no match (P-3.4.2.1-04).
    expect(bad.filter((f) => f.scenario.startsWith('rfc/')).map((f) => `${f.scenario} › ${f.step} › ${f.check.requirement.id ?? ''}`)).toEqual([]);
  });
});
