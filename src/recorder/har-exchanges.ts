/**
 * HAR 1.2 (a browser's or a proxy's capture, or `scimctl test --har`) → the
 * SCIM exchanges in it, in time order: requests under the SCIM base path with
 * a method the recording format knows and a response that arrived.
 */
import { ScimctlError } from '../core/errors.js';
import { RECORDABLE_METHODS, type RawExchange } from './recording-doc.js';

export interface HarSelection {
  basePath: string;
  exchanges: RawExchange[];
  /** Why entries were left out, with counts (`outside /scim/v2: 14`). */
  skipped: Record<string, number>;
}

interface HarPair {
  name: string;
  value: string;
}

interface HarEntry {
  startedDateTime?: string;
  request: { method: string; url: string; headers?: HarPair[]; postData?: { text?: string } };
  response: { status: number; headers?: HarPair[]; content?: { text?: string; encoding?: string } };
}

/** The endpoints of RFC 7644 §3.2: what follows the base path. */
const SCIM_ENDPOINT = /^(Users|Groups|Me|ServiceProviderConfigs?|ResourceTypes|Schemas|Bulk|\.search)$/i;

/** A HAR file scimctl cannot import: row HAR_INVALID of the error table. */
export class HarError extends ScimctlError {
  override readonly name = 'HarError';
  constructor(message: string) {
    super('HAR_INVALID', message);
  }
}

function entriesOf(har: unknown): HarEntry[] {
  const entries = (har as { log?: { entries?: unknown } } | null)?.log?.entries;
  if (!Array.isArray(entries)) throw new HarError('not a HAR file: `log.entries` is missing');
  return entries.filter((e): e is HarEntry => {
    const x = e as HarEntry | null;
    return typeof x?.request?.url === 'string' && typeof x.request.method === 'string' && typeof x.response?.status === 'number';
  });
}

/** The path before the first SCIM endpoint segment: `/scim/v2/Users/1` → `/scim/v2`. */
function basePathOf(pathname: string): string | undefined {
  const segs = pathname.split('/');
  const i = segs.findIndex((s, n) => n > 0 && SCIM_ENDPOINT.test(s));
  return i < 0 ? undefined : segs.slice(0, i).join('/') || '/';
}

/** The base path most SCIM-looking requests share. */
function guessBasePath(entries: HarEntry[]): string | undefined {
  const counts = new Map<string, number>();
  for (const e of entries) {
    const base = basePathOf(new URL(e.request.url).pathname);
    if (base !== undefined) counts.set(base, (counts.get(base) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

const pairs = (list: HarPair[] | undefined): [string, string][] =>
  (list ?? []).filter((h) => typeof h?.name === 'string' && !h.name.startsWith(':')).map((h) => [h.name, String(h.value)]);

function contentText(content: { text?: string; encoding?: string } | undefined): string | undefined {
  if (typeof content?.text !== 'string' || content.text === '') return undefined;
  return content.encoding === 'base64' ? Buffer.from(content.text, 'base64').toString('utf8') : content.text;
}

export function harExchanges(har: unknown, basePath?: string): HarSelection {
  const entries = entriesOf(har)
    .map((e, i) => ({ e, i, t: Date.parse(e.startedDateTime ?? '') }))
    // Time order, capture order for ties or missing times.
    .sort((a, b) => (Number.isFinite(a.t) && Number.isFinite(b.t) && a.t !== b.t ? a.t - b.t : a.i - b.i))
    .map(({ e }) => e);
  const base = (basePath ?? guessBasePath(entries))?.replace(/\/+$/, '');
  if (base === undefined) throw new HarError('no SCIM request (…/Users, …/Groups, …) in the HAR file; name the base path with --base-path');
  const skipped: Record<string, number> = {};
  const skip = (reason: string) => (skipped[reason] = (skipped[reason] ?? 0) + 1);
  const exchanges: RawExchange[] = [];
  for (const e of entries) {
    const url = new URL(e.request.url);
    const method = e.request.method.toUpperCase();
    if (base !== '' && url.pathname !== base && !url.pathname.startsWith(`${base}/`)) skip(`outside ${base || '/'}`);
    else if (!(RECORDABLE_METHODS as readonly string[]).includes(method)) skip(`method ${method}`);
    else if (e.response.status < 100) skip('no response');
    else {
      const requestBody = e.request.postData?.text;
      const responseBody = contentText(e.response.content);
      exchanges.push({
        method,
        target: url.pathname + url.search,
        requestHeaders: pairs(e.request.headers),
        ...(requestBody ? { requestBody } : {}),
        status: e.response.status,
        responseHeaders: pairs(e.response.headers),
        ...(responseBody !== undefined ? { responseBody } : {}),
      });
    }
  }
  return { basePath: base || '/', exchanges, skipped };
}
