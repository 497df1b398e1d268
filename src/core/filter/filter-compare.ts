/**
 * How one attribute value compares with one filter literal (RFC 7644 §3.4.2.2
 * attribute operators), by the attribute's type and caseExact (RFC 7643 §2.2,
 * §2.3). `checkComparison` rejects the combinations that can never be
 * evaluated; `compareOne` answers for a single, non-null value.
 */
import type { CompareOp, Literal } from './ast.js';
import { ScimError } from '../scim-errors.js';
import type { AttributeDef, AttributeType } from '../schema/types.js';
import { prepareCaseless } from '../string-prep.js';

const ORDERING: ReadonlySet<CompareOp> = new Set(['gt', 'ge', 'lt', 'le']);
const SUBSTRING: ReadonlySet<CompareOp> = new Set(['co', 'sw', 'ew']);
const STRING_TYPES: ReadonlySet<AttributeType> = new Set(['string', 'reference', 'binary', 'dateTime']);

function reject(detail: string): never {
  throw new ScimError('invalidFilter', detail);
}

/**
 * Throws `invalidFilter` when `op` with `literal` cannot apply to the attribute
 * `def` (undefined for an attribute outside the schema, judged by the literal alone).
 */
export function checkComparison(def: AttributeDef | undefined, op: CompareOp, literal: Literal, name: string): void {
  const subject = `'${name}'`;
  if (literal.kind === 'null') {
    // RFC 7643 §2.5: null means "no value", so only (in)equality with it means anything.
    if (op !== 'eq' && op !== 'ne') reject(`${subject}: only 'eq' and 'ne' can compare with null`);
    return;
  }
  if (ORDERING.has(op) && literal.kind === 'boolean') {
    reject(`${subject}: '${op}' cannot order booleans (RFC 7644 §3.4.2.2)`);
  }
  if (SUBSTRING.has(op) && literal.kind !== 'string') {
    reject(`${subject}: '${op}' needs a string value`);
  }
  if (def === undefined) return;
  const type = def.type;
  // RFC 7644 §3.4.2.2: gt/ge/lt/le on boolean or binary attributes SHALL fail with invalidFilter.
  if (ORDERING.has(op) && (type === 'boolean' || type === 'binary')) {
    reject(`${subject} is ${type}; '${op}' cannot order it (RFC 7644 §3.4.2.2)`);
  }
  if (SUBSTRING.has(op) && !STRING_TYPES.has(type)) {
    reject(`${subject} is ${type}; '${op}' applies to strings only`);
  }
  if (type === 'complex') {
    reject(`${subject} is complex; filter on one of its sub-attributes, e.g. '${name}.${def.subAttributes?.[0]?.name ?? 'value'}'`);
  }
  const wanted = expectedLiteral(type);
  if (literal.kind !== wanted) reject(`${subject} is ${type}; compare it with a ${wanted} value`);
  if (type === 'dateTime' && !SUBSTRING.has(op) && literal.kind === 'string' && parseDateTime(literal.value) === undefined) {
    reject(`${subject} is dateTime; ${JSON.stringify(literal.value)} is not an xsd:dateTime such as "2024-05-01T12:00:00Z"`);
  }
}

function expectedLiteral(type: AttributeType): Literal['kind'] {
  if (type === 'boolean') return 'boolean';
  if (type === 'integer' || type === 'decimal') return 'number';
  return 'string';
}

/** RFC 7643 §2.3.5 xsd:dateTime, e.g. 2008-01-23T04:56:22Z or 2008-01-23T06:56:22.5+02:00. */
const DATE_TIME =
  /^(-?\d{4,})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|[+-]\d{2}:\d{2})?$/;

/** An instant as whole UTC seconds plus the fraction's digits, or undefined if not a dateTime. */
export interface Instant {
  seconds: number;
  fraction: string;
}

/** Parses an xsd:dateTime; one without a zone is read as UTC. */
export function parseDateTime(text: string): Instant | undefined {
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined;
  date.setUTCHours(hour, minute, second, 0);
  let seconds = date.getTime() / 1000;
  const zone = m[8];
  if (zone !== undefined && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const zh = Number(zone.slice(1, 3));
    const zm = Number(zone.slice(4, 6));
    if (zh > 23 || zm > 59) return undefined;
    seconds -= sign * (zh * 3600 + zm * 60);
  }
  return { seconds, fraction: (m[7] ?? '').replace(/0+$/, '') };
}

function compareInstants(a: Instant, b: Instant): number {
  if (a.seconds !== b.seconds) return a.seconds < b.seconds ? -1 : 1;
  // Fraction digits without trailing zeros order lexicographically.
  if (a.fraction === b.fraction) return 0;
  return a.fraction < b.fraction ? -1 : 1;
}

/**
 * RFC 7644 §5, §7.8: strings are prepared before comparison: NFC, and for caseExact false
 * also width mapping and case folding (string-prep.ts). Two strings are `eq` exactly when their prepared forms are equal.
 */
export function prepare(text: string, caseExact: boolean): string {
  return caseExact ? text.normalize('NFC') : prepareCaseless(text);
}

/** Code-point order, so characters outside the BMP sort after every BMP character. */
function compareCodePoints(a: string, b: string): number {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i]?.codePointAt(0) ?? 0;
    const y = cb[i]?.codePointAt(0) ?? 0;
    if (x !== y) return x < y ? -1 : 1;
  }
  return ca.length === cb.length ? 0 : ca.length < cb.length ? -1 : 1;
}

function fromOrder(op: CompareOp, order: number): boolean {
  switch (op) {
    case 'eq':
      return order === 0;
    case 'gt':
      return order > 0;
    case 'ge':
      return order >= 0;
    case 'lt':
      return order < 0;
    case 'le':
      return order <= 0;
    default:
      return false;
  }
}

/** The type a value is judged by: the schema's, or (outside the schema) the JSON value's own. */
function effectiveType(def: AttributeDef | undefined, value: unknown): AttributeType | undefined {
  if (def !== undefined) return def.type;
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return 'decimal';
  if (typeof value === 'boolean') return 'boolean';
  return undefined;
}

/**
 * Whether one present value satisfies `op literal` (`ne` is handled by the
 * caller as "no value is equal"). Values of the wrong JSON type never match.
 */
export function compareOne(def: AttributeDef | undefined, op: CompareOp, literal: Literal, value: unknown): boolean {
  const type = effectiveType(def, value);
  if (type === undefined || literal.kind === 'null') return false;
  if (type === 'boolean') {
    return op === 'eq' && typeof value === 'boolean' && literal.kind === 'boolean' && value === literal.value;
  }
  if (type === 'integer' || type === 'decimal') {
    if (typeof value !== 'number' || literal.kind !== 'number') return false;
    return fromOrder(op, Math.sign(value - literal.value));
  }
  if (typeof value !== 'string' || literal.kind !== 'string') return false;
  if (type === 'dateTime' && !SUBSTRING.has(op)) {
    const a = parseDateTime(value);
    const b = parseDateTime(literal.value);
    return a !== undefined && b !== undefined && fromOrder(op, compareInstants(a, b));
  }
  // Outside the schema, strings compare as caseExact false (RFC 7643 §2.2 default).
  const caseExact = def?.caseExact ?? false;
  const left = prepare(value, caseExact);
  const right = prepare(literal.value, caseExact);
  switch (op) {
    case 'co':
      return left.includes(right);
    case 'sw':
      return left.startsWith(right);
    case 'ew':
      return left.endsWith(right);
    default:
      return fromOrder(op, compareCodePoints(left, right));
  }
}
