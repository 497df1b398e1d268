/**
 * Requirements as written in scenarios (`P-3.3-06`, `RFC7644 §3.3`,
 * `{ idp: okta, doc: "okta.md §4.2" }`) → the one `Requirement` shape.
 */
import { checklistItem } from '../coverage/load-checklist.js';
import type { Requirement } from '../types.js';

/** The RFC an erratum was filed against, from the checklist's errata register; RFC 7644 for an ID it lacks. */
function erratumSource(id: string): Requirement['source'] {
  return checklistItem(id)?.rfc === '7643' ? 'RFC7643' : 'RFC7644';
}

export function parseRequirement(raw: unknown): Requirement | undefined {
  if (typeof raw === 'string') {
    // rfc-checklist.md IDs: P = RFC 7644, S = RFC 7643, E = errata, X = later RFCs (still RFC 7644 features).
    const id = /^([PSEX])-([0-9A-Za-z.]+)-(\d+)$/.exec(raw);
    if (id) {
      const [, kind, section] = id as unknown as [string, string, string];
      if (kind === 'E') return { source: erratumSource(raw), section: `erratum ${section}`, id: raw };
      return { source: kind === 'S' ? 'RFC7643' : 'RFC7644', section, id: raw };
    }
    const rfc = /^RFC ?(7643|7644) §([0-9.]+)$/.exec(raw);
    if (rfc) return { source: rfc[1] === '7643' ? 'RFC7643' : 'RFC7644', section: rfc[2] as string };
    return undefined;
  }
  if (raw && typeof raw === 'object') {
    const o = raw as Record<string, unknown>;
    if (typeof o['idp'] === 'string' && typeof o['doc'] === 'string') {
      return { source: o['idp'] as Requirement['source'], doc: o['doc'] };
    }
    if (typeof o['source'] === 'string' && typeof o['section'] === 'string') {
      const r: Requirement = { source: o['source'] as Requirement['source'], section: o['section'] };
      if (typeof o['id'] === 'string') r.id = o['id'];
      return r;
    }
  }
  return undefined;
}

/** An erratum is cited by number (`erratum 8471`), not as a section. */
export function isErratum(r: Requirement): boolean {
  return r.section?.startsWith('erratum ') ?? false;
}

/** `RFC 7644 §3.3 (P-3.3-06)`, `RFC 7643 erratum 8471 (E-8471-01)` or `okta.md §4.2`. */
export function formatRequirement(r: Requirement): string {
  if (r.source === 'RFC7643' || r.source === 'RFC7644') {
    const base = `RFC ${r.source.slice(3)}${r.section ? (isErratum(r) ? ` ${r.section}` : ` §${r.section}`) : ''}`;
    return r.id ? `${base} (${r.id})` : base;
  }
  return `${r.source}: ${r.doc ?? ''}`.trim();
}
