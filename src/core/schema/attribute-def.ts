/**
 * Builders for schema data. Every characteristic the caller leaves out takes
 * the RFC 7643 §2.2 default, so each definition lists only what differs.
 */
import type { AttributeDef } from './types.js';

type AttrOptions = Partial<Omit<AttributeDef, 'name'>>;

/** An attribute with RFC 7643 §2.2 defaults: string, single, optional, caseExact false, readWrite, default, none. */
export function attr(name: string, description: string, options: AttrOptions = {}): AttributeDef {
  return {
    name,
    type: 'string',
    multiValued: false,
    description,
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** A complex attribute (RFC 7643 §2.3.8): its sub-attributes are never complex themselves. */
export function complex(
  name: string,
  description: string,
  subAttributes: AttributeDef[],
  options: AttrOptions = {},
): AttributeDef {
  return attr(name, description, { ...options, type: 'complex', subAttributes });
}

/**
 * The sub-attributes RFC 7643 §2.4 gives most multi-valued attributes:
 * `value`, `display`, `type` and `primary`, as §8.7.1 publishes them.
 */
export function multiValuedParts(
  valueDescription: string,
  typeDescription: string,
  canonicalTypes: string[] | undefined,
  valueOptions: AttrOptions = {},
): AttributeDef[] {
  const typeOptions: AttrOptions = canonicalTypes ? { canonicalValues: canonicalTypes } : {};
  return [
    attr('value', valueDescription, valueOptions),
    attr('display', 'A human-readable name, primarily used for display purposes.  READ-ONLY.'),
    attr('type', typeDescription, typeOptions),
    attr(
      'primary',
      "A Boolean value indicating the 'primary' or preferred attribute value for this attribute.  The primary attribute value 'true' MUST appear no more than once.",
      { type: 'boolean' },
    ),
  ];
}
