import { describe, expect, it } from 'vitest';
import { schemaDocs } from '../../../../src/core/schema/discovery.js';
import { parseSchemaDoc } from '../../../../src/core/schema/schema-doc.js';
import { defaultRegistry } from '../../../../src/core/schema/schema-registry.js';

const attr = (over: Record<string, unknown>) => ({
  name: 'x',
  type: 'string',
  multiValued: false,
  description: 'd',
  required: false,
  caseExact: false,
  mutability: 'readWrite',
  returned: 'default',
  uniqueness: 'none',
  ...over,
});
const doc = (...attributes: unknown[]) => ({ id: 'urn:example:ext:2.0:User', name: 'Ext', description: 'An extension', attributes });
const rules = (raw: unknown, mode: 'file' | 'served' = 'served') => parseSchemaDoc(raw, { mode }).issues.map((i) => `${i.pointer} ${i.rule}`);

describe('parseSchemaDoc (RFC 7643 §7)', () => {
  it('finds nothing to say about the schemas the reference server serves', () => {
    for (const served of schemaDocs(defaultRegistry, 'http://h/scim/v2')) expect(rules(served), String(served.id)).toEqual([]);
  });

  it('gives a hand-written file the RFC 7643 §2.2 defaults, but wants every characteristic from a target', () => {
    const parsed = parseSchemaDoc(doc({ name: 'badge' }), { mode: 'file' });
    expect(parsed.issues).toEqual([]);
    expect(parsed.schema?.attributes[0]).toMatchObject({ type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' });
    expect(rules(doc({ name: 'badge' }))).toContain('/attributes/0/mutability S-7-09');
  });

  it.each([
    [attr({ type: 'text' }), '/attributes/0/type S-2.3-01'],
    [attr({ name: '1st' }), '/attributes/0/name S-2.1-02'],
    [attr({ mutability: 'sometimes' }), '/attributes/0/mutability S-7-12'],
    [attr({ referenceTypes: ['external'] }), '/attributes/0/referenceTypes S-7-13'],
    [attr({ type: 'reference', caseExact: true }), '/attributes/0/referenceTypes S-7-09'],
    [attr({ type: 'complex' }), '/attributes/0/subAttributes S-7-10'],
    [attr({ type: 'complex', subAttributes: [attr({ name: 'inner', type: 'complex' })] }), '/attributes/0/subAttributes/0/type S-2.3.8-02'],
    [attr({ type: 'complex', uniqueness: 'server', subAttributes: [attr({ name: 'v' })] }), '/attributes/0/uniqueness S-2.3.8-03'],
    [attr({ type: 'boolean', uniqueness: 'server' }), '/attributes/0/uniqueness S-2.3.2-01'],
    [attr({ type: 'binary', caseExact: false }), '/attributes/0/caseExact S-2.3.6-01'],
    [attr({ mutability: 'writeOnly', returned: 'default' }), '/attributes/0/returned S-7-21'],
    [attr({ type: 'integer', canonicalValues: ['1'] }), '/attributes/0/canonicalValues S-2.3.1-01'],
    [attr({ required: true, mutability: 'readOnly' }), '/attributes/0/required S-7-27'],
  ])('flags a contradiction: %j', (a, rule) => {
    expect(rules(doc(a))).toContain(rule);
  });

  it('flags two attributes whose names differ only in case (RFC 7643 §2.1)', () => {
    expect(rules(doc(attr({ name: 'badge' }), attr({ name: 'Badge' })))).toEqual(['/attributes/1/name S-2.1-01']);
  });

  it('needs a URN id', () => {
    expect(parseSchemaDoc({ attributes: [] }, { mode: 'file' })).toEqual({ issues: [{ pointer: '/id', message: 'a Schema document needs its URI as "id"', rule: 'S-7-07' }] });
    expect(rules({ id: 'my-schema', attributes: [] }, 'file')).toEqual(['/id S-7-07']);
  });
});
