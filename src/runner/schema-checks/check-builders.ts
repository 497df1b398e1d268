/**
 * Small builders for generated scenarios: request steps, expectations, and
 * the requirement each check cites, graded from the checklist (DEF counts as
 * MUST, DERIVED as SHOULD). Generated checks block no IdP.
 */
import { checklistItem } from '../coverage/load-checklist.js';
import { parseRequirement } from '../load/parse-requirement.js';
import type { Capability, CheckMeta, Expectation, PathExpectation, RequestStep, Requirement, Severity } from '../types.js';

const GRADE: Record<string, Severity> = { MUST: 'MUST', DEF: 'MUST', SHOULD: 'SHOULD', DERIVED: 'SHOULD', MAY: 'MAY' };

/** The meta of a check citing a checklist ID; `because` says which declaration it honours. */
export function cite(id: string, because?: string): CheckMeta {
  const requirement = parseRequirement(id) as Requirement;
  const severity = GRADE[checklistItem(id)?.bucket ?? 'MUST'] ?? 'MUST';
  return { requirement, severity, ...(because ? { because } : {}) };
}

export interface ExpectSpec {
  status?: { value: number | number[]; meta: CheckMeta };
  paths?: PathExpectation[];
  schema?: { schema: object; meta: CheckMeta };
}

export function expectation(spec: ExpectSpec): Expectation {
  const exp: Expectation = { headers: [], paths: spec.paths ?? [], scim: [] };
  if (spec.status) {
    const v = spec.status.value;
    exp.status = { ...spec.status.meta, matcher: Array.isArray(v) ? { kind: 'set', values: v } : { kind: 'value', value: v } };
  }
  if (spec.schema) exp.body = { ...spec.schema.meta, hasMatch: false, hasEquals: false, schema: spec.schema.schema };
  return exp;
}

export interface StepSpec {
  name: string;
  method: string;
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  capture?: Record<string, { pointer?: string; header?: string }>;
  requires?: Capability[];
  expect: ExpectSpec;
}

export function requestStep(spec: StepSpec): RequestStep {
  return {
    kind: 'request',
    name: spec.name,
    requires: spec.requires ?? [],
    request: {
      method: spec.method,
      path: spec.path,
      ...(spec.query ? { query: spec.query } : {}),
      headers: {},
      ...(spec.body !== undefined ? { body: spec.body } : {}),
      hasBody: spec.body !== undefined,
      auth: 'default',
    },
    capture: spec.capture ?? {},
    expect: expectation(spec.expect),
  };
}

/** A JSON Pointer segment (RFC 6901). */
export const esc = (s: string): string => s.replace(/~/g, '~0').replace(/\//g, '~1');
