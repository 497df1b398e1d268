/**
 * Values generated from an attribute's declaration (RFC 7643 §2.3 types,
 * canonicalValues, referenceTypes), run-scoped through `{{run}}` so parallel
 * runs never collide, and the patterns a returned value must match.
 */
import type { AttributeDef } from '../../core/schema/types.js';

/** Variables a reference value may need: the Location of a resource of each type, made in setup. */
export const refVar = (typeName: string): string => `ref${typeName.replace(/[^A-Za-z0-9]/g, '')}`;

/** A value for `def`. `tag` makes strings unique in the run; `variant` picks another value of the same kind. */
export function valueFor(def: AttributeDef, tag: string, variant = 0): unknown {
  const one = def.type === 'complex' ? complexValue(def, tag, variant) : simpleValue(def, tag, variant);
  return def.multiValued ? [one] : one;
}

function complexValue(def: AttributeDef, tag: string, variant: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const sub of def.subAttributes ?? []) {
    if (sub.mutability === 'readOnly' || sub.name === '$ref') continue;
    out[sub.name] = simpleValue(sub, `${tag}.${sub.name}`, variant);
  }
  return out;
}

const slug = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

export function simpleValue(def: AttributeDef, tag: string, variant = 0): unknown {
  const canonical = def.canonicalValues;
  switch (def.type) {
    case 'string':
      if (canonical && canonical.length > 0) return canonical[variant % canonical.length];
      return `sc-{{run}}-${slug(tag)}-${variant}`;
    case 'boolean':
      return variant % 2 === 0;
    case 'integer':
      return 42 + variant;
    case 'decimal':
      return 4.25 + variant;
    case 'dateTime':
      return `2026-03-0${1 + (variant % 9)}T05:06:07Z`;
    case 'binary':
      // base64 of "scimctl" and "scimctl!": RFC 4648 §4 with padding.
      return variant % 2 === 0 ? 'c2NpbWN0bA==' : 'c2NpbWN0bCE=';
    case 'reference':
      return referenceValue(def.referenceTypes?.[variant % (def.referenceTypes.length || 1)] ?? 'external', tag, variant);
    default:
      return `sc-{{run}}-${slug(tag)}-${variant}`;
  }
}

/** A reference of one kind: `external` and `uri` are made up (mixed case, S-2.3.7-04); a type name uses a resource made in setup. */
export function referenceValue(kind: string, tag: string, variant: number): string {
  const k = kind.toLowerCase();
  if (k === 'external') return `https://example.com/SCIMctl/{{run}}/${slug(tag)}-${variant}`;
  if (k === 'uri') return `urn:example:SCIMctl:{{run}}:${slug(tag)}-${variant}`;
  return `{{${refVar(kind)}}}`;
}

/** Resource types the references of `def` (or its sub-attributes) point at: a resource of each is made in setup. */
export function referencedTypes(def: AttributeDef): string[] {
  const kinds = def.type === 'complex' ? (def.subAttributes ?? []).flatMap((s) => s.referenceTypes ?? []) : (def.referenceTypes ?? []);
  return [...new Set(kinds.filter((k) => k !== 'external' && k !== 'uri'))];
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** A pattern matching `text` in any letter case; `{{…}}` templates are kept as they are. */
export function anyCasePattern(text: string): string {
  const parts = text.split(/(\{\{[^}]+\}\})/);
  const body = parts
    .map((p) =>
      p.startsWith('{{')
        ? p
        : [...p].map((c) => (c.toLowerCase() !== c.toUpperCase() ? `[${c.toLowerCase()}${c.toUpperCase()}]` : escapeRe(c))).join(''),
    )
    .join('');
  return `^${body}$`;
}

/** How a returned simple value is compared with the sent one. */
export function returnedMatcher(def: AttributeDef, sent: unknown): { equals: unknown } | { pattern: string } {
  if (def.type === 'dateTime' && typeof sent === 'string') {
    // The same instant may come back with fractional seconds or +00:00 (xsd:dateTime, RFC 7643 §2.3.5).
    return { pattern: `^${escapeRe(sent.slice(0, 19))}(\\.0+)?(Z|[+-]00:00)$` };
  }
  if (def.type === 'string' && !def.caseExact && typeof sent === 'string') {
    // RFC 7643 §7 (S-7-18): a case-insensitive value may come back in another case.
    return { pattern: anyCasePattern(sent) };
  }
  return { equals: sent };
}

/** `{{run}}` replaced by the run id in every string of a generated value. */
export function withRun<T>(value: T, runId: string): T {
  if (typeof value === 'string') return value.replaceAll('{{run}}', runId) as T;
  if (Array.isArray(value)) return value.map((v) => withRun(v, runId)) as T;
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withRun(v, runId)])) as T;
  }
  return value;
}
