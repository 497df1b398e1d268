/**
 * An RFC 7643 §7 Schema document (as `/Schemas` serves it, or as a file given
 * to `scimctl serve --schema`) → the schema model, with every way the
 * declaration contradicts RFC 7643 §2 and §7 listed as an issue. The server
 * refuses a file with issues; the tester reports them as findings.
 */
import type { AttributeDef, AttributeType, Mutability, Returned, SchemaDef, SchemaIssue, Uniqueness } from './types.js';

export const ATTRIBUTE_TYPES: readonly AttributeType[] = ['string', 'boolean', 'decimal', 'integer', 'dateTime', 'binary', 'reference', 'complex'];
const MUTABILITIES: readonly Mutability[] = ['readOnly', 'readWrite', 'immutable', 'writeOnly'];
const RETURNED: readonly Returned[] = ['always', 'never', 'default', 'request'];
const UNIQUENESS: readonly Uniqueness[] = ['none', 'server', 'global'];
// RFC 7643 §2.1 ATTRNAME (with erratum 8924's leading `$` for `$ref`).
const ATTR_NAME = /^(\$ref|[A-Za-z][A-Za-z0-9$_-]*)$/;

export interface SchemaDocOptions {
  /**
   * 'file': characteristics left out take the RFC 7643 §2.2 defaults (a hand-written file).
   * 'served': every characteristic §7 calls REQUIRED must be listed (S-7-09): a target's /Schemas.
   */
  mode: 'file' | 'served';
}

export interface ParsedSchemaDoc {
  /** The usable schema (invalid characteristics replaced by their defaults), or undefined if there is none. */
  schema?: SchemaDef;
  issues: SchemaIssue[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

class DocReader {
  readonly issues: SchemaIssue[] = [];
  constructor(private readonly opts: SchemaDocOptions) {}

  issue(pointer: string, message: string, rule: string): void {
    this.issues.push({ pointer, message, rule });
  }

  private flag(o: Record<string, unknown>, key: string, dflt: boolean, at: string, label: string): boolean {
    const v = o[key];
    if (v === undefined) {
      if (this.opts.mode === 'served') this.issue(`${at}/${key}`, `${label}: "${key}" is missing`, 'S-7-09');
      return dflt;
    }
    if (typeof v !== 'boolean') {
      this.issue(`${at}/${key}`, `${label}: "${key}" must be true or false`, 'S-7-09');
      return dflt;
    }
    return v;
  }

  private oneOf<T extends string>(o: Record<string, unknown>, key: string, allowed: readonly T[], dflt: T, at: string, label: string, rule: string): T {
    const v = o[key];
    if (v === undefined) {
      if (this.opts.mode === 'served') this.issue(`${at}/${key}`, `${label}: "${key}" is missing`, 'S-7-09');
      return dflt;
    }
    if (typeof v !== 'string' || !allowed.includes(v as T)) {
      this.issue(`${at}/${key}`, `${label}: "${key}" must be one of ${allowed.join(', ')}, got ${JSON.stringify(v)}`, rule);
      return dflt;
    }
    return v as T;
  }

  attribute(raw: unknown, at: string, parent: string | undefined): AttributeDef | undefined {
    if (!isObject(raw)) {
      this.issue(at, 'an attribute definition must be an object', 'S-7-09');
      return undefined;
    }
    const name = raw.name;
    if (typeof name !== 'string' || !ATTR_NAME.test(name)) {
      const why = typeof name === 'string' ? `"${name}" does not follow the RFC 7643 §2.1 name grammar` : '"name" is missing';
      this.issue(`${at}/name`, `attribute ${why}`, typeof name === 'string' ? 'S-2.1-02' : 'S-7-09');
      if (typeof name !== 'string') return undefined;
    }
    const label = parent ? `${parent}.${name}` : name;
    const type = this.oneOf(raw, 'type', ATTRIBUTE_TYPES, 'string', at, label, typeof raw.type === 'string' ? 'S-2.3-01' : 'S-7-11');
    const def: AttributeDef = {
      name,
      type,
      multiValued: this.flag(raw, 'multiValued', false, at, label),
      description: typeof raw.description === 'string' ? raw.description : '',
      required: this.flag(raw, 'required', false, at, label),
      caseExact: this.flag(raw, 'caseExact', false, at, label),
      mutability: this.oneOf(raw, 'mutability', MUTABILITIES, 'readWrite', at, label, 'S-7-12'),
      returned: this.oneOf(raw, 'returned', RETURNED, 'default', at, label, 'S-7-12'),
      uniqueness: this.oneOf(raw, 'uniqueness', UNIQUENESS, 'none', at, label, 'S-7-12'),
    };
    if (raw.description !== undefined && typeof raw.description !== 'string') this.issue(`${at}/description`, `${label}: "description" must be a string`, 'S-7-09');
    const canonical = raw.canonicalValues;
    if (canonical !== undefined) {
      if (!Array.isArray(canonical) || canonical.some((c) => typeof c !== 'string')) {
        this.issue(`${at}/canonicalValues`, `${label}: "canonicalValues" must be a list of strings`, 'S-7-09');
      } else if (def.type !== 'string' && def.type !== 'reference') {
        this.issue(`${at}/canonicalValues`, `${label}: "canonicalValues" on a ${def.type} attribute (RFC 7643 §2.3.1 gives them to strings)`, 'S-2.3.1-01');
      } else def.canonicalValues = canonical as string[];
    }
    const refTypes = raw.referenceTypes;
    if (refTypes !== undefined) {
      if (def.type !== 'reference') {
        this.issue(`${at}/referenceTypes`, `${label}: "referenceTypes" on a ${def.type} attribute (only reference attributes have them)`, 'S-7-13');
      } else if (!Array.isArray(refTypes) || refTypes.length === 0 || refTypes.some((r) => typeof r !== 'string' || r === '')) {
        // Erratum 5607: referenceTypes is multi-valued.
        this.issue(`${at}/referenceTypes`, `${label}: "referenceTypes" must be a non-empty list of resource type names, "external" or "uri"`, 'S-7-13');
      } else def.referenceTypes = refTypes as string[];
    } else if (def.type === 'reference') {
      this.issue(`${at}/referenceTypes`, `${label}: a reference attribute must list its "referenceTypes"`, 'S-7-09');
    }
    const subs = raw.subAttributes;
    if (def.type === 'complex') {
      if (parent !== undefined) this.issue(`${at}/type`, `${label}: a sub-attribute cannot be complex (erratum 8415)`, 'S-2.3.8-02');
      else if (!Array.isArray(subs) || subs.length === 0) {
        this.issue(`${at}/subAttributes`, `${label}: a complex attribute must list its "subAttributes"`, 'S-7-10');
      } else {
        def.subAttributes = this.attributes(subs, `${at}/subAttributes`, label);
      }
      // RFC 7643 §2.3.8, erratum 6004: complex values have no uniqueness.
      if (def.uniqueness !== 'none') this.issue(`${at}/uniqueness`, `${label}: a complex attribute has no uniqueness (erratum 6004), got "${def.uniqueness}"`, 'S-2.3.8-03');
    } else if (subs !== undefined) {
      this.issue(`${at}/subAttributes`, `${label}: "subAttributes" on a ${def.type} attribute`, 'S-7-10');
    }
    // RFC 7643 §2.3.2, §2.3.6: booleans and binaries have no uniqueness; binaries compare case-exactly.
    if ((def.type === 'boolean' || def.type === 'binary') && def.uniqueness !== 'none') {
      this.issue(`${at}/uniqueness`, `${label}: a ${def.type} attribute has no uniqueness, got "${def.uniqueness}"`, def.type === 'boolean' ? 'S-2.3.2-01' : 'S-2.3.6-01');
    }
    if (def.type === 'binary' && raw.caseExact === false) {
      this.issue(`${at}/caseExact`, `${label}: binary values are compared case-exactly, but caseExact is false`, 'S-2.3.6-01');
    }
    // Not flagged: a reference with caseExact false. RFC 7643 §8.7.1 declares its own `$ref`s so;
    // erratum 6001 (held) would change that, and S-2.3.7-04 judges the values, not the declaration.
    // RFC 7643 §7: writeOnly values SHALL NOT be returned, so `returned` can only be never.
    if (def.mutability === 'writeOnly' && def.returned !== 'never') {
      this.issue(`${at}/returned`, `${label}: a writeOnly attribute must be returned "never", got "${def.returned}"`, 'S-7-21');
    }
    // A required readOnly attribute cannot be provided by clients, so only the server can satisfy it.
    if (def.required && def.mutability === 'readOnly' && parent === undefined && def.name !== 'id') {
      this.issue(`${at}/required`, `${label}: required and readOnly: no client can ever provide it`, 'S-7-27');
    }
    return def;
  }

  attributes(raw: unknown, at: string, parent: string | undefined): AttributeDef[] {
    if (!Array.isArray(raw)) {
      this.issue(at, '"attributes" must be a list', 'S-7-09');
      return [];
    }
    const out: AttributeDef[] = [];
    const seen = new Set<string>();
    raw.forEach((item, i) => {
      const def = this.attribute(item, `${at}/${i}`, parent);
      if (!def) return;
      // RFC 7643 §2.1: names are case-insensitive, so two that differ only in case are one.
      const key = def.name.toLowerCase();
      if (seen.has(key)) this.issue(`${at}/${i}/name`, `attribute ${parent ? `${parent}.` : ''}${def.name} is defined twice`, 'S-2.1-01');
      else {
        seen.add(key);
        out.push(def);
      }
    });
    return out;
  }
}

/**
 * Reads one Schema document.
 * @example parseSchemaDoc({ id: 'urn:example:ext:1.0:User', name: 'Ext', attributes: [{ name: 'badge' }] }, { mode: 'file' }).schema?.attributes[0]?.type // 'string'
 */
export function parseSchemaDoc(raw: unknown, opts: SchemaDocOptions): ParsedSchemaDoc {
  const reader = new DocReader(opts);
  if (!isObject(raw)) {
    reader.issue('', 'a Schema document must be an object', 'S-7-09');
    return { issues: reader.issues };
  }
  const id = raw.id;
  if (typeof id !== 'string' || id === '') {
    reader.issue('/id', 'a Schema document needs its URI as "id"', 'S-7-07');
    return { issues: reader.issues };
  }
  if (!/^urn:[A-Za-z0-9][A-Za-z0-9-]*:/i.test(id)) reader.issue('/id', `schema id "${id}" is not a URN`, 'S-7-07');
  const name = typeof raw.name === 'string' ? raw.name : '';
  const description = typeof raw.description === 'string' ? raw.description : '';
  if (opts.mode === 'served' && (name === '' || description === '')) {
    reader.issue(name === '' ? '/name' : '/description', `schema ${id}: "${name === '' ? 'name' : 'description'}" is missing`, 'S-7-08');
  }
  const attributes = reader.attributes(raw.attributes, '/attributes', undefined);
  return { schema: { id, name, description, attributes }, issues: reader.issues };
}

/** The resource type an extension URN names by its last segment (`urn:…:2.0:User` → User), if any. */
export function extendedTypeOf(schemaId: string, typeNames: readonly string[]): string | undefined {
  const last = schemaId.slice(schemaId.lastIndexOf(':') + 1).toLowerCase();
  return typeNames.find((t) => t.toLowerCase() === last);
}
