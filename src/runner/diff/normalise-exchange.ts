/**
 * What legitimately differs between two SCIM servers running the same steps,
 * normalised away before comparing: ids and everything that carries them
 * (paths, Location, $ref, member values), timestamps, versions and ETags, base
 * URLs, the order of multi-valued attributes, and error `detail` text.
 */
import type { ExchangeLog } from '../types.js';
import type { NormalisedExchange } from './diff-types.js';

export const NORMALISED = [
  'ids, and every id inside paths, Location, meta.location, $ref and member values, numbered by first appearance in the scenario',
  'dateTime values (meta.created, meta.lastModified, …) → <dateTime>',
  'versions and ETags (meta.version, ETag, W/"…") → <version>',
  'the base URL of each side → {base}, absolute or as a relative path',
  'the order of multi-valued attributes and of Resources (unless sortBy asked for an order)',
  'error detail and schema description text (free text) → <detail>, <description>',
  'null, [] and {} (unassigned, RFC 7643 §2.5) → absent',
  'content-type compared by media type; WWW-Authenticate by scheme',
];

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;
const WEAK_OR_STRONG_ETAG = /^(W\/)?"[^"]*"$/;
const HEADERS = ['content-type', 'location', 'etag', 'www-authenticate'] as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Ids seen in one scenario on one side, numbered in order of first appearance. */
export class IdNumbering {
  private readonly ids = new Map<string, string>();

  private add(id: unknown): void {
    if (typeof id === 'string' && id !== '' && !this.ids.has(id)) this.ids.set(id, `<id:${this.ids.size + 1}>`);
  }

  /** Learn the ids a response names: `id`s, member/group/manager values, the Location's last segment. */
  learn(json: unknown, location: string | undefined): void {
    const walk = (v: unknown, parentKey: string | undefined): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, parentKey));
      else if (isObject(v)) {
        if (typeof v.id === 'string') this.add(v.id);
        // Bulk results (RFC 7644 §3.7.3) name what they created only by `location`.
        if (typeof v.location === 'string' && parentKey === 'Operations') this.addLocation(v.location);
        if (parentKey && /^(members|groups|manager)$/i.test(parentKey) && typeof v.value === 'string') this.add(v.value);
        for (const [k, x] of Object.entries(v)) if (typeof x === 'object') walk(x, k);
      }
    };
    walk(json, undefined);
    if (location) this.addLocation(location);
  }

  private addLocation(location: string): void {
    const last = location.split(/[?#]/)[0]?.replace(/\/+$/, '').split('/').pop();
    if (last) this.add(safeDecode(last));
  }

  /** The placeholder for a whole string, or the string with its id path segments replaced. */
  text(s: string): string {
    const whole = this.ids.get(s);
    if (whole) return whole;
    let out = s;
    // Long ids (UUIDs and the like) are replaced wherever they appear, in filters and bodies too;
    // short ones (`1`, `42`) only as a whole path segment, where they cannot be part of something else.
    for (const [id, placeholder] of this.ids) if (id.length >= 8 && out.includes(id)) out = out.replaceAll(id, placeholder);
    if (!out.includes('/')) return out;
    return out
      .split(/([/?#&=])/)
      .map((seg) => this.ids.get(seg) ?? this.ids.get(safeDecode(seg)) ?? seg)
      .join('');
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export interface SideContext {
  /** The side's base URL (`https://app.example/scim/v2`), replaced by `{base}`. */
  baseUrl: string;
  ids: IdNumbering;
}

function baseForms(baseUrl: string): string[] {
  const trimmed = baseUrl.split('?')[0]?.replace(/\/+$/, '') ?? baseUrl;
  let origin = trimmed;
  try {
    origin = new URL(trimmed).origin;
  } catch {
    // Not absolute: only the full form is replaced.
  }
  // A relative reference names the base by its path (RFC 7643 §2.3.7: `/scim/v2/Users/…`).
  const path = trimmed.startsWith(origin) ? trimmed.slice(origin.length) : '';
  return [...new Set([trimmed, origin, ...(path.length > 1 ? [path] : [])])].sort((a, b) => b.length - a.length);
}

function normaliseString(s: string, side: SideContext, key: string | undefined): string {
  if (DATE_TIME.test(s)) return '<dateTime>';
  if (key === 'version' || WEAK_OR_STRONG_ETAG.test(s)) return '<version>';
  if (key === 'detail') return '<detail>';
  if (key === 'description') return '<description>';
  let out = s;
  for (const base of baseForms(side.baseUrl)) {
    if (out.startsWith(base)) {
      out = `{base}${out.slice(base.length)}`;
      break;
    }
  }
  return side.ids.text(out);
}

/** The body with every legitimate difference normalised; arrays sorted unless `ordered`. */
export function normaliseBody(v: unknown, side: SideContext, ordered: boolean, key?: string): unknown {
  if (typeof v === 'string') return normaliseString(v, side, key);
  if (Array.isArray(v)) {
    const items = v.map((x) => normaliseBody(x, side, ordered, key)).filter((x) => x !== undefined);
    if (items.length === 0) return undefined;
    if (ordered && key === 'Resources') return items;
    return items.map((x) => [JSON.stringify(x), x] as const).sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map((p) => p[1]);
  }
  if (isObject(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = normaliseBody(v[k], side, ordered, k);
      if (x !== undefined) out[k] = x;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v === null ? undefined : v;
}

function header(name: (typeof HEADERS)[number], value: string, side: SideContext): string {
  if (name === 'content-type') return (value.split(';')[0] ?? '').trim().toLowerCase();
  if (name === 'etag') return '<version>';
  if (name === 'www-authenticate') return (value.trim().split(/\s+/)[0] ?? '').toLowerCase();
  return normaliseString(value, side, name);
}

function parseBody(text: string | undefined): unknown {
  if (text === undefined || text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * One exchange, normalised for comparison. Learns the ids the response names
 * first, so a create's id is numbered before its own Location is rewritten.
 */
export function normaliseExchange(log: ExchangeLog | undefined, side: SideContext): NormalisedExchange | undefined {
  if (!log) return undefined;
  const json = parseBody(log.response?.body);
  const headers = Object.fromEntries(Object.entries(log.response?.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  side.ids.learn(json, headers['location']);
  const url = log.request.url;
  const ordered = /[?&]sortBy=/i.test(url) || (log.request.method.toUpperCase() === 'POST' && /\/\.search$/i.test(url.split('?')[0] ?? '') && /"sortBy"/.test(log.request.body ?? ''));
  const out: NormalisedExchange = { request: `${log.request.method.toUpperCase()} ${normaliseString(url, side, undefined)}`, headers: {} };
  if (log.response) {
    out.status = log.response.status;
    for (const name of HEADERS) {
      const v = headers[name];
      if (v !== undefined) out.headers[name] = header(name, v, side);
    }
    const body = normaliseBody(json, side, ordered);
    if (body !== undefined) out.body = body;
  }
  return out;
}
