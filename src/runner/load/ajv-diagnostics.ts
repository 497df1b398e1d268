/**
 * The one place ajv errors become Diagnostics: instancePath → pointer → YAML
 * node → span, and a message that starts with the location in words
 * ("step 3 › expect.status: must be integer"), with "did you mean" hints.
 */
import type { ErrorObject } from 'ajv';
import type { Diagnostic, ScimctlErrorCode } from '../../core/errors.js';
import type { YamlSource } from './yaml-source.js';

export function convertAjvErrors(errors: readonly ErrorObject[], source: YamlSource, code: ScimctlErrorCode): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const err of selectErrors(errors)) {
    const pointer = splitPointer(err.instancePath);
    const { message, hint, keyPointer } = describe(err, errors);
    const where = keyPointer ?? pointer;
    const text = `${locationInWords(where)}: ${message}`;
    if (seen.has(text)) continue;
    seen.add(text);
    const diag: Diagnostic = { code, severity: 'error', message: text, pointer: where };
    if (hint) diag.hint = hint;
    const span = source.spanOf(where, { key: keyPointer !== undefined });
    if (span) diag.span = span;
    out.push(diag);
  }
  return out.sort((a, b) => (a.span?.start.line ?? 0) - (b.span?.start.line ?? 0));
}

export function splitPointer(instancePath: string): string[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `['steps','2','expect','status']` → `step 3 › expect.status`. */
export function locationInWords(pointer: readonly string[]): string {
  const parts = [...pointer];
  let head = '';
  const first = parts[0];
  if ((first === 'steps' || first === 'setup' || first === 'teardown' || first === 'exchanges') && /^\d+$/.test(parts[1] ?? '')) {
    const n = Number(parts[1]) + 1;
    head = first === 'steps' ? `step ${n}` : first === 'exchanges' ? `exchange ${n}` : `${first} step ${n}`;
    parts.splice(0, 2);
  }
  let tail = '';
  for (const p of parts) {
    if (/^\d+$/.test(p)) tail += `[${p}]`;
    else tail += tail === '' ? p : `.${p}`;
  }
  if (head && tail) return `${head} › ${tail}`;
  return head || tail || 'document';
}

/**
 * Drop `if` noise and the branches of a oneOf that did not apply. Errors are
 * grouped by instance path (schema paths through `$ref` do not nest): when a
 * value failed deeper inside one branch, those deeper errors are the news;
 * otherwise one message lists the allowed forms.
 */
function selectErrors(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const oneOfPaths = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  for (const path of oneOfPaths) {
    const same = errors.filter((e) => e.instancePath === path && e.keyword !== 'additionalProperties' && e.keyword !== 'required');
    const deeper = errors.filter((e) => e.instancePath.startsWith(`${path}/`));
    if (deeper.length > 0) {
      for (const e of same) dropped.add(e);
    } else {
      // Keep the first oneOf only; describe() lists every form found at this path.
      const keep = same.find((e) => e.keyword === 'oneOf');
      for (const e of same) if (e !== keep) dropped.add(e);
    }
  }
  return errors.filter((e) => e.keyword !== 'if' && !dropped.has(e));
}

function describe(
  err: ErrorObject,
  all: readonly ErrorObject[],
): { message: string; hint?: string; keyPointer?: string[] } {
  const params = err.params as Record<string, unknown>;
  switch (err.keyword) {
    case 'additionalProperty':
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((err.parentSchema as { properties?: object } | undefined)?.properties ?? {}).filter(
        (k) => k !== '$schema',
      );
      const guess = didYouMean(key, allowed);
      const result: { message: string; hint?: string; keyPointer: string[] } = {
        message: `unknown field \`${key}\``,
        keyPointer: [...splitPointer(err.instancePath), key],
      };
      result.hint = guess ? `did you mean \`${guess}\`?` : `allowed fields: ${allowed.join(', ')}`;
      return result;
    }
    case 'required':
      return { message: `missing required field \`${String(params['missingProperty'])}\`` };
    case 'enum': {
      const allowed = (params['allowedValues'] as unknown[]).map((v) => String(v));
      const guess = typeof err.data === 'string' ? didYouMean(err.data, allowed) : undefined;
      const result: { message: string; hint?: string } = {
        message: `must be one of ${allowed.map((v) => `\`${v}\``).join(', ')}, not \`${String(err.data)}\``,
      };
      if (guess) result.hint = `did you mean \`${guess}\`?`;
      return result;
    }
    case 'const': {
      const allowed = String(params['allowedValue']);
      const result: { message: string; hint?: string } = { message: `must be \`${allowed}\`, not \`${String(err.data)}\`` };
      if (typeof err.data === 'string' && didYouMean(err.data, [allowed])) result.hint = `did you mean \`${allowed}\`?`;
      return result;
    }
    case 'type':
      return { message: `must be ${String(params['type'])}, not ${jsonType(err.data)}` };
    case 'pattern':
      return { message: `\`${String(err.data)}\` does not match the expected form ${String(params['pattern'])}` };
    case 'not':
      return { message: 'set `body` or `bodyText`, not both' };
    case 'oneOf': {
      const forms = all
        .filter((e) => e.instancePath === err.instancePath)
        .map((e) => (e.keyword === 'type' ? String((e.params as { type: string }).type) : e.keyword === 'pattern' ? `a string matching ${String((e.params as { pattern: string }).pattern)}` : undefined))
        .filter((s): s is string => s !== undefined);
      const uniq = [...new Set(forms)];
      return {
        message: uniq.length > 0 ? `must be ${listOr(uniq)}, not \`${short(err.data)}\`` : 'does not match any allowed form',
      };
    }
    case 'minItems':
      return { message: `must have at least ${String(params['limit'])} item(s)` };
    case 'minLength':
      return { message: 'must not be empty' };
    case 'minimum':
    case 'maximum':
      return { message: `${err.message ?? 'out of range'}, not ${String(err.data)}` };
    case 'propertyNames':
      return { message: `has an invalid name \`${String(params['propertyName'])}\`` };
    default:
      return { message: err.message ?? `fails ${err.keyword}` };
  }
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  if (typeof value === 'string') return `string \`${value}\``;
  return typeof value;
}

function short(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** The closest candidate within edit distance 2 (house style §7). */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0] as number;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j] as number;
      prev[j] = Math.min((prev[j] as number) + 1, (prev[j - 1] as number) + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length] as number;
}
