/**
 * The requirement coverage map: each checklist item with the checks that
 * enforce it, or why none does. Pure: checklist items and declared checks in,
 * a sorted, serialisable map out.
 */
import type { ChecklistItem, LevelBucket } from './checklist.js';
import { isCoreItem, isServerCheckableMust } from './checklist.js';
import type { DeclaredCheck } from './collect-checks.js';
import type { Severity } from '../types.js';

export type CoverageState = 'enforced' | 'recorded' | 'not-enforced' | 'not-checkable';

export interface CheckRef {
  scenarioId: string;
  step: string;
  check: string;
  severity: Severity;
  auto: boolean;
}

export interface CoverageEntry {
  item: ChecklistItem;
  state: CoverageState;
  /** Checks naming this requirement at a severity that can fail a target for it. */
  enforcedBy: CheckRef[];
  /** Checks that only record the answer (severity below the requirement's level). */
  recordedBy: CheckRef[];
  /** Why no check enforces it (not-checkable and not-enforced items). */
  reason?: string;
}

export interface IdpRequirementCoverage {
  idp: string;
  doc: string;
  checks: CheckRef[];
}

export interface CoverageSummary {
  items: number;
  /** Core (RFC 7643/7644 + errata) MUST-class items with Ext = Y. */
  serverCheckableMust: number;
  serverCheckableMustEnforced: number;
  /** serverCheckableMustEnforced / serverCheckableMust, 0–100, one decimal. */
  serverCheckableMustPercent: number;
  /** Core MUST-class items with Ext = Y or P. */
  mustYP: number;
  mustYPEnforced: number;
  shouldY: number;
  shouldYEnforced: number;
  enforced: number;
  notCheckable: number;
  checks: number;
  scenarios: number;
}

export interface CoverageMap {
  summary: CoverageSummary;
  entries: CoverageEntry[];
  idp: IdpRequirementCoverage[];
  /** Requirement IDs checks name that the checklist does not have (typos). */
  unknownIds: string[];
}

/**
 * Why scimctl does not judge an item from HTTP exchanges, for items the
 * checklist marks checkable (Y/P) that no scenario check can express. Items the
 * checklist marks N get the checklist's own black-box note as their reason.
 */
export const NOT_ENFORCED_REASONS: Readonly<Record<string, string>> = {
  'P-7.2-01': 'needs a cleartext-HTTP probe of a TLS deployment; scimctl judges the exchanges of one base URL',
  'P-7.2-02': 'needs a TLS handshake probe (protocol version); scimctl judges HTTP exchanges, not the TLS layer',
  'P-7.4-02': 'needs the TLS probe of P-7.2-01 and cookies, which SCIM clients do not use',
  'P-2-02': 'needs a second credential with narrower rights; scenarios run with one',
  'P-2.1-01': 'needs expired, foreign-audience and tampered OAuth tokens the target would issue',
  'P-7.3-01': 'needs OAuth tokens the target would issue (see P-2.1-01)',
  'P-7.4-03': 'needs an expired token the target issued',
  'P-7.5.2-01': 'needs an attribute the target configures as sensitive',
  'P-3.7.4-02': 'needs a request larger than the target\'s bulk.maxOperations or maxPayloadSize, which a fixed scenario cannot size',
  'P-3.7.4-03': 'needs the oversized bulk request of P-3.7.4-02',
  'S-3.1-04': 'needs the ids of every resource on the target',
  'S-3.1-10': 'needs two provisioning domains (clients)',
  'S-6-06': 'needs a resource type with a required extension',
  'P-3.4.2.1-01': 'root queries are optional; the suite records POST /.search at the root instead',
  'P-3.4.2.1-04': 'root queries are optional (see P-3.4.2.1-01)',
  'P-3.5.1-05': 'needs an immutable attribute with a value; User and Group define none a client can set',
  'P-3.7-05': 'bulkId is REQUIRED of the client; how a server treats a POST operation without one is not defined, so a suite cannot fail it',
  'P-3.7-17': 'reordering is the server\'s choice; the end state is checked through bulkId references',
  'S-2.3.7-02': 'checked for members and groups; manager.$ref is optional',
  'S-4.1.2-05': 'ISO 3166 country codes may be refused or kept; the RFC leaves the reaction open',
  'S-4.1.1-08': 'not observable from outside',
  'P-5-01': 'PRECIS preparation is only partly observable',
  'P-7.8-01': 'Unicode preparation is only partly observable',
};

function ref(c: DeclaredCheck): CheckRef {
  return { scenarioId: c.scenarioId, step: c.step, check: c.check, severity: c.severity, auto: c.auto };
}

const RANK: Record<Severity, number> = { MUST: 3, SHOULD: 2, MAY: 1 };

/** The severity a check needs to enforce (fail a target for) a requirement at this level. */
function neededSeverity(bucket: LevelBucket): Severity {
  if (bucket === 'MUST') return 'MUST';
  if (bucket === 'SHOULD') return 'SHOULD';
  return 'MAY';
}

const byRef = (a: CheckRef, b: CheckRef) =>
  a.scenarioId.localeCompare(b.scenarioId, 'en') || a.step.localeCompare(b.step, 'en') || a.check.localeCompare(b.check, 'en');

const pct = (n: number, d: number) => (d === 0 ? 0 : Math.round((n / d) * 1000) / 10);

export function buildCoverage(items: readonly ChecklistItem[], checks: readonly DeclaredCheck[]): CoverageMap {
  const byId = new Map<string, DeclaredCheck[]>();
  const idp = new Map<string, IdpRequirementCoverage>();
  for (const c of checks) {
    const r = c.requirement;
    if (r.id) byId.set(r.id, [...(byId.get(r.id) ?? []), c]);
    if (r.source === 'okta' || r.source === 'entra' || r.source === 'mezmo') {
      const key = `${r.source}\u0000${r.doc ?? ''}`;
      const e = idp.get(key) ?? { idp: r.source, doc: r.doc ?? '', checks: [] };
      e.checks.push(ref(c));
      idp.set(key, e);
    }
  }
  const known = new Set(items.map((i) => i.id));
  const entries: CoverageEntry[] = items.map((item) => {
    const named = byId.get(item.id) ?? [];
    const need = RANK[neededSeverity(item.bucket)];
    const enforcedBy = dedupe(named.filter((c) => RANK[c.severity] >= need).map(ref)).sort(byRef);
    const recordedBy = dedupe(named.filter((c) => RANK[c.severity] < need).map(ref)).sort(byRef);
    if (enforcedBy.length > 0) return { item, state: 'enforced', enforcedBy, recordedBy };
    if (item.ext === 'N') return { item, state: 'not-checkable', enforcedBy, recordedBy, reason: item.check };
    const reason = NOT_ENFORCED_REASONS[item.id];
    if (recordedBy.length > 0) return { item, state: 'recorded', enforcedBy, recordedBy, ...(reason ? { reason } : {}) };
    return { item, state: 'not-enforced', enforcedBy, recordedBy, ...(reason ? { reason } : {}) };
  });
  const core = entries.filter((e) => isCoreItem(e.item));
  const count = (pred: (e: CoverageEntry) => boolean) => core.filter(pred).length;
  const scm = (e: CoverageEntry) => isServerCheckableMust(e.item);
  const mustYP = (e: CoverageEntry) => e.item.bucket === 'MUST' && e.item.ext !== 'N';
  const shouldY = (e: CoverageEntry) => e.item.bucket === 'SHOULD' && e.item.ext === 'Y';
  const on = (e: CoverageEntry) => e.state === 'enforced';
  const summary: CoverageSummary = {
    items: items.length,
    serverCheckableMust: count(scm),
    serverCheckableMustEnforced: count((e) => scm(e) && on(e)),
    serverCheckableMustPercent: pct(count((e) => scm(e) && on(e)), count(scm)),
    mustYP: count(mustYP),
    mustYPEnforced: count((e) => mustYP(e) && on(e)),
    shouldY: count(shouldY),
    shouldYEnforced: count((e) => shouldY(e) && on(e)),
    enforced: entries.filter(on).length,
    notCheckable: entries.filter((e) => e.state === 'not-checkable').length,
    checks: checks.length,
    scenarios: new Set(checks.map((c) => c.scenarioId)).size,
  };
  const unknownIds = [...byId.keys()].filter((id) => !known.has(id)).sort();
  const idpList = [...idp.values()]
    .map((e) => ({ ...e, checks: dedupe(e.checks).sort(byRef) }))
    .sort((a, b) => a.idp.localeCompare(b.idp, 'en') || a.doc.localeCompare(b.doc, 'en', { numeric: true }));
  return { summary, entries, idp: idpList, unknownIds };
}

function dedupe(refs: CheckRef[]): CheckRef[] {
  const seen = new Set<string>();
  return refs.filter((r) => {
    const k = `${r.scenarioId}\u0000${r.step}\u0000${r.check}\u0000${r.severity}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
