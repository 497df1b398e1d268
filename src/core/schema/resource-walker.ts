/**
 * One walk over a resource against its schemas, used both to prepare client
 * input (normalise key case, drop readOnly and unknown attributes, apply the
 * tolerances) and to judge a resource without changing it (collect findings).
 */
import { COMMON_ATTRIBUTES } from './common-attributes.js';
import type { ResourceSchemas } from './schema-registry.js';
import type { AttributeDef, ScimResource } from './types.js';
import { checkSimpleValue, jsonKind } from './value-checks.js';

/** Keys that could reach an object's prototype; never copied (prototype pollution). */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

export type FindingKey = 'invalidValue' | 'invalidSyntax';

export interface Finding {
  /** RFC 6901 JSON pointer into the walked resource. */
  pointer: string;
  message: string;
  /** Checklist ID or RFC section. */
  rule: string;
  /** The ScimError key a request carrying this defect is refused with. */
  key: FindingKey;
}

export interface WalkOptions {
  /** 'input' prepares client input; 'check' only judges. */
  mode: 'input' | 'check';
  /** Input only: tolerance 'string-booleans' ("True"/"False" become booleans). */
  stringBooleans: boolean;
  /** Input only: tolerance 'manager-bare-string' (a bare id becomes `{ value: id }`). */
  managerBareString: boolean;
  /** Check only: a response must not carry `returned: never` values; a request must not carry unknown ones. */
  ctx: 'request' | 'response';
}

export interface WalkResult {
  resource: ScimResource;
  findings: Finding[];
}

const lower = (s: string): string => s.toLowerCase();
const escapePointer = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function findDef(defs: readonly AttributeDef[] | undefined, key: string): AttributeDef | undefined {
  const k = lower(key);
  return defs?.find((d) => lower(d.name) === k);
}

// RFC 7643 §2.3 rules by type, for findings.
const TYPE_RULES: Record<AttributeDef['type'], string> = {
  string: 'RFC 7643 §2.3.1',
  boolean: 'S-2.3.2-01',
  decimal: 'S-2.3.3-01',
  integer: 'S-2.3.4-01',
  dateTime: 'S-2.3.5-01',
  binary: 'S-2.3.6-01',
  reference: 'S-2.3.7-01',
  complex: 'P-3.8-08',
};

class Walker {
  readonly findings: Finding[] = [];
  constructor(private readonly opts: WalkOptions) {}

  private find(pointer: string, message: string, rule: string, key: FindingKey = 'invalidValue'): undefined {
    this.findings.push({ pointer, message, rule, key });
    return undefined;
  }

  /** A key that names no attribute: dropped from input, a defect only in a stored resource. */
  unknown(pointer: string, label: string): void {
    if (this.opts.mode === 'check' && this.opts.ctx === 'request') {
      this.find(pointer, `attribute ${label} is not defined by the resource's schemas`, 'S-2-01');
    }
  }

  spelling(pointer: string, key: string, def: AttributeDef): void {
    if (this.opts.mode === 'check' && this.opts.ctx === 'request' && key !== def.name) {
      this.find(pointer, `attribute ${key} should be spelled ${def.name}`, 'RFC 7643 §2.1');
    }
  }

  /** Whether a value for `def` found in the walked object is kept (input) or judged (check). */
  private admits(def: AttributeDef, pointer: string, label: string): boolean {
    if (this.opts.mode === 'input') {
      // RFC 7644 §3.3, §3.5.1: readOnly values sent by a client are ignored.
      return def.mutability !== 'readOnly';
    }
    if (this.opts.ctx === 'response' && (def.returned === 'never' || def.mutability === 'writeOnly')) {
      // RFC 7643 §7: `never` and writeOnly values are not returned (S-7-02, S-7-21).
      this.find(pointer, `attribute ${label} must never be returned`, def.returned === 'never' ? 'S-7-02' : 'S-7-21');
      return false;
    }
    return true;
  }

  /** Walks the attributes of an object (the resource, an extension container) into `out`. */
  walkObject(defs: readonly AttributeDef[], source: Record<string, unknown>, base: string, prefix: string, out: ScimResource): void {
    for (const key of Object.keys(source)) {
      const pointer = `${base}/${escapePointer(key)}`;
      if (FORBIDDEN_KEYS.has(key)) {
        this.unknown(pointer, key);
        continue;
      }
      const def = findDef(defs, key);
      if (!def) {
        this.unknown(pointer, `${prefix}${key}`);
        continue;
      }
      this.spelling(pointer, key, def);
      this.attribute(def, source[key], pointer, `${prefix}${def.name}`, out);
    }
  }

  /** Walks one attribute's value and stores the kept result under its canonical name. */
  attribute(def: AttributeDef, value: unknown, pointer: string, label: string, out: ScimResource): void {
    // RFC 7643 §2.5: null and [] mean unassigned.
    if (value === null || value === undefined) return;
    if (!this.admits(def, pointer, label)) return;
    const kept = this.value(def, value, pointer, label);
    if (kept !== undefined) out[def.name] = kept;
  }

  private value(def: AttributeDef, value: unknown, pointer: string, label: string): unknown {
    if (def.multiValued) {
      // RFC 7644 §3.8, P-3.3-13: a multi-valued attribute is a JSON array, even for one value.
      if (!Array.isArray(value)) return this.find(pointer, `attribute ${label}: expected an array, got ${jsonKind(value)}`, 'P-3.3-13');
      const items: unknown[] = [];
      value.forEach((item, i) => {
        const kept = this.single(def, item, `${pointer}/${i}`, `${label}[${i}]`);
        if (kept !== undefined) items.push(kept);
      });
      this.primaryOnce(def, items, pointer, label);
      return items.length > 0 || this.opts.mode === 'check' ? items : undefined;
    }
    if (Array.isArray(value)) return this.find(pointer, `attribute ${label}: expected a single value, got an array`, 'P-3.8-08');
    return this.single(def, value, pointer, label);
  }

  // RFC 7643 §2.4: `primary: true` appears on at most one element.
  private primaryOnce(def: AttributeDef, items: unknown[], pointer: string, label: string): void {
    if (def.type !== 'complex') return;
    const primaries = items.filter((item) => isPlainObject(item) && item.primary === true).length;
    if (primaries > 1) this.find(pointer, `attribute ${label}: at most one element may have primary true, found ${primaries}`, 'S-2.4-02');
  }

  private single(def: AttributeDef, value: unknown, pointer: string, label: string): unknown {
    if (value === null) {
      const expected = def.type === 'complex' ? 'an object' : 'a value';
      return this.find(pointer, `attribute ${label}: expected ${expected}, got null`, 'P-3.8-08');
    }
    if (def.type !== 'complex') {
      const checked = checkSimpleValue(def, value, this.opts.mode === 'input' && this.opts.stringBooleans);
      if (checked.ok) return checked.value;
      return this.find(pointer, `attribute ${label}: expected ${checked.expected}, got ${jsonKind(value)}`, TYPE_RULES[def.type]);
    }
    if (typeof value === 'string' && isEnterpriseManager(def) && this.opts.mode === 'input') {
      // Tolerance 'manager-bare-string' (entra.md §2.5): Entra sends the manager's id alone.
      if (this.opts.managerBareString) return value === '' ? undefined : { value };
      const message =
        `attribute ${label}: expected an object such as {"value": "<id>"}, got a string ` +
        "(tolerance 'manager-bare-string' is off in strict mode)";
      return this.find(pointer, message, 'S-4.3-02');
    }
    if (!isPlainObject(value)) return this.find(pointer, `attribute ${label}: expected an object, got ${jsonKind(value)}`, 'P-3.8-08');
    const out: ScimResource = {};
    for (const key of Object.keys(value)) {
      const subPointer = `${pointer}/${escapePointer(key)}`;
      const sub = FORBIDDEN_KEYS.has(key) ? undefined : findDef(def.subAttributes, key);
      if (!sub) {
        this.unknown(subPointer, `${label}.${key}`);
        continue;
      }
      this.spelling(subPointer, key, sub);
      this.attribute(sub, value[key], subPointer, `${label}.${sub.name}`, out);
    }
    for (const sub of def.subAttributes ?? []) {
      if (sub.required && out[sub.name] === undefined && (this.opts.mode === 'check' || sub.mutability !== 'readOnly')) {
        this.find(pointer, `attribute ${label}.${sub.name} is required`, 'S-7-27');
      }
    }
    return Object.keys(out).length > 0 || this.opts.mode === 'check' ? out : undefined;
  }
}

function isEnterpriseManager(def: AttributeDef): boolean {
  return def.name === 'manager' && def.type === 'complex' && !def.multiValued && findDef(def.subAttributes, 'value') !== undefined;
}

/**
 * Walks every attribute of `source` except `schemas`: core and common
 * attributes at the top level, extension attributes under their URN key, and
 * (input only) URN-qualified top-level keys such as `urn:…:User:userName`.
 */
export function walkResource(schemas: ResourceSchemas, source: Record<string, unknown>, opts: WalkOptions): WalkResult {
  const walker = new Walker(opts);
  const resource: ScimResource = {};
  const coreDefs = [...schemas.core.attributes, ...COMMON_ATTRIBUTES.filter((d) => d.name !== 'schemas')];
  for (const key of Object.keys(source)) {
    const pointer = `/${escapePointer(key)}`;
    const k = lower(key);
    if (k === 'schemas') continue;
    if (FORBIDDEN_KEYS.has(key)) {
      walker.unknown(pointer, key);
      continue;
    }
    const ext = schemas.extensions.find((e) => lower(e.schema.id) === k);
    if (ext) {
      const value = source[key];
      if (value === null || value === undefined) continue;
      if (!isPlainObject(value)) {
        const message = `extension ${ext.schema.id}: expected an object, got ${jsonKind(value)}`;
        walker.findings.push({ pointer, message, rule: 'S-3.3-02', key: 'invalidValue' });
        continue;
      }
      const container: ScimResource = { ...(resource[ext.schema.id] as ScimResource | undefined) };
      walker.walkObject(ext.schema.attributes, value, pointer, `${ext.schema.id}:`, container);
      if (Object.keys(container).length > 0 || opts.mode === 'check') resource[ext.schema.id] = container;
      continue;
    }
    const def = findDef(coreDefs, key);
    if (def) {
      walker.spelling(pointer, key, def);
      walker.attribute(def, source[key], pointer, def.name, resource);
      continue;
    }
    const qualified = opts.mode === 'input' ? qualifiedTarget(schemas, key) : undefined;
    if (qualified) {
      const target = qualified.container === undefined ? resource : { ...(resource[qualified.container] as ScimResource | undefined) };
      walker.attribute(qualified.def, source[key], pointer, key, target);
      if (qualified.container !== undefined && Object.keys(target).length > 0) resource[qualified.container] = target;
      continue;
    }
    walker.unknown(pointer, key);
  }
  return { resource, findings: walker.findings };
}

/** `urn:…:core:2.0:User:userName` or `urn:…:enterprise:2.0:User:department` as a top-level key (RFC 7644 §3.10). */
function qualifiedTarget(schemas: ResourceSchemas, key: string): { def: AttributeDef; container?: string } | undefined {
  const cut = key.lastIndexOf(':');
  if (cut < 0) return undefined;
  const uri = lower(key.slice(0, cut));
  const name = key.slice(cut + 1);
  if (uri === lower(schemas.core.id)) {
    const def = findDef(schemas.core.attributes, name) ?? findDef(COMMON_ATTRIBUTES, name);
    return def && def.name !== 'schemas' ? { def } : undefined;
  }
  const ext = schemas.extensions.find((e) => lower(e.schema.id) === uri);
  const def = ext && findDef(ext.schema.attributes, name);
  return ext && def ? { def, container: ext.schema.id } : undefined;
}
