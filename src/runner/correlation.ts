/**
 * Replay correlation: literal rewrites from recorded values to the target's.
 * Three sources feed one table: the scenario's `substitute`, run-scoped names,
 * and values the target assigned (ids, locations, versions) as exchanges run.
 */

export class Correlation {
  private readonly pairs = new Map<string, string>();
  /** Recorded id → target id, exposed to templates as `{{ids.<recorded id>}}`. */
  readonly ids: Record<string, string> = {};

  set(from: string, to: string): void {
    if (from === '' || from === to) return;
    this.pairs.set(from, to);
  }

  has(from: string): boolean {
    return this.pairs.has(from);
  }

  /**
   * Rewrite a string: longest recorded literal first. In a URL (`url: true`)
   * both raw and percent-encoded forms are found, and replacements are encoded.
   */
  apply(text: string, url = false): string {
    if (this.pairs.size === 0) return text;
    const entries = [...this.pairs].sort((a, b) => b[0].length - a[0].length);
    // One pass with placeholders so a replacement is never rewritten again.
    const marks: string[] = [];
    let out = text;
    for (const [from, to] of entries) {
      for (const [f, t] of url ? urlVariants(from, to) : [[from, to] as const]) {
        if (!out.includes(f)) continue;
        const next = out.replace(literalPattern(f), () => placeholder(marks.length));
        if (next !== out) marks.push(t);
        out = next;
      }
    }
    return out.replace(/\u0000([\uE000-\uE009]+)\u0000/g, (_m, i: string) => marks[Number([...i].map((c) => c.charCodeAt(0) - 0xe000).join(''))] ?? '');
  }

  /**
   * Rewrite a raw query string parameter by parameter. Paging numbers
   * (`startIndex`, `count`, RFC 7644 §3.4.2.4) are left alone: with a server
   * whose ids are small integers, `startIndex=1` is not user 1.
   */
  applyQuery(query: string): string {
    return query
      .split('&')
      .map((param) => {
        const eq = param.indexOf('=');
        if (eq < 0 || /^(startIndex|count)$/i.test(param.slice(0, eq))) return param;
        return `${param.slice(0, eq)}=${this.apply(param.slice(eq + 1), true)}`;
      })
      .join('&');
  }

  /** Rewrite every string (and key) inside a JSON value. */
  applyJson(value: unknown): unknown {
    if (typeof value === 'string') return this.apply(value);
    if (Array.isArray(value)) return value.map((v) => this.applyJson(v));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value)) out[this.apply(k)] = this.applyJson(v);
      return out;
    }
    return value;
  }

  /**
   * After an exchange: map what the recorded server assigned to what the target
   * assigned (RFC 7643 §3.1 id and meta; RFC 7644 §3.3 Location; §3.14 ETag).
   */
  learn(recorded: { headers: Record<string, string>; body?: unknown }, target: { headers: Record<string, string>; json?: unknown }): void {
    const rb = asObject(recorded.body);
    const tb = asObject(target.json);
    const rHeader = (name: string) => headerOf(recorded.headers, name);
    const tHeader = (name: string) => target.headers[name];
    const rLoc = rHeader('location');
    const tLoc = tHeader('location');
    if (rLoc && tLoc) this.set(rLoc, tLoc);
    const rTag = rHeader('etag');
    const tTag = tHeader('etag');
    if (rTag && tTag) this.set(rTag, tTag);
    if (rb && tb) {
      this.learnResource(rb, tb);
      // A one-result list (an existence check that found the resource) correlates too.
      const rr = rb['Resources'];
      const tr = tb['Resources'];
      if (Array.isArray(rr) && Array.isArray(tr) && rr.length === 1 && tr.length === 1) {
        const r0 = asObject(rr[0]);
        const t0 = asObject(tr[0]);
        if (r0 && t0) this.learnResource(r0, t0);
      }
    }
  }

  private learnResource(r: Record<string, unknown>, t: Record<string, unknown>): void {
    if (typeof r['id'] === 'string' && typeof t['id'] === 'string') {
      this.set(r['id'], t['id']);
      this.ids[r['id']] = t['id'];
    }
    const rm = asObject(r['meta']);
    const tm = asObject(t['meta']);
    if (rm && tm) {
      if (typeof rm['location'] === 'string' && typeof tm['location'] === 'string') this.set(rm['location'], tm['location']);
      if (typeof rm['version'] === 'string' && typeof tm['version'] === 'string') this.set(rm['version'], tm['version']);
    }
  }
}

/**
 * A recorded literal where it stands alone: not inside a longer id (`1` in
 * `10`, `startIndex=1`, `U-1` in `U-10`), nor inside a percent-escape (`20` in
 * `%20`). Servers with short numeric ids need this; a preceding escape
 * (`%221%22`) counts as a boundary.
 */
function literalPattern(f: string): RegExp {
  const word = 'A-Za-z0-9._~-';
  const escaped = f.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const head = new RegExp(`^[${word}]`).test(f) ? `(?<!%[0-9A-Fa-f]?)(?:(?<![${word}])|(?<=%[0-9A-Fa-f]{2}))` : '';
  const tail = new RegExp(`[${word}]$`).test(f) ? `(?![${word}])` : '';
  return new RegExp(head + escaped + tail, 'g');
}

/** Placeholder without letters or digits, so no literal can match inside it. */
function placeholder(i: number): string {
  return `\u0000${[...String(i)].map((d) => String.fromCharCode(0xe000 + Number(d))).join('')}\u0000`;
}

function urlVariants(from: string, to: string): [string, string][] {
  const out: [string, string][] = [[from, encodeURIComponent(to)]];
  const enc = encodeURIComponent(from);
  if (enc !== from) out.push([enc, encodeURIComponent(to)]);
  // Okta's legacy form encoding uses `+` for spaces.
  const form = enc.replace(/%20/g, '+');
  if (form !== enc) out.push([form, encodeURIComponent(to).replace(/%20/g, '+')]);
  return out;
}

function asObject(v: unknown): Record<string, unknown> | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

function headerOf(headers: Record<string, string>, name: string): string | undefined {
  for (const [k, v] of Object.entries(headers)) if (k.toLowerCase() === name) return v;
  return undefined;
}

/**
 * Run-scoped names (docs/formats.md, "Replay" step 2): read the recording's
 * create bodies and give each userName, externalId and Group displayName the run id.
 */
export function runScopedNames(
  creates: readonly { collection: string; body: unknown }[],
  runId: string,
  keep: (value: string) => boolean,
): [string, string][] {
  const out = new Map<string, string>();
  const scope = (value: unknown, style: 'email' | 'dash' | 'space') => {
    if (typeof value !== 'string' || value === '' || keep(value) || out.has(value)) return;
    const at = value.indexOf('@');
    if (style !== 'space' && at > 0) out.set(value, `${value.slice(0, at)}+${runId}${value.slice(at)}`);
    else out.set(value, style === 'space' ? `${value} ${runId}` : `${value}-${runId}`);
  };
  for (const { collection, body } of creates) {
    const b = asObject(body);
    if (!b) continue;
    if (collection.toLowerCase() === 'users') {
      scope(b['userName'], 'email');
      scope(b['externalId'], 'dash');
    } else if (collection.toLowerCase() === 'groups') {
      scope(b['displayName'], 'space');
      scope(b['externalId'], 'dash');
    }
  }
  return [...out];
}
