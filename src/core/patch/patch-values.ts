/**
 * Types and normalises a PATCH `value` for the attribute it targets
 * (RFC 7643 §2.3 data types; RFC 7644 §3.5.2 P-3.5.2-11: a value incompatible
 * with the attribute's type is `invalidValue`). Sub-attribute keys take the
 * schema's spelling; the result shares nothing with the request body.
 */
import { ScimError } from '../scim-errors.js';
import { ENTERPRISE_USER_SCHEMA_ID } from '../schema/enterprise-user-schema.js';
import type { AttributeDef, ResolvedAttribute } from '../schema/types.js';
import { tolerates } from '../tolerances.js';
import { isObject, put, type JsonObject } from './json-values.js';
import type { PatchContext } from './patch-context.js';

/** Quotes a client-supplied name for an error detail, cut short so details stay readable. */
export function quoteName(name: string): string {
  return `\`${name.length > 60 ? `${name.slice(0, 57)}...` : name}\``;
}

function typeName(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function isEnterpriseManager(attr: ResolvedAttribute): boolean {
  return (
    !attr.parent &&
    attr.schema.toLowerCase() === ENTERPRISE_USER_SCHEMA_ID.toLowerCase() &&
    attr.def.name.toLowerCase() === 'manager'
  );
}

/**
 * The whole value of `attr`: an array for a multi-valued attribute (a single
 * element is accepted and wrapped), otherwise one value. `null` stays `null`
 * (unassigned, RFC 7643 §2.5); callers decide what that means for their op.
 */
export function coerceAttribute(ctx: PatchContext, attr: ResolvedAttribute, value: unknown, where: string): unknown {
  if (value === null) return null;
  if (attr.def.multiValued) {
    const items = Array.isArray(value) ? value : [value];
    return items
      .filter((item: unknown) => item !== null)
      .map((item: unknown, i) => coerceElement(ctx, attr, item, `${where}[${i}]`));
  }
  return coerceElement(ctx, attr, value, where);
}

/** One value of `attr`: a sub-attribute object for a complex attribute, else a simple value. */
export function coerceElement(ctx: PatchContext, attr: ResolvedAttribute, value: unknown, where: string): unknown {
  if (attr.def.type === 'complex') return coerceComplex(ctx, attr, value, where);
  return coerceSimple(ctx, attr.def, value, where);
}

function coerceComplex(ctx: PatchContext, attr: ResolvedAttribute, value: unknown, where: string): JsonObject {
  let input = value;
  // Tolerance 'manager-bare-string': Entra sends the manager as its id (entra.md §2.5).
  if (typeof input === 'string' && isEnterpriseManager(attr) && tolerates(ctx.options, 'manager-bare-string')) {
    input = { value: input };
  }
  // RFC 7644 §3.5.2.1 (P-3.5.2.1-04): a complex value is an object of sub-attributes.
  if (!isObject(input)) {
    const hint = isEnterpriseManager(attr) && typeof input === 'string'
      ? " (tolerance 'manager-bare-string' is off in strict mode)"
      : '';
    throw new ScimError('invalidValue', `${where} must be an object of sub-attributes, not ${typeName(input)}${hint}`);
  }
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(input)) {
    const sub = ctx.registry.resolveSub(attr, key);
    if (!sub) throw new ScimError('invalidValue', `${quoteName(key)} is not a sub-attribute of ${quoteName(where)}`);
    // readOnly values inside a value are the server's to set; they are ignored as in PUT (RFC 7644 §3.5.1).
    if (sub.def.mutability === 'readOnly') continue;
    // RFC 7643 §2.5: null is the same as unassigned.
    if (v === null) continue;
    put(out, sub.def.name, coerceAttribute(ctx, sub, v, `${where}.${sub.def.name}`));
  }
  return out;
}

/** A simple value by the attribute's type (RFC 7643 §2.3.1–§2.3.7). */
export function coerceSimple(ctx: PatchContext, def: AttributeDef, value: unknown, where: string): unknown {
  switch (def.type) {
    case 'boolean': {
      if (typeof value === 'boolean') return value;
      // Tolerance 'string-booleans': Entra's default mode sends "True"/"False" (entra.md §2.6).
      if (typeof value === 'string' && tolerates(ctx.options, 'string-booleans')) {
        const lower = value.toLowerCase();
        if (lower === 'true') return true;
        if (lower === 'false') return false;
      }
      const hint = typeof value === 'string' && !tolerates(ctx.options, 'string-booleans')
        ? " (tolerance 'string-booleans' is off in strict mode)"
        : '';
      throw new ScimError('invalidValue', `${where} must be a boolean, not ${typeName(value)}${hint}`);
    }
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw new ScimError('invalidValue', `${where} must be an integer, not ${typeName(value)}`);
    case 'decimal':
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new ScimError('invalidValue', `${where} must be a number, not ${typeName(value)}`);
    case 'complex':
      throw new ScimError('invalidValue', `${where} must be an object of sub-attributes`);
    default:
      // string, reference, dateTime and binary are JSON strings (RFC 7643 §2.3.1, §2.3.5–§2.3.7).
      if (typeof value === 'string') return value;
      throw new ScimError('invalidValue', `${where} must be a string, not ${typeName(value)}`);
  }
}
