import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ScimError } from '../../../../src/core/scim-errors.js';
import { defaultRegistry as registry } from '../../../../src/core/schema/schema-registry.js';
import { checkResource, prepareCreate } from '../../../../src/core/schema/validate-resource.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

const names = ['userName', 'name', 'active', 'emails', 'password', 'groups', 'id', 'meta', 'x509Certificates', 'title', '__proto__', 'other', ENT];
const randomCase = (s: string) =>
  fc.array(fc.boolean(), { minLength: s.length, maxLength: s.length }).map((flags) =>
    [...s].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''),
  );
const key = fc.constantFrom(...names).chain((n) => (n === '__proto__' ? fc.constant(n) : randomCase(n)));
const leaf = fc.oneof(fc.string(), fc.boolean(), fc.integer(), fc.double(), fc.constant(null), fc.constantFrom('True', 'false', 'MTIz'));
const sub = fc.dictionary(fc.constantFrom('value', 'type', 'primary', 'givenName', 'manager', 'employeeNumber', 'Value'), fc.oneof(leaf, fc.array(leaf)));
const value = fc.oneof(leaf, sub, fc.array(fc.oneof(leaf, sub), { maxLength: 3 }));
const body = fc
  .dictionary(key, value, { maxKeys: 8 })
  .map((extra) => ({ schemas: [USER], userName: 'base', ...extra }));

describe('prepareCreate properties', () => {
  it('either returns a resource that checkResource accepts, or throws a ScimError; never pollutes', () => {
    let successes = 0;
    fc.assert(
      fc.property(body, fc.boolean(), (input, strict) => {
        let out;
        try {
          out = prepareCreate(registry, 'User', input, { strict });
        } catch (err) {
          expect(err).toBeInstanceOf(ScimError);
          expect([400, 404]).toContain((err as ScimError).status);
          return;
        }
        successes += 1;
        expect(checkResource(registry, 'User', out, 'request')).toEqual([]);
        expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
        expect(({} as Record<string, unknown>).value).toBeUndefined();
      }),
      { numRuns: 400, seed: 7 },
    );
    // The generator must reach the accepting path often enough for the property to mean something.
    expect(successes).toBeGreaterThan(40);
  });
});
