/**
 * `{{name}}` templates in requests and expectations. A string that is exactly
 * one template keeps the value's JSON type; unknown names are reported, not sent.
 */

import { ScimctlError } from '../core/errors.js';

export type Vars = Record<string, unknown>;

export class UndefinedVariableError extends ScimctlError {
  override readonly name = 'UndefinedVariableError';
  constructor(readonly variable: string) {
    super('TEMPLATE_UNDEFINED', `unknown template variable \`${variable}\``);
  }
}

const TEMPLATE = /\{\{\s*([^}|]+?)\s*(?:\|\s*(upper|lower|urlencode)\s*)?\}\}/g;
const WHOLE = /^\{\{\s*([^}|]+?)\s*(?:\|\s*(upper|lower|urlencode)\s*)?\}\}$/;

function lookup(vars: Vars, path: string): unknown {
  if (Object.prototype.hasOwnProperty.call(vars, path)) return vars[path];
  // `groups.0.id`, `ids.U-A`: dotted lookup; the first segment may itself contain no dot.
  const [head, ...rest] = path.split('.');
  let value: unknown = head !== undefined ? vars[head] : undefined;
  for (let i = 0; i < rest.length && value !== undefined; i++) {
    const key = rest.slice(i).join('.');
    // Keys such as recorded ids may contain dots: try the longest remaining key first.
    if (value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)) {
      return (value as Record<string, unknown>)[key];
    }
    value = value && typeof value === 'object' ? (value as Record<string, unknown>)[rest[i] as string] : undefined;
  }
  if (value === undefined) throw new UndefinedVariableError(path);
  return value;
}

function applyFilter(value: unknown, filter: string | undefined): unknown {
  if (!filter) return value;
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  if (filter === 'upper') return s.toUpperCase();
  if (filter === 'lower') return s.toLowerCase();
  return encodeURIComponent(s);
}

export function renderString(text: string, vars: Vars): unknown {
  const whole = WHOLE.exec(text);
  if (whole) return applyFilter(lookup(vars, whole[1] as string), whole[2]);
  return text.replace(TEMPLATE, (_m, name: string, filter: string | undefined) => {
    const v = applyFilter(lookup(vars, name), filter);
    return typeof v === 'string' ? v : JSON.stringify(v);
  });
}

/** Render every string inside a JSON value (keys too). */
export function renderValue(value: unknown, vars: Vars): unknown {
  if (typeof value === 'string') return renderString(value, vars);
  if (Array.isArray(value)) return value.map((v) => renderValue(v, vars));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[String(renderString(k, vars))] = renderValue(v, vars);
    return out;
  }
  return value;
}

/** Render to text always (paths, headers, queries). */
export function renderText(text: string, vars: Vars): string {
  const v = renderString(text, vars);
  return typeof v === 'string' ? v : JSON.stringify(v);
}
