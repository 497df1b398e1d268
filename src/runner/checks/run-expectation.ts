/**
 * Turns one `expect` block into check results: status, headers, body
 * (match / equals / schema / paths) and the SCIM-aware checks.
 */
import { Ajv } from 'ajv';
import type { CheckResult, Expectation, StatusMatcher } from '../types.js';
import { renderText, renderValue, UndefinedVariableError } from '../template.js';
import type { Vars } from '../template.js';
import { deepEqual, getPointer, isUnassigned, jsonTypeOf, partialMismatch } from '../json-match.js';
import { jsonBody, makeCheck, resolveMeta } from './check-context.js';
import type { CheckContext, Outcome, ResolvedMeta } from './check-context.js';
import { runScimCheck } from './scim-checks.js';
import type { ScimCheckEnv } from './scim-checks.js';

let bodyAjv: Ajv | undefined;

export function describeStatus(m: StatusMatcher): string {
  if (m.kind === 'value') return String(m.value);
  if (m.kind === 'set') return m.values.join(' or ');
  return `${m.hundreds}xx`;
}

export function statusMatches(m: StatusMatcher, status: number): boolean {
  if (m.kind === 'value') return status === m.value;
  if (m.kind === 'set') return m.values.includes(status);
  return Math.floor(status / 100) === m.hundreds;
}

/** Render templates in an expected value; an unknown variable skips the check. */
function rendered(value: unknown, vars: Vars): { ok: true; value: unknown } | { ok: false; outcome: Outcome } {
  try {
    return { ok: true, value: renderValue(value, vars) };
  } catch (err) {
    if (err instanceof UndefinedVariableError) {
      return { ok: false, outcome: { status: 'skipped', reason: err.message } };
    }
    throw err;
  }
}

/** A pattern after templates; a template can make it invalid, which skips the check with the reason. */
function patternOf(pattern: string, vars: Vars): RegExp | string {
  try {
    return new RegExp(renderText(pattern, vars));
  } catch (err) {
    return err instanceof UndefinedVariableError ? err.message : `the pattern is not a valid regular expression once filled in: ${(err as Error).message}`;
  }
}

export function runExpectation(
  exp: Expectation,
  ctx: CheckContext,
  vars: Vars,
  fallback: ResolvedMeta,
  env: ScimCheckEnv,
): CheckResult[] {
  const out: CheckResult[] = [];
  const { status, headers } = ctx.response;

  if (exp.status) {
    const meta = resolveMeta(exp.status, exp, fallback);
    const want = describeStatus(exp.status.matcher);
    out.push(
      makeCheck(
        'status',
        `status is ${want}`,
        meta,
        statusMatches(exp.status.matcher, status)
          ? { status: 'passed' }
          : { status: 'failed', expected: want, actual: status, message: `expected status ${want}, got ${status}` },
      ),
    );
  }

  for (const h of exp.headers) {
    const meta = resolveMeta(h, exp, fallback);
    const actual = headers[h.name.toLowerCase()];
    let outcome: Outcome = { status: 'passed' };
    if (h.present === false) {
      if (actual !== undefined) {
        outcome = { status: 'failed', expected: 'absent', actual, message: `header ${h.name} must be absent` };
      }
    } else if (actual === undefined && (h.present === true || h.equals !== undefined || h.pattern !== undefined)) {
      outcome = { status: 'failed', expected: 'present', actual: undefined, message: `header ${h.name} is missing` };
    } else if (actual !== undefined && h.equals !== undefined) {
      const want = rendered(h.equals, vars);
      if (!want.ok) outcome = want.outcome;
      else if (actual !== want.value) {
        outcome = { status: 'failed', expected: want.value, actual, message: `header ${h.name} is \`${actual}\`` };
      }
    }
    if (outcome.status === 'passed' && actual !== undefined && h.pattern !== undefined && !new RegExp(h.pattern).test(actual)) {
      outcome = { status: 'failed', expected: `/${h.pattern}/`, actual, message: `header ${h.name} \`${actual}\` does not match /${h.pattern}/` };
    }
    out.push(makeCheck(`header.${h.name}`, `header ${h.name}`, meta, outcome));
  }

  if (exp.body) {
    const meta = resolveMeta(exp.body, exp, fallback);
    const body = jsonBody(ctx);
    if (exp.body.hasMatch) {
      const want = rendered(exp.body.match, vars);
      let outcome: Outcome;
      if (!body.ok) outcome = body.outcome;
      else if (!want.ok) outcome = want.outcome;
      else {
        const miss = partialMismatch(want.value, body.value);
        outcome =
          miss === undefined
            ? { status: 'passed' }
            : {
                status: 'failed',
                expected: want.value,
                actual: body.value,
                message: `the body does not match at ${miss}`,
              };
      }
      out.push(makeCheck('body.match', 'body matches', meta, outcome));
    }
    if (exp.body.hasEquals) {
      const want = rendered(exp.body.equals, vars);
      let outcome: Outcome;
      if (!body.ok) outcome = body.outcome;
      else if (!want.ok) outcome = want.outcome;
      else
        outcome = deepEqual(want.value, body.value)
          ? { status: 'passed' }
          : { status: 'failed', expected: want.value, actual: body.value, message: 'the body differs' };
      out.push(makeCheck('body.equals', 'body equals', meta, outcome));
    }
    if (exp.body.schema) {
      let outcome: Outcome;
      const schema = rendered(exp.body.schema, vars);
      if (!body.ok) outcome = body.outcome;
      else if (!schema.ok) outcome = schema.outcome;
      else {
        bodyAjv ??= new Ajv({ allErrors: true, strict: false });
        const validate = bodyAjv.compile(schema.value as object);
        outcome = validate(body.value)
          ? { status: 'passed' }
          : {
              status: 'failed',
              expected: 'the body to satisfy the JSON Schema',
              actual: (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`.trim()),
              message: `the body fails its JSON Schema: ${(validate.errors ?? [])
                .slice(0, 3)
                .map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`)
                .join('; ')}`,
            };
      }
      out.push(makeCheck('body.schema', 'body satisfies its JSON Schema', meta, outcome));
    }
  }

  exp.paths.forEach((p) => {
    const meta = resolveMeta(p, exp.body ?? {}, resolveMeta(exp, {}, fallback));
    const body = jsonBody(ctx);
    let outcome: Outcome = { status: 'passed' };
    if (!body.ok) outcome = body.outcome;
    else {
      const hit = getPointer(body.value, p.pointer);
      const v = hit.value;
      // RFC 7643 §2.5: absent, null and [] are one state; a check for any of them accepts all three.
      const assigned = hit.found && !isUnassigned(v);
      const wantsUnassigned = (p.equals !== undefined && isUnassigned(p.equals)) || p.length === 0;
      if (p.present === false) {
        if (assigned) outcome = { status: 'failed', expected: 'absent (or null, or [])', actual: v, message: `${p.pointer} must be absent` };
      } else if (wantsUnassigned && !assigned) {
        outcome = { status: 'passed' };
      } else if (!hit.found || (p.present === true && !assigned)) {
        outcome = { status: 'failed', expected: 'present', actual: v, message: `${p.pointer} is ${hit.found ? `${JSON.stringify(v)} (unassigned)` : 'missing'}` };
      } else if (p.type !== undefined && !(jsonTypeOf(v) === p.type || (p.type === 'number' && jsonTypeOf(v) === 'integer'))) {
        outcome = { status: 'failed', expected: p.type, actual: v, message: `${p.pointer} must be ${p.type}, got ${jsonTypeOf(v)}` };
      } else if (p.equals !== undefined) {
        const want = rendered(p.equals, vars);
        if (!want.ok) outcome = want.outcome;
        else if (!deepEqual(want.value, v)) {
          outcome = { status: 'failed', expected: want.value, actual: v, message: `${p.pointer} is ${JSON.stringify(v)}` };
        }
      }
      if (outcome.status === 'passed' && hit.found && p.match !== undefined && !(wantsUnassigned && !assigned)) {
        const want = rendered(p.match, vars);
        if (!want.ok) outcome = want.outcome;
        else {
          const miss = partialMismatch(want.value, v);
          if (miss !== undefined) outcome = { status: 'failed', expected: want.value, actual: v, message: `${p.pointer} does not match at ${miss}` };
        }
      }
      if (outcome.status === 'passed' && assigned && p.pattern !== undefined) {
        const text = typeof v === 'string' ? v : JSON.stringify(v);
        const re = patternOf(p.pattern, vars);
        if (typeof re === 'string') outcome = { status: 'skipped', reason: re };
        else if (!re.test(text)) {
          outcome = { status: 'failed', expected: `/${re.source}/`, actual: v, message: `${p.pointer} does not match /${re.source}/` };
        }
      }
      if (outcome.status === 'passed' && hit.found && p.length !== undefined && !(wantsUnassigned && !assigned)) {
        const len = Array.isArray(v) || typeof v === 'string' ? v.length : undefined;
        if (len !== p.length) {
          outcome = { status: 'failed', expected: p.length, actual: len ?? v, message: `${p.pointer} has length ${String(len)}, expected ${p.length}` };
        }
      }
    }
    out.push(makeCheck(`body.path${p.pointer}`, `body at ${p.pointer}`, meta, outcome));
  });

  for (const spec of exp.scim) {
    out.push(...runScimCheck(spec, ctx, env, resolveMeta({}, exp, fallback), exp));
  }
  return out;
}

