/**
 * Index-based pagination (RFC 7644 §3.4.2.4): 1-based `startIndex`, `count`
 * as an upper bound on the page, `totalResults` independent of both.
 */
import { ScimError } from './scim-errors.js';

export interface PageOptions {
  startIndex?: number;
  count?: number;
  /** The most a page may hold (the server's filter.maxResults); also the default `count`. */
  maxCount?: number;
}

export interface Page<T> {
  /** 1-based position of the first item in `page`. */
  startIndex: number;
  /** Items in `page` (P-3.4.2.4-08). */
  itemsPerPage: number;
  /** All matches, whatever the page (P-3.4.2.4-09). */
  totalResults: number;
  page: T[];
}

/**
 * One page of `items`. A `startIndex` below 1 (or absent) is 1, a negative
 * `count` is 0 (which yields no items but the true total), a start past the
 * end yields an empty page, and `count` never exceeds `maxCount`.
 * @example paginate(users, { startIndex: 3, count: 2, maxCount: 200 }) // { startIndex: 3, itemsPerPage: 2, totalResults: n, page }
 */
export function paginate<T>(items: T[], opts: PageOptions = {}): Page<T> {
  const { startIndex, from, size } = pageBounds(items.length, opts);
  const page = size === 0 ? [] : items.slice(from, from + size);
  return { startIndex, itemsPerPage: page.length, totalResults: items.length, page };
}

/**
 * Where the page `paginate` would return lies among `total` items: its 1-based
 * `startIndex`, the 0-based position `from` of its first item, and its `size`.
 * For a server that can fetch a page by position without listing every item.
 * @example pageBounds(1000, { startIndex: 901, count: 200, maxCount: 100 }) // { startIndex: 901, from: 900, size: 100 }
 */
export function pageBounds(total: number, opts: PageOptions = {}): { startIndex: number; from: number; size: number } {
  // RFC 7644 §3.4.2.4: "A value less than 1 SHALL be interpreted as 1."
  const startIndex = opts.startIndex !== undefined && opts.startIndex >= 1 ? Math.floor(opts.startIndex) : 1;
  // RFC 7644 §3.4.2.4: "A negative value SHALL be interpreted as 0."
  let count = opts.count === undefined || Number.isNaN(opts.count) ? Number.POSITIVE_INFINITY : Math.max(0, Math.floor(opts.count));
  if (opts.maxCount !== undefined) count = Math.min(count, Math.max(0, opts.maxCount));
  const from = startIndex - 1;
  const size = from >= total || count === 0 ? 0 : Math.min(count, total - from);
  return { startIndex, from, size };
}

const INTEGER = /^[+-]?\d+$/;

/** An integer query parameter; huge values saturate instead of overflowing (P-3.4.2.4-13). */
function parseInteger(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!INTEGER.test(trimmed)) {
    throw new ScimError('invalidValue', `${name} must be an integer, got "${trimmed.slice(0, 40)}"`);
  }
  const value = Number(trimmed);
  if (Number.isSafeInteger(value)) return value;
  return trimmed.startsWith('-') ? Number.MIN_SAFE_INTEGER : Number.MAX_SAFE_INTEGER;
}

/**
 * Reads `startIndex` and `count` from query text. Absent or empty values stay
 * undefined; anything but an optionally signed integer is refused.
 * @throws ScimError invalidValue
 * @example parsePaging({ startIndex: '0', count: '-1' }) // { startIndex: 0, count: -1 }, which paginate reads as 1 and 0
 */
export function parsePaging(query: { startIndex?: string; count?: string }): { startIndex?: number; count?: number } {
  const startIndex = parseInteger('startIndex', query.startIndex);
  const count = parseInteger('count', query.count);
  return { ...(startIndex === undefined ? {} : { startIndex }), ...(count === undefined ? {} : { count }) };
}
