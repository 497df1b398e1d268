/**
 * One generated scenario per declared attribute (RFC 7643 §2.2, §7; checklist
 * area 23 and S-7-15): create with a value generated from the declaration,
 * read it back, then one step per characteristic (type, returned, uniqueness,
 * caseExact, canonicalValues, referenceTypes, mutability, required). Each step
 * name says the characteristic it exercises. Everything it creates is run-scoped
 * and cleaned up by the runner.
 */
import type { AttributeDef } from '../../core/schema/types.js';
import type { Capability, CheckMeta, PathExpectation, RequestStep, Scenario } from '../types.js';
import { cite, esc, requestStep } from './check-builders.js';
import type { DeclaredSchema, DeclaredType, Declarations, ScopedAttribute } from './declared-schemas.js';
import { referencedTypes, referenceValue, refVar, returnedMatcher, simpleValue, valueFor, withRun } from './generated-values.js';

const lower = (s: string) => s.toLowerCase();

const TYPE_RULE: Record<string, string> = {
  string: 'S-7-15',
  boolean: 'S-2.3.2-01',
  decimal: 'S-2.3.3-01',
  integer: 'S-2.3.4-01',
  dateTime: 'S-2.3.5-01',
  binary: 'S-2.3.6-01',
  reference: 'S-2.3.7-01',
  complex: 'P-3.3-13',
};

const JSON_TYPE: Record<string, PathExpectation['type']> = {
  string: 'string',
  dateTime: 'string',
  binary: 'string',
  reference: 'string',
  boolean: 'boolean',
  integer: 'integer',
  decimal: 'number',
  complex: 'object',
};

/** A value of the wrong type for `def` (RFC 7643 §2.3), and the rule refusing it cites. */
function wrongValue(def: AttributeDef): { value: unknown; rule: string; what: string } {
  if (def.multiValued) return { value: valueFor({ ...def, multiValued: false }, 'wrong', 0), rule: 'P-3.3-13', what: 'a single value for a multi-valued attribute' };
  switch (def.type) {
    case 'boolean':
      return { value: 'maybe', rule: 'S-2.3.2-01', what: 'the string "maybe" for a boolean' };
    case 'integer':
      return { value: 1.5, rule: 'S-2.3.4-01', what: '1.5 for an integer' };
    case 'decimal':
      return { value: 'four', rule: 'S-2.3.3-01', what: 'a string for a decimal' };
    case 'dateTime':
      return { value: '2026-03-01', rule: 'S-2.3.5-01', what: 'a date without a time for a dateTime' };
    case 'binary':
      return { value: '***', rule: 'S-2.3.6-01', what: '"***" (not base64) for a binary' };
    case 'reference':
      return { value: 'not a uri', rule: 'S-2.3.7-01', what: '"not a uri" for a reference' };
    case 'complex':
      return { value: 'text', rule: 'P-3.3-13', what: 'a string for a complex attribute' };
    default:
      return { value: 12345, rule: 'P-3.3-13', what: 'a number for a string' };
  }
}

export interface AttributeScenarioEnv {
  decl: Declarations;
  runId: string;
}

interface Scope {
  a: ScopedAttribute;
  def: AttributeDef;
  type: DeclaredType;
  env: AttributeScenarioEnv;
  tag: string;
  /** Where the value sits in a resource (`/urn:…:User/badge`) and how filters and `attributes` name it. */
  pointer: string;
  path: string;
  label: string;
  core: DeclaredSchema | undefined;
  /** The attribute that keeps the run's resources apart (userName, displayName): required, string, writable. */
  key: AttributeDef | undefined;
}

const writable = (d: AttributeDef) => d.mutability !== 'readOnly';

function keyAttribute(core: DeclaredSchema | undefined): AttributeDef | undefined {
  return core?.def.attributes.find((d) => d.required && d.type === 'string' && !d.multiValued && writable(d) && !d.canonicalValues);
}

/** Required values of one container (core or extension), except `skip`. */
function requiredValues(defs: readonly AttributeDef[], tag: string, variant: number, skip?: AttributeDef): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const d of defs) if (d.required && writable(d) && d !== skip) out[d.name] = valueFor(d, `${tag}-${d.name}`, variant);
  return out;
}

/** A valid resource of the type, unique by `variant`, with the attribute set to `value` (or left out when undefined). */
function body(s: Scope, variant: number, value: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = { schemas: [s.type.schema] };
  Object.assign(out, requiredValues(s.core?.def.attributes ?? [], s.tag, variant, s.a.extension ? undefined : s.def));
  for (const ext of s.type.extensions) {
    const schema = s.env.decl.schemas.get(lower(ext.schema));
    const holds = s.a.extension && lower(ext.schema) === lower(s.a.schema.def.id);
    if (!schema || (!ext.required && !holds)) continue;
    const container = requiredValues(schema.def.attributes, s.tag, variant, holds ? s.def : undefined);
    if (holds && value !== undefined) container[s.def.name] = value;
    if (holds && value === undefined) {
      // RFC 7643 §3.3: an optional extension's required attributes bind only when the extension is present,
      // so the resource carries the extension with another attribute and without this one.
      const other = schema.def.attributes.find((x) => x !== s.def && writable(x) && x.type !== 'complex' && x.uniqueness === 'none' && x.mutability === 'readWrite');
      if (other) container[other.name] = valueFor(other, `${s.tag}-${other.name}`, variant);
    }
    if (Object.keys(container).length === 0 && !ext.required && !(holds && value === undefined)) continue;
    out[schema.def.id] = container;
    (out.schemas as string[]).push(schema.def.id);
  }
  if (!s.a.extension && value !== undefined) out[s.def.name] = value;
  return withRun(out, s.env.runId);
}

const keyValue = (s: Scope, variant: number): string | undefined =>
  s.key ? withRun(simpleValue(s.key, `${s.tag}-${s.key.name}`, variant) as string, s.env.runId) : undefined;

/** Checks that the returned value is `sent`: its JSON type (the type rule), then the value itself. */
function returnedAs(s: Scope, sent: unknown, because: string): PathExpectation[] {
  const out: PathExpectation[] = [];
  const d = s.def;
  let base = s.pointer;
  if (d.multiValued) {
    out.push({ pointer: base, type: 'array', ...cite('P-3.3-13', because) });
    base = `${base}/0`;
    sent = (sent as unknown[])[0];
  }
  const roundTrip = roundTripRule(d);
  if (d.type === 'complex') {
    out.push({ pointer: base, type: 'object', ...cite('P-3.3-13', because) });
    for (const [name, v] of Object.entries(sent as Record<string, unknown>)) {
      const sub = d.subAttributes?.find((x) => x.name === name);
      if (!sub || sub.returned === 'never' || sub.returned === 'request' || sub.mutability === 'writeOnly') continue;
      const rule = roundTripRule(sub);
      out.push({ pointer: `${base}/${esc(name)}`, type: JSON_TYPE[sub.type], ...cite(TYPE_RULE[sub.type] ?? 'S-7-15', because) });
      out.push({ pointer: `${base}/${esc(name)}`, ...returnedMatcher(sub, v), ...cite(rule, because) });
    }
    return out;
  }
  out.push({ pointer: base, type: JSON_TYPE[d.type], ...cite(TYPE_RULE[d.type] ?? 'S-7-15', because) });
  out.push({ pointer: base, ...returnedMatcher(d, sent), ...cite(roundTrip, because) });
  return out;
}

/** The rule a returned value equal to the sent one honours: the type's own, caseExact (S-7-17), or readWrite (S-7-22). */
function roundTripRule(d: AttributeDef): string {
  if (d.type === 'reference') return 'S-2.3.7-04';
  if (d.type === 'string') return d.caseExact ? 'S-7-17' : 'S-7-22';
  return TYPE_RULE[d.type] ?? 'S-7-22';
}

const absent = (s: Scope, rule: string, because: string): PathExpectation => ({ pointer: s.pointer, present: false, ...cite(rule, because) });

/** A JSON Schema that holds when the value at the attribute's place is absent or differs from `v`. */
function notValue(s: Scope, v: unknown): object {
  const [first, second] = s.a.extension ? [s.a.schema.def.id, s.def.name] : [s.def.name, undefined];
  const inner = { not: { const: v } };
  return second === undefined
    ? { type: 'object', properties: { [first]: inner } }
    : { type: 'object', properties: { [first]: { type: 'object', properties: { [second]: inner } } } };
}

function filterQuoted(v: string): string {
  return `"${v.replace(/["\\]/g, '\\$&')}"`;
}

/** The generated scenario for one attribute, or undefined when the type cannot be created from its declaration. */
export function attributeScenario(a: ScopedAttribute, index: number, env: AttributeScenarioEnv): Scenario | undefined {
  const core = env.decl.schemas.get(lower(a.type.schema));
  const d = a.def;
  const s: Scope = {
    a,
    def: d,
    type: a.type,
    env,
    tag: `a${index}`,
    pointer: a.extension ? `/${esc(a.schema.def.id)}/${esc(d.name)}` : `/${esc(d.name)}`,
    path: a.extension ? `${a.schema.def.id}:${d.name}` : d.name,
    label: a.extension ? `${a.schema.def.id}:${d.name}` : `${a.type.name}.${d.name}`,
    core,
    key: keyAttribute(core),
  };
  if (!s.key) return undefined;
  const E = a.type.endpoint;
  const decl = `${d.type}${d.multiValued ? '[]' : ''}, ${d.mutability}, returned ${d.returned}, uniqueness ${d.uniqueness}, caseExact ${d.caseExact}${d.required ? ', required' : ''}`;
  const because = `${s.label} is declared ${decl}`;
  const steps: RequestStep[] = [];
  const setup: RequestStep[] = [];
  const resource = `${E}/{{id}}`;
  const v1 = withRun(valueFor(d, s.tag, 0), env.runId);
  const v2 = withRun(valueFor(d, s.tag, 1), env.runId);
  const shown = writable(d) && d.mutability !== 'writeOnly' && (d.returned === 'always' || d.returned === 'default');
  const hiddenRule = d.mutability === 'writeOnly' ? 'S-7-21' : d.returned === 'never' ? 'S-7-02' : 'S-7-04';
  const hidden = d.mutability === 'writeOnly' || d.returned === 'never' || d.returned === 'request';

  // References to SCIM resources point at one made for the purpose (RFC 7643 §2.3.7).
  for (const kind of referencedTypes(d)) {
    const target = env.decl.types.find((t) => lower(t.name) === lower(kind));
    if (!target) continue;
    const other = attributeScopeFor(s, target);
    setup.push(
      requestStep({
        name: `create a ${target.name} for ${s.label} to refer to`,
        method: 'POST',
        path: target.endpoint,
        body: other,
        capture: { [refVar(kind)]: { header: 'Location' } },
        expect: { status: { value: 201, meta: cite('P-3.3-06', because) } },
      }),
    );
  }

  // 1. create (type) — or, for readOnly, a value sent is ignored.
  if (writable(d)) {
    steps.push(
      requestStep({
        name: `${s.label} · type ${d.type}${d.multiValued ? ' (multi-valued)' : ''}: create with a generated value`,
        method: 'POST',
        path: E,
        body: body(s, 0, v1),
        capture: { id: { pointer: '/id' } },
        expect: { status: { value: 201, meta: cite('P-3.3-06', because) }, paths: shown ? returnedAs(s, v1, because) : hidden ? [absent(s, hiddenRule, because)] : [] },
      }),
    );
  } else {
    steps.push(
      requestStep({
        name: `${s.label} · mutability readOnly: a value sent on create is ignored`,
        method: 'POST',
        path: E,
        body: body(s, 0, v1),
        capture: { id: { pointer: '/id' } },
        expect: { status: { value: 201, meta: cite('P-3.3-06', because) }, schema: { schema: notValue(s, v1), meta: cite('S-7-19', because) } },
      }),
    );
  }

  // 2. read back (returned).
  steps.push(
    requestStep({
      name: `${s.label} · returned ${d.returned}: read back`,
      method: 'GET',
      path: resource,
      expect: {
        status: { value: 200, meta: cite('P-3.4.1-01', because) },
        paths: shown ? returnedAs(s, v1, because) : hidden ? [absent(s, hiddenRule, because)] : [],
        ...(writable(d) ? {} : { schema: { schema: notValue(s, v1), meta: cite('S-7-19', because) } }),
      },
    }),
  );

  // 3. returned, with attributes / excludedAttributes (RFC 7644 §3.4.2.5).
  const keyPath = s.key.name;
  if (shown && d.returned === 'always') {
    steps.push(requestStep({ name: `${s.label} · returned always: still returned when excluded`, method: 'GET', path: resource, query: { excludedAttributes: s.path }, expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: [{ pointer: s.pointer, present: true, ...cite('P-3.4.2.5-03', because) }] } }));
    steps.push(requestStep({ name: `${s.label} · returned always: returned when other attributes are asked for`, method: 'GET', path: resource, query: { attributes: keyPath }, expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: [{ pointer: s.pointer, present: true, ...cite('S-7-01', because) }] } }));
  }
  if (shown && d.returned === 'default') {
    steps.push(requestStep({ name: `${s.label} · returned default: left out when other attributes are asked for`, method: 'GET', path: resource, query: { attributes: keyPath }, expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: [absent(s, 'S-7-03', because)] } }));
    steps.push(requestStep({ name: `${s.label} · returned default: left out when excluded`, method: 'GET', path: resource, query: { excludedAttributes: s.path }, expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: [absent(s, 'P-3.9-06', because)] } }));
  }
  if (writable(d) && d.returned === 'request' && d.mutability !== 'writeOnly') {
    steps.push(requestStep({ name: `${s.label} · returned request: returned when asked for`, method: 'GET', path: resource, query: { attributes: s.path }, expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: returnedAs(s, v1, because).map((p) => ({ ...p, ...cite('S-7-04', because) })) } }));
  }
  if (d.returned === 'never' || d.mutability === 'writeOnly') {
    steps.push(requestStep({ name: `${s.label} · ${d.mutability === 'writeOnly' ? 'mutability writeOnly' : 'returned never'}: not returned even when asked for`, method: 'GET', path: resource, query: { attributes: s.path }, expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: [absent(s, hiddenRule, because)] } }));
  }

  // 4. uniqueness (RFC 7643 §7; RFC 7644 §3.3 409), and caseExact in it.
  const simple = d.type !== 'complex' && d.type !== 'boolean' && d.type !== 'binary';
  if (writable(d) && simple && d.uniqueness !== 'none') {
    const conflict = (p: PathExpectation[] = []) => ({ status: { value: 409, meta: cite('S-7-24', because) }, paths: [{ pointer: '/scimType', equals: 'uniqueness', ...cite('P-3.3-09', because) }, ...p] });
    steps.push(requestStep({ name: `${s.label} · uniqueness ${d.uniqueness}: a second resource with the same value is refused`, method: 'POST', path: E, body: body(s, 1, v1), expect: conflict() }));
    const text = typeof (d.multiValued ? (v1 as unknown[])[0] : v1) === 'string' ? String(d.multiValued ? (v1 as unknown[])[0] : v1) : undefined;
    if (d.type === 'string' && !d.canonicalValues && text && text !== text.toUpperCase()) {
      const upper = d.multiValued ? [text.toUpperCase()] : text.toUpperCase();
      steps.push(
        d.caseExact
          ? requestStep({ name: `${s.label} · caseExact true: a value differing only in case is another value`, method: 'POST', path: E, body: body(s, 2, upper), expect: { status: { value: 201, meta: cite('S-7-17', because) } } })
          : requestStep({ name: `${s.label} · caseExact false: a value differing only in case is the same value`, method: 'POST', path: E, body: body(s, 2, upper), expect: conflict() }),
      );
    }
  }

  // 5. caseExact in filters (RFC 7644 §3.4.2.2, S-7-16).
  const one = d.multiValued ? (v1 as unknown[])[0] : v1;
  if (writable(d) && d.type === 'string' && d.returned !== 'never' && d.mutability !== 'writeOnly' && typeof one === 'string' && one !== one.toUpperCase()) {
    const key = keyValue(s, 0) as string;
    const filter = (v: string) => `${keyPath} eq ${filterQuoted(key)} and ${s.path} eq ${filterQuoted(v)}`;
    const requires: Capability[] = ['filter'];
    steps.push(requestStep({ name: `${s.label} · caseExact ${d.caseExact}: a filter with the value as stored finds it`, method: 'GET', path: E, query: { filter: filter(one) }, requires, expect: { status: { value: 200, meta: cite('P-3.4.2.2-07', because) }, paths: [{ pointer: '/totalResults', equals: 1, ...cite('P-3.4.2.2-07', because) }] } }));
    steps.push(requestStep({ name: `${s.label} · caseExact ${d.caseExact}: a filter with the value in upper case ${d.caseExact ? 'does not find it' : 'finds it'}`, method: 'GET', path: E, query: { filter: filter(one.toUpperCase()) }, requires, expect: { status: { value: 200, meta: cite('P-3.4.2.2-07', because) }, paths: [{ pointer: '/totalResults', equals: d.caseExact ? 0 : 1, ...cite('S-7-16', because) }] } }));
  }

  // 6. mutability (RFC 7643 §7; RFC 7644 §3.5.1, §3.5.2).
  const patch = (value: unknown) => ({ schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'], Operations: [{ op: 'replace', path: s.path, value }] });
  const refused = (rule: string) => ({ status: { value: 400, meta: cite(rule, because) }, paths: [{ pointer: '/scimType', equals: 'mutability', ...cite(rule, because) }] });
  if (d.mutability === 'readWrite' || d.mutability === 'writeOnly') {
    steps.push(requestStep({ name: `${s.label} · mutability ${d.mutability}: replaced by PUT`, method: 'PUT', path: resource, body: body(s, 0, v2), expect: { status: { value: 200, meta: cite('P-3.5.1-09', because) }, paths: shown ? returnedAs(s, v2, because) : hidden ? [absent(s, hiddenRule, because)] : [] } }));
    steps.push(requestStep({ name: `${s.label} · mutability ${d.mutability}: replaced by PATCH`, method: 'PATCH', path: resource, body: withRun(patch(v1), env.runId), requires: ['patch'], expect: { status: { value: [200, 204], meta: cite('P-3.5.2-19', because) } } }));
    if (shown) steps.push(requestStep({ name: `${s.label} · mutability ${d.mutability}: the PATCHed value is read back`, method: 'GET', path: resource, requires: ['patch'], expect: { status: { value: 200, meta: cite('P-3.4.1-01', because) }, paths: returnedAs(s, v1, because) } }));
  }
  if (d.mutability === 'immutable') {
    steps.push(requestStep({ name: `${s.label} · mutability immutable: a PUT with the same value is accepted`, method: 'PUT', path: resource, body: body(s, 0, v1), expect: { status: { value: 200, meta: cite('S-7-20', because) } } }));
    steps.push(requestStep({ name: `${s.label} · mutability immutable: a PUT changing the value is refused`, method: 'PUT', path: resource, body: body(s, 0, v2), expect: refused('P-3.5.1-05') }));
    steps.push(requestStep({ name: `${s.label} · mutability immutable: a PATCH changing the value is refused`, method: 'PATCH', path: resource, body: withRun(patch(v2), env.runId), requires: ['patch'], expect: refused('P-3.5.2-09') }));
  }
  if (d.mutability === 'readOnly') {
    steps.push(requestStep({ name: `${s.label} · mutability readOnly: a value sent by PUT is ignored`, method: 'PUT', path: resource, body: body(s, 0, v2), expect: { status: { value: 200, meta: cite('P-3.5.1-09', because) }, schema: { schema: notValue(s, v2), meta: cite('P-3.5.1-07', because) } } }));
    steps.push(requestStep({ name: `${s.label} · mutability readOnly: a PATCH setting it is refused`, method: 'PATCH', path: resource, body: withRun(patch(v2), env.runId), requires: ['patch'], expect: refused('S-7-19') }));
  }

  // 7. canonicalValues and referenceTypes: every declared one is accepted and kept (S-7-15).
  const replaceable = d.mutability === 'readWrite' && shown;
  if (replaceable && d.type === 'string' && d.canonicalValues) {
    d.canonicalValues.slice(0, 5).forEach((c) => {
      const v = d.multiValued ? [c] : c;
      steps.push(requestStep({ name: `${s.label} · canonicalValues: "${c}" is accepted`, method: 'PUT', path: resource, body: body(s, 0, v), expect: { status: { value: 200, meta: cite('S-7-15', because) }, paths: returnedAs(s, v, because).map((p) => ({ ...p, ...cite('S-7-15', because) })) } }));
    });
  }
  if (replaceable && d.type === 'reference') {
    (d.referenceTypes ?? []).slice(0, 5).forEach((kind, i) => {
      const one = withRun(referenceValue(kind, `${s.tag}-ref`, i + 2), env.runId);
      const v = d.multiValued ? [one] : one;
      steps.push(requestStep({ name: `${s.label} · referenceTypes: a ${kind} reference is accepted and kept exactly`, method: 'PUT', path: resource, body: body(s, 0, v), expect: { status: { value: 200, meta: cite('S-7-15', because) }, paths: returnedAs(s, v, because) } }));
    });
  }

  // 8. type: a value of the wrong type is refused (RFC 7644 §3.3, §3.12 invalidValue).
  if (writable(d)) {
    const wrong = wrongValue(d);
    steps.push(requestStep({ name: `${s.label} · type ${d.type}${d.multiValued ? ' (multi-valued)' : ''}: ${wrong.what} is refused`, method: 'POST', path: E, body: body(s, 3, wrong.value), expect: { status: { value: 400, meta: cite(wrong.rule, because) } } }));
  }

  // 9. required (RFC 7643 §7, RFC 7644 §3.3).
  if (d.required && writable(d)) {
    steps.push(requestStep({ name: `${s.label} · required: a create without it is refused`, method: 'POST', path: E, body: body(s, 4, undefined), expect: { status: { value: 400, meta: cite('S-7-27', because) }, paths: [{ pointer: '/scimType', equals: 'invalidValue', ...cite('P-3.3-11', because) }] } }));
  }

  const requires: Capability[] = lower(a.type.name) === 'group' ? ['groups', 'groups.create'] : [];
  return {
    id: `schema-checks/${a.type.name}/${a.extension ? `${a.schema.def.id}:` : ''}${d.name}`,
    name: `schema: ${s.label}`,
    description: `Generated from the target's /Schemas: ${because}.`,
    file: '(generated by --schema-checks)',
    tags: ['schema-checks'],
    requires,
    existingGroups: 0,
    needs: [],
    severity: 'MUST',
    variables: {},
    setup,
    steps,
    teardown: [],
  };
}

/** A valid body of another type (a reference target), made from its declaration. */
function attributeScopeFor(s: Scope, target: DeclaredType): Record<string, unknown> {
  const core = s.env.decl.schemas.get(lower(target.schema));
  const out: Record<string, unknown> = { schemas: [target.schema], ...requiredValues(core?.def.attributes ?? [], `${s.tag}-target`, 0) };
  return withRun(out, s.env.runId);
}

export type { CheckMeta };
