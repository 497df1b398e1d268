/** `--fault` spec parsing: every documented form, and a clear message for each mistake. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FaultSpecError, parseFaultSpec } from '../../src/server/faults/fault-spec.js';

describe('parseFaultSpec', () => {
  it.each([
    ['latency=200ms', { kind: 'latency', ms: 200, rate: 1 }],
    ['latency=1.5s:rate=0.25', { kind: 'latency', ms: 1500, rate: 0.25 }],
    ['error-rate=0.1', { kind: 'status', status: 500, rate: 0.1 }],
    ['error-rate=1:status=503', { kind: 'status', status: 503, rate: 1 }],
    ['429:retry-after=5', { kind: 'too-many-requests', retryAfter: 5, rate: 1 }],
    ['429', { kind: 'too-many-requests', retryAfter: 1, rate: 1 }],
    ['string-counts', { kind: 'string-counts', rate: 1 }],
    ['no-location:rate=0.5', { kind: 'no-location', rate: 0.5 }],
    ['drop:rate=0.05', { kind: 'drop', when: 'before', rate: 0.05 }],
    ['drop:when=after', { kind: 'drop', when: 'after', rate: 1 }],
  ])('%s', (spec, expected) => {
    expect(parseFaultSpec(spec)).toMatchObject({ ...expected, spec });
  });

  it('reads a route with and without a method', () => {
    expect(parseFaultSpec('status=503:route=POST /Users')).toMatchObject({
      kind: 'status',
      status: 503,
      route: { method: 'POST', segments: ['Users'] },
    });
    expect(parseFaultSpec('drop:route=/Groups/*').route).toEqual({ segments: ['Groups', '*'], text: '/Groups/*' });
  });

  it.each([
    ['', /empty; use one of latency/],
    ['slow', /unknown fault "slow"/],
    ['latency', /latency needs a duration/],
    ['latency=fast', /duration such as 200ms/],
    ['latency=200', /duration such as 200ms/],
    ['latency=11m', /duration such as 200ms/],
    ['latency=3600s', /at most 10 minutes/],
    ['error-rate=2', /error-rate must be a number from 0 to 1/],
    ['error-rate=0.1:rate=0.5', /error-rate is itself the rate/],
    ['error-rate=0.1:status=404', /status must be an integer from 500 to 599/],
    ['status=200', /status must be an integer from 400 to 599/],
    ['status', /status needs a code/],
    ['429:retry-after=-1', /retry-after must be an integer/],
    ['429=5', /429 takes no value/],
    ['drop:rate=abc', /rate must be a number from 0 to 1/],
    ['drop:rate', /"rate" is not key=value/],
    ['drop:when=later', /when must be before or after/],
    ['drop:rate=0.1:rate=0.2', /rate= is given twice/],
    ['no-location:retry-after=3', /no-location takes rate=, route= \(got "retry-after"\)/],
    ['status=503:route=Users', /route must look like "POST \/Users"/],
    ['status=503:route=POST /Users extra', /route must look like/],
  ])('rejects %j', (spec, message) => {
    let caught: unknown;
    try {
      parseFaultSpec(spec);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(FaultSpecError);
    expect((caught as Error).message).toMatch(/^--fault "/);
    expect((caught as Error).message).toMatch(message);
  });
});

describe('docs/faults.md', () => {
  it('every --fault in its examples parses', () => {
    const doc = readFileSync(new URL('../../docs/faults.md', import.meta.url), 'utf8');
    const commands = doc.split('\n').filter((l) => /^(\$ )?scimctl serve /.test(l));
    const specs = commands.flatMap((l) => [...l.matchAll(/--fault (?:'([^']+)'|(\S+))/g)].map((m) => m[1] ?? m[2] ?? ''));
    expect(specs.length).toBeGreaterThan(8);
    const bad = specs.filter((s) => s !== 'latency=fast').filter((s) => {
      try {
        parseFaultSpec(s);
        return false;
      } catch {
        return true;
      }
    });
    expect(bad).toEqual([]);
  });
});
