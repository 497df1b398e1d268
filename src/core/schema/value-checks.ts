/**
 * Checks for single simple values by SCIM data type (RFC 7643 §2.3). Each
 * returns the value to store, or what was expected; none of them echoes the
 * value itself, so a password can never leak into an error message.
 */
import type { AttributeDef } from './types.js';

export type SimpleCheck = { ok: true; value: unknown } | { ok: false; expected: string };

// xsd:dateTime (RFC 7643 §2.3.5): date and time are both required; the zone is optional.
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))?$/;

/** True for a valid xsd:dateTime with both date and time (RFC 7643 §2.3.5). */
export function isDateTime(value: string): boolean {
  const m = DATE_TIME.exec(value);
  if (!m) return false;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1) return false;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day > daysInMonth) return false;
  // xsd allows 24:00:00 as the end of a day, nothing later.
  if (hour > 24 || minute > 59 || second > 59) return false;
  if (hour === 24 && (minute !== 0 || second !== 0 || (m[7] !== undefined && /[1-9]/.test(m[7])))) return false;
  if (m[9] !== undefined && (Number(m[9]) > 14 || Number(m[10]) > 59)) return false;
  return true;
}

/**
 * The instant a dateTime names, in milliseconds, or undefined if it is not one.
 * A value without a zone is read as UTC so results never depend on the host's zone.
 */
export function dateTimeInstant(value: string): number | undefined {
  if (!isDateTime(value)) return undefined;
  const m = DATE_TIME.exec(value);
  if (!m) return undefined;
  const fraction = m[7] ? m[7].slice(0, 4).padEnd(4, '0') : '';
  const zone = m[8] ?? 'Z';
  const ms = Date.parse(`${value.slice(0, 19)}${fraction}${zone}`);
  return Number.isNaN(ms) ? undefined : ms;
}

// RFC 4648 §4 alphabet; RFC 7643 §2.3.6 makes the trailing padding optional.
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** True for base64 text (RFC 4648 §4), with or without trailing `=` padding. */
export function isBase64(value: string): boolean {
  if (!BASE64.test(value)) return false;
  const body = value.replace(/=+$/, '');
  const padded = value.length !== body.length;
  if (padded) return value.length % 4 === 0;
  return body.length % 4 !== 1;
}

// RFC 3986 URI-reference: no whitespace or control characters, and a well-formed scheme if any.
const URI_CHARS = /^[^\s\u0000-\u001f\u007f<>"{}|\\^`]*$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** True for an absolute or relative URI (RFC 7643 §2.3.7). */
export function isReference(value: string): boolean {
  if (!URI_CHARS.test(value)) return false;
  const colon = value.indexOf(':');
  const slash = value.indexOf('/');
  // A colon before any slash must end a scheme (`urn:`, `https:`); otherwise it is a path segment.
  if (colon > -1 && (slash === -1 || colon < slash)) return SCHEME.test(value);
  return true;
}

const BOOLEAN_STRINGS: Record<string, boolean> = { true: true, false: false };

/**
 * Checks one simple value against its attribute's type. With `stringBooleans`
 * (tolerance 'string-booleans'), "True"/"False" in any case become booleans.
 */
export function checkSimpleValue(def: AttributeDef, value: unknown, stringBooleans: boolean): SimpleCheck {
  switch (def.type) {
    case 'string':
      return typeof value === 'string' ? { ok: true, value } : { ok: false, expected: 'a string' };
    case 'boolean': {
      // RFC 7643 §2.3.2: the JSON literals true and false.
      if (typeof value === 'boolean') return { ok: true, value };
      if (stringBooleans && typeof value === 'string') {
        const b = BOOLEAN_STRINGS[value.toLowerCase()];
        if (b !== undefined) return { ok: true, value: b };
      }
      return { ok: false, expected: 'a boolean (true or false)' };
    }
    case 'decimal':
      // RFC 7643 §2.3.3: a JSON number.
      return typeof value === 'number' && Number.isFinite(value)
        ? { ok: true, value }
        : { ok: false, expected: 'a decimal number' };
    case 'integer':
      // RFC 7643 §2.3.4: no fractional part.
      return Number.isSafeInteger(value) ? { ok: true, value } : { ok: false, expected: 'an integer' };
    case 'dateTime':
      return typeof value === 'string' && isDateTime(value)
        ? { ok: true, value }
        : { ok: false, expected: 'an xsd:dateTime string such as 2015-01-23T04:56:22Z' };
    case 'binary':
      return typeof value === 'string' && isBase64(value)
        ? { ok: true, value }
        : { ok: false, expected: 'base64-encoded binary (RFC 4648 §4)' };
    case 'reference':
      return typeof value === 'string' && isReference(value)
        ? { ok: true, value }
        : { ok: false, expected: 'a URI reference' };
    case 'complex':
      return { ok: false, expected: 'an object' };
  }
}

/** A short description of a JSON value's kind for error messages (never the value). */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return 'a string';
    case 'number':
      return Number.isInteger(value) ? 'an integer' : 'a number';
    case 'boolean':
      return 'a boolean';
    case 'object':
      return 'an object';
    default:
      return typeof value;
  }
}
