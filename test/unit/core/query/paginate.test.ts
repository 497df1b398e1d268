import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { paginate, parsePaging } from '../../../../src/core/paginate.js';
import { ScimError } from '../../../../src/core/scim-errors.js';

const items = ['a', 'b', 'c', 'd', 'e'];

describe('paginate (RFC 7644 §3.4.2.4)', () => {
  it('is 1-based and defaults to the whole list (P-3.4.2.4-01, -03)', () => {
    expect(paginate(items)).toEqual({ startIndex: 1, itemsPerPage: 5, totalResults: 5, page: items });
    expect(paginate(items, { startIndex: 2, count: 2 })).toEqual({ startIndex: 2, itemsPerPage: 2, totalResults: 5, page: ['b', 'c'] });
  });

  it('treats startIndex < 1 as 1 (P-3.4.2.4-02)', () => {
    expect(paginate(items, { startIndex: 0, count: 1 })).toMatchObject({ startIndex: 1, page: ['a'] });
    expect(paginate(items, { startIndex: -5, count: 1 })).toMatchObject({ startIndex: 1, page: ['a'] });
  });

  it('count=0 and negative counts return no items but the true total (P-3.4.2.4-04, -05)', () => {
    expect(paginate(items, { count: 0 })).toEqual({ startIndex: 1, itemsPerPage: 0, totalResults: 5, page: [] });
    expect(paginate(items, { count: -1 })).toEqual({ startIndex: 1, itemsPerPage: 0, totalResults: 5, page: [] });
  });

  it('past the end yields an empty page (P-3.4.2.4-11)', () => {
    expect(paginate(items, { startIndex: 15, count: 2 })).toEqual({ startIndex: 15, itemsPerPage: 0, totalResults: 5, page: [] });
    expect(paginate(items, { startIndex: 5, count: 10 }).page).toEqual(['e']);
  });

  it('caps count at maxCount, which is also the default (P-3.4.2.4-06, -07)', () => {
    expect(paginate(items, { count: 4, maxCount: 2 }).page).toEqual(['a', 'b']);
    expect(paginate(items, { maxCount: 3 }).page).toEqual(['a', 'b', 'c']);
    expect(paginate(items, { count: 1, maxCount: 3 }).page).toEqual(['a']);
  });

  it('handles huge values without allocating (P-3.4.2.4-13)', () => {
    expect(paginate(items, { startIndex: Number.MAX_SAFE_INTEGER, count: Number.MAX_SAFE_INTEGER }).page).toEqual([]);
    expect(paginate(items, { startIndex: 1, count: Number.MAX_SAFE_INTEGER }).itemsPerPage).toBe(5);
    expect(paginate([], { startIndex: 1, count: 10 })).toEqual({ startIndex: 1, itemsPerPage: 0, totalResults: 0, page: [] });
  });

  it('walking startIndex += count covers every item once (P-3.4.2.4-12)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 60 }), fc.integer({ min: 1, max: 12 }), (list, count) => {
        const seen: number[] = [];
        for (let start = 1; start <= list.length; start += count) {
          const p = paginate(list, { startIndex: start, count });
          expect(p.totalResults).toBe(list.length);
          expect(p.itemsPerPage).toBe(p.page.length);
          expect(p.page.length).toBeLessThanOrEqual(count);
          seen.push(...p.page);
        }
        expect(seen).toEqual(list);
      }),
    );
  });
});

describe('parsePaging', () => {
  it('reads integers, signed or not, and leaves absent or empty values out', () => {
    expect(parsePaging({ startIndex: '3', count: '10' })).toEqual({ startIndex: 3, count: 10 });
    expect(parsePaging({ startIndex: '-5', count: '+2' })).toEqual({ startIndex: -5, count: 2 });
    expect(parsePaging({})).toEqual({});
    expect(parsePaging({ count: '' })).toEqual({});
  });

  it('saturates huge values instead of overflowing', () => {
    expect(parsePaging({ startIndex: '9'.repeat(400), count: `-${'9'.repeat(30)}` })).toEqual({
      startIndex: Number.MAX_SAFE_INTEGER,
      count: Number.MIN_SAFE_INTEGER,
    });
  });

  it.each(['abc', '1.5', '1e3', '0x10', '12abc', 'NaN', 'Infinity', '--1'])('refuses count=%s with invalidValue (P-3.4.2.4-13)', (text) => {
    try {
      parsePaging({ count: text });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ScimError);
      expect((err as ScimError).scimType).toBe('invalidValue');
      expect((err as ScimError).detail).toMatch(/^count must be an integer/);
    }
  });

  it('names startIndex in its error and truncates long input', () => {
    expect(() => parsePaging({ startIndex: 'x'.repeat(10_000) })).toThrow(/^startIndex must be an integer, got "x{40}"$/);
  });
});
