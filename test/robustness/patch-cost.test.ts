/**
 * A large add must not block the server: adding N values to a multi-valued
 * attribute compared every pair (one 40 000-email add took about 100 s of CPU,
 * the whole server frozen). appendDistinct now indexes by value and type; the
 * property pins that it still decides "already present" exactly as the
 * pairwise rule (RFC 7644 §3.5.2.1) does. (Many operations in one PATCH still
 * cost operations × resource size: see docs/robustness.md.)
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendDistinct, sameElement } from '../../src/core/patch/multi-valued.js';
import type { PatchContext } from '../../src/core/patch/patch-context.js';
import { defaultRegistry } from '../../src/core/schema/schema-registry.js';
import type { ResolvedAttribute } from '../../src/core/schema/types.js';
import { recordFigure, scaled } from './figures.js';
import { fuzzTarget, PATCH_URN, probe, request } from './server-harness.js';

/** The rule as it was written: compare each item with everything before it. */
function pairwise(ctx: PatchContext, attr: ResolvedAttribute, list: unknown[], items: unknown[]): unknown[] {
  const out = [...list];
  for (const item of items) if (!out.some((e) => sameElement(ctx, attr, e, item))) out.push(item);
  return out;
}

const ctxFor = (resourceType: string): PatchContext => ({ registry: defaultRegistry, resourceType, options: undefined });

const word = fc.constantFrom('a@x.io', 'A@X.io', 'b@x.io', 'work', 'Work', 'home', '', 'id-1', 'ID-1');
const scalar = fc.oneof(word, fc.integer({ min: 0, max: 2 }), fc.boolean(), fc.constant(null));
const element = fc.oneof(
  { weight: 5, arbitrary: fc.record({ value: fc.oneof(word, scalar), type: fc.oneof(word, scalar), primary: fc.boolean(), display: word, Value: word, TYPE: word }, { requiredKeys: [] }) },
  { weight: 1, arbitrary: scalar },
  { weight: 1, arbitrary: fc.record({ streetAddress: word, country: word }, { requiredKeys: [] }) },
);

describe('appendDistinct', () => {
  it.each([
    ['User', 'emails'],
    ['User', 'addresses'],
    ['User', 'x509Certificates'],
    ['Group', 'members'],
  ])('decides like the pairwise rule (%s.%s)', (resourceType, name) => {
    const ctx = ctxFor(resourceType);
    const attr = defaultRegistry.resolve(resourceType, { name }) as ResolvedAttribute;
    expect(attr).toBeDefined();
    let runs = 0;
    let different = 0;
    const details = fc.check(
      fc.property(fc.array(element, { maxLength: 8 }), fc.array(element, { maxLength: 8 }), (list, items) => {
        runs++;
        try {
          expect(appendDistinct(ctx, attr, list, items)).toEqual(pairwise(ctx, attr, list, items));
          return true;
        } catch {
          different++;
          return false;
        }
      }),
      { numRuns: scaled(800), seed: 301 },
    );
    recordFigure({ suite: 'patch-cost', target: `appendDistinct = pairwise rule (${resourceType}.${name})`, cases: runs, outcomes: { 'different decisions': different } });
    expect(details.failed, fc.defaultReportMessage(details) ?? '').toBe(false);
  });

  // 10 000 and 5 000 in `npm test`; `npm run robustness` (scale 5) sends 50 000 and 25 000.
  const MANY = scaled(10_000);
  const TYPES = scaled(5_000);
  it(`a PATCH adding ${MANY} emails, or ${TYPES} types of one email, is one ordinary request`, async () => {
    const t = fuzzTarget();
    const many = Array.from({ length: MANY }, (_, i) => ({ value: `e${i}@example.com` }));
    const res = await probe(t, request('PATCH', '/Users/id-2', { body: JSON.stringify({ schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'emails', value: many }] }) }));
    expect(res.status).toBe(200);
    expect((res.body as { emails: unknown[] }).emails).toHaveLength(MANY);
    // Same value, distinct types: all distinct; then the same list once more without types: all present already.
    const types = Array.from({ length: TYPES }, (_, i) => ({ value: 'same@example.com', type: `t${i}` }));
    const again = await probe(t, request('PATCH', '/Users/id-1', { body: JSON.stringify({ schemas: [PATCH_URN], Operations: [{ op: 'add', path: 'emails', value: types }, { op: 'add', path: 'emails', value: types.map(() => ({ value: 'SAME@example.com' })) }] }) }));
    expect(again.status).toBe(200);
    expect((again.body as { emails: unknown[] }).emails).toHaveLength(TYPES + 1);
  });
});
