/**
 * Record-time correlation notes: which identifiers a request reuses, and which
 * earlier response assigned them (RFC 7643 §3.1 `id` and `meta`, RFC 7644
 * §3.3 `Location`, §3.14 `ETag`). Replay maps these values itself (see
 * src/runner/correlation.ts); the note tells a reader where each comes from
 * and flags the ones replay cannot map (an id seen only in a list of several).
 */
import type { RecordedExchangeDoc } from './recording-doc.js';

export type LinkKind = 'id' | 'location' | 'version';

export interface IdentifierLink {
  value: string;
  kind: LinkKind;
  /** Id of the exchange whose response assigned the value. */
  from: string;
  /** False when replay's correlation cannot learn it (only seen in a list of several resources). */
  mapped: boolean;
  /** How many resources that list held, when `mapped` is false. */
  listSize?: number;
}

type Origin = Omit<IdentifierLink, 'value'>;

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const headerOf = (h: Record<string, string> | undefined, name: string): string | undefined =>
  Object.entries(h ?? {}).find(([k]) => k.toLowerCase() === name)?.[1];

function escapeRegex(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export class IdentifierLinks {
  private readonly origins = new Map<string, Origin>();

  /** Remember what the response of exchange `from` assigned. */
  learn(from: string, response: RecordedExchangeDoc['response']): void {
    const add = (value: unknown, kind: LinkKind, mapped = true, listSize?: number) => {
      if (typeof value !== 'string' || value === '') return;
      const known = this.origins.get(value);
      // An origin replay can map beats one it cannot; otherwise the first one stays.
      if (known && (known.mapped || !mapped)) return;
      this.origins.set(value, { kind, from, mapped, ...(listSize !== undefined ? { listSize } : {}) });
    };
    add(headerOf(response.headers, 'location'), 'location');
    add(headerOf(response.headers, 'etag'), 'version');
    const body = asObject(response.body);
    if (!body) return;
    const resource = (r: Record<string, unknown>, mapped: boolean, listSize?: number) => {
      add(r['id'], 'id', mapped, listSize);
      const meta = asObject(r['meta']);
      add(meta?.['location'], 'location', mapped, listSize);
      add(meta?.['version'], 'version', mapped, listSize);
    };
    resource(body, true);
    const list = body['Resources'];
    if (Array.isArray(list)) {
      for (const item of list) {
        const r = asObject(item);
        if (r) resource(r, list.length === 1, list.length === 1 ? undefined : list.length);
      }
    }
  }

  /** The known identifiers a request reuses, in order of first appearance. */
  uses(request: RecordedExchangeDoc['request']): IdentifierLink[] {
    const found = new Map<string, IdentifierLink>();
    const hit = (value: string) => {
      const origin = this.origins.get(value);
      if (origin && !found.has(value)) found.set(value, { value, ...origin });
    };
    const [pathOnly = '', query = ''] = request.path.split('?');
    for (const seg of pathOnly.split('/')) hit(safeDecode(seg));
    for (const [k, v] of new URLSearchParams(query)) if (k.toLowerCase() === 'filter') this.inText(v, hit);
    for (const [k, v] of Object.entries(request.headers ?? {})) if (/^if-(none-)?match$/i.test(k)) hit(v);
    this.inJson(request.body, hit);
    return [...found.values()];
  }

  private inJson(v: unknown, hit: (value: string) => void): void {
    if (typeof v === 'string') {
      hit(v);
      // Filters inside PATCH paths: members[value eq "U-B"].
      if (/\s(eq|ne|co|sw|ew)\s/i.test(v)) this.inText(v, hit);
    } else if (Array.isArray(v)) v.forEach((x) => this.inJson(x, hit));
    else if (v && typeof v === 'object') Object.values(v).forEach((x) => this.inJson(x, hit));
  }

  /** Known values inside free text, only where they stand alone (`"U-1"` must not match `"U-10"`). */
  private inText(text: string, hit: (value: string) => void): void {
    for (const value of this.origins.keys()) {
      if (text.includes(value) && new RegExp(`(?<![\\w-])${escapeRegex(value)}(?![\\w-])`).test(text)) hit(value);
    }
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** One line for the exchange's `note`. */
export function describeLinks(links: readonly IdentifierLink[]): string | undefined {
  if (links.length === 0) return undefined;
  const parts = links.map((l) =>
    l.mapped
      ? `${l.value} (${l.kind} from ${l.from})`
      : `${l.value} (${l.kind} from ${l.from}, a list of ${l.listSize ?? 'several'}: replay cannot map it, substitute it)`,
  );
  return `reuses ${parts.join('; ')}`;
}
