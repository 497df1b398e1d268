/**
 * Input checks for create and replace (RFC 7644 §3.3, §3.5.1) and a
 * non-throwing validator that judges any resource against its schemas.
 */
import { ScimError } from '../scim-errors.js';
import { tolerates } from '../tolerances.js';
import type { CoreOptions } from '../tolerances.js';
import { COMMON_ATTRIBUTES } from './common-attributes.js';
import { isPlainObject, walkResource } from './resource-walker.js';
import type { Finding } from './resource-walker.js';
import { resourceSchemas } from './schema-registry.js';
import type { ResourceSchemas } from './schema-registry.js';
import type { AttributeDef, SchemaIssue, SchemaRegistry, ScimResource } from './types.js';
import { dateTimeInstant } from './value-checks.js';

const lower = (s: string): string => s.toLowerCase();

function schemasOf(registry: SchemaRegistry, resourceType: string): ResourceSchemas {
  const schemas = resourceSchemas(registry, resourceType);
  if (!schemas) throw new ScimError('notFound', `unknown resource type "${resourceType}"`);
  return schemas;
}

/** The `schemas` key in any case (RFC 7643 §2.1). */
function schemasKey(source: Record<string, unknown>): string | undefined {
  return Object.keys(source).find((k) => lower(k) === 'schemas');
}

/**
 * RFC 7643 §3: `schemas` is REQUIRED and includes the base schema. URNs that
 * are not schemas of the resource type are dropped, as unknown attributes are;
 * duplicates and order do not matter (S-3-03, S-3-04).
 */
function inputSchemaUris(schemas: ResourceSchemas, source: Record<string, unknown>): Set<string> {
  const key = schemasKey(source);
  const raw = key === undefined ? undefined : source[key];
  const core = schemas.core.id;
  if (raw === undefined || raw === null) {
    throw new ScimError('invalidSyntax', `the body must carry "schemas" listing ${core} (RFC 7643 §3)`);
  }
  if (!Array.isArray(raw) || raw.some((u) => typeof u !== 'string')) {
    throw new ScimError('invalidSyntax', '"schemas" must be an array of schema URIs (RFC 7643 §3)');
  }
  const listed = new Set((raw as string[]).map(lower));
  if (!listed.has(lower(core))) throw new ScimError('invalidSyntax', `"schemas" must include ${core} (RFC 7643 §3.3)`);
  return listed;
}

/** Core first, then each extension that was listed or holds data, in resource-type order. */
function outputSchemas(schemas: ResourceSchemas, listed: Set<string>, resource: ScimResource): string[] {
  const exts = schemas.extensions
    .map((e) => e.schema.id)
    .filter((id) => listed.has(lower(id)) || resource[id] !== undefined);
  return [schemas.core.id, ...exts];
}

function throwFirst(findings: Finding[]): void {
  const first = findings[0];
  if (first) throw new ScimError(first.key, first.message);
}

const isBlank = (v: unknown): boolean => v === undefined || (typeof v === 'string' && v.trim() === '');

/** Required attributes and extensions (RFC 7643 §7 `required`, §6 schemaExtensions.required). */
function missingRequired(schemas: ResourceSchemas, resource: ScimResource): { pointer: string; message: string; rule: string }[] {
  const missing: { pointer: string; message: string; rule: string }[] = [];
  for (const def of schemas.core.attributes) {
    // RFC 7643 §4.1.1: userName must also be non-empty.
    if (def.required && isBlank(resource[def.name])) {
      missing.push({ pointer: `/${def.name}`, message: `attribute ${def.name} is required`, rule: 'S-7-27' });
    }
  }
  for (const { schema, required } of schemas.extensions) {
    const container = resource[schema.id];
    if (!isPlainObject(container)) {
      if (required) missing.push({ pointer: `/${schema.id}`, message: `extension ${schema.id} is required`, rule: 'S-6-06' });
      continue;
    }
    for (const def of schema.attributes) {
      if (def.required && isBlank(container[def.name])) {
        missing.push({ pointer: `/${schema.id}/${def.name}`, message: `attribute ${schema.id}:${def.name} is required`, rule: 'S-7-27' });
      }
    }
  }
  return missing;
}

function prepare(schemas: ResourceSchemas, body: unknown, opts: CoreOptions | undefined): { resource: ScimResource; listed: Set<string> } {
  // RFC 7644 §3.3: the body is a JSON object representing the resource.
  if (!isPlainObject(body)) throw new ScimError('invalidSyntax', 'the request body must be a JSON object');
  const listed = inputSchemaUris(schemas, body);
  const { resource, findings } = walkResource(schemas, body, {
    mode: 'input',
    stringBooleans: tolerates(opts, 'string-booleans'),
    managerBareString: tolerates(opts, 'manager-bare-string'),
    ctx: 'request',
  });
  throwFirst(findings);
  return { resource, listed };
}

function finish(schemas: ResourceSchemas, listed: Set<string>, resource: ScimResource): ScimResource {
  const out: ScimResource = { schemas: outputSchemas(schemas, listed, resource), ...resource };
  const missing = missingRequired(schemas, out)[0];
  if (missing) throw new ScimError('invalidValue', missing.message);
  return out;
}

/**
 * Checks and normalises a create body (RFC 7644 §3.3): keys take the schema's
 * spelling, values are type-checked, readOnly and unknown attributes are
 * dropped, required attributes must be present. Never mutates `body`.
 * @throws ScimError invalidSyntax (not an object, bad `schemas`) or invalidValue.
 * @example prepareCreate(defaultRegistry, 'User', { schemas: [USER_SCHEMA_ID], USERNAME: 'bjensen', active: 'True' })
 * // { schemas: [USER_SCHEMA_ID], userName: 'bjensen', active: true }
 */
export function prepareCreate(registry: SchemaRegistry, resourceType: string, body: unknown, opts?: CoreOptions): ScimResource {
  const schemas = schemasOf(registry, resourceType);
  const { resource, listed } = prepare(schemas, body, opts);
  return finish(schemas, listed, resource);
}

/** Equality as the attribute's caseExact defines it, for immutable checks. */
function sameValue(def: AttributeDef, a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(def, x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((k) => {
      const sub = def.subAttributes?.find((s) => s.name === k);
      return sub ? sameValue(sub, a[k], b[k]) : a[k] === b[k];
    });
  }
  if (typeof a === 'string' && typeof b === 'string' && !def.caseExact) return lower(a) === lower(b);
  return a === b;
}

export interface ReplaceOptions extends CoreOptions {
  /**
   * What a writeOnly attribute (password) left out of `body` means: 'keep' the
   * stored value (a PUT, the default: RFC 7644 §3.5.1 only lets omitted
   * readWrite values be cleared) or 'clear' it (`body` is a complete new state,
   * such as a PATCH result, where leaving it out means it was removed).
   */
  omittedWriteOnly?: 'keep' | 'clear';
}

/**
 * RFC 7644 §3.5.1 for the attributes of one container (the resource or an
 * extension object): readOnly values stay, writeOnly values not re-sent stay
 * (unless `clearWriteOnly`), immutable values may be set once and then must match.
 */
function carryOver(
  defs: readonly AttributeDef[],
  existing: Record<string, unknown>,
  next: ScimResource,
  label: string,
  clearWriteOnly: boolean,
): void {
  for (const def of defs) {
    const old = existing[def.name];
    const given = next[def.name];
    if (old === undefined || old === null) continue;
    if (def.mutability === 'readOnly' || (def.mutability === 'writeOnly' && given === undefined && !clearWriteOnly)) {
      next[def.name] = old;
    } else if (def.mutability === 'immutable') {
      if (given === undefined) next[def.name] = old;
      else if (!sameValue(def, old, given)) {
        throw new ScimError('mutability', `attribute ${label}${def.name} is immutable and already set`);
      }
    } else if (def.type === 'complex' && !def.multiValued && isPlainObject(old) && isPlainObject(given)) {
      // Sub-attributes of one complex value follow the same rules, but server-set readOnly
      // parts (manager.displayName) describe the old `value` and go when it changes.
      const valueDef = def.subAttributes?.find((d) => d.name === 'value');
      const sameTarget = !valueDef || sameValue(valueDef, old.value, given.value);
      const subs = (def.subAttributes ?? []).filter((d) => sameTarget || d.mutability !== 'readOnly');
      carryOver(subs, old, given, `${label}${def.name}.`, clearWriteOnly);
    }
  }
}

/**
 * Checks a replace body (RFC 7644 §3.5.1) as for create, then keeps the
 * existing readOnly values (id, meta, groups), keeps a writeOnly value that was
 * not re-sent (see `ReplaceOptions`), and refuses a change to an immutable
 * value (`mutability`). readWrite attributes left out are cleared (P-3.5.1-03).
 * @throws ScimError as prepareCreate, or mutability.
 * @example prepareReplace(defaultRegistry, 'User', stored, { schemas: [USER_SCHEMA_ID], userName: 'b', id: 'ignored' })
 */
export function prepareReplace(
  registry: SchemaRegistry,
  resourceType: string,
  existing: ScimResource,
  body: unknown,
  opts?: ReplaceOptions,
): ScimResource {
  const schemas = schemasOf(registry, resourceType);
  const { resource, listed } = prepare(schemas, body, opts);
  const clear = opts?.omittedWriteOnly === 'clear';
  carryOver([...schemas.core.attributes, ...COMMON_ATTRIBUTES.filter((d) => d.name !== 'schemas')], existing, resource, '', clear);
  for (const { schema } of schemas.extensions) {
    const old = existing[schema.id];
    if (!isPlainObject(old)) continue;
    const next: ScimResource = { ...(resource[schema.id] as ScimResource | undefined) };
    carryOver(schema.attributes, old, next, `${schema.id}:`, clear);
    if (Object.keys(next).length > 0) resource[schema.id] = next;
  }
  const { id, meta, ...rest } = resource;
  return finish(schemas, listed, { ...(id === undefined ? {} : { id }), ...rest, ...(meta === undefined ? {} : { meta }) });
}

export interface CheckOptions {
  /**
   * The resource was projected (`attributes`/`excludedAttributes`): absent
   * required attributes are then not a defect.
   */
  partial?: boolean;
}

/**
 * RFC 7643 §3: `schemas` is a non-empty list of this type's URNs, core
 * included, no duplicates. A response may name a schema the registry does not
 * know (the target's own extension); only a known schema of another resource
 * type is then a defect.
 */
function schemasIssues(
  registry: SchemaRegistry,
  schemas: ResourceSchemas,
  resource: Record<string, unknown>,
  ctx: 'request' | 'response',
): SchemaIssue[] {
  const key = schemasKey(resource);
  const raw = key === undefined ? undefined : resource[key];
  if (!Array.isArray(raw) || raw.length === 0 || raw.some((u) => typeof u !== 'string')) {
    return [{ pointer: '/schemas', message: 'schemas must be a non-empty array of schema URIs', rule: 'S-3-01' }];
  }
  const issues: SchemaIssue[] = [];
  const uris = (raw as string[]).map(lower);
  if (!uris.includes(lower(schemas.core.id))) {
    issues.push({ pointer: '/schemas', message: `schemas must include ${schemas.core.id}`, rule: 'S-3.3-01' });
  }
  const allowed = new Set([schemas.core.id, ...schemas.extensions.map((e) => e.schema.id)].map(lower));
  (raw as string[]).forEach((u, i) => {
    if (!allowed.has(lower(u)) && (ctx === 'request' || registry.schema(u) !== undefined)) {
      issues.push({ pointer: `/schemas/${i}`, message: `${u} is not a schema of resource type ${schemas.resourceType.name}`, rule: 'S-3-02' });
    }
  });
  if (new Set(uris).size !== uris.length) issues.push({ pointer: '/schemas', message: 'schemas lists a URI twice', rule: 'S-3-03' });
  for (const { schema } of schemas.extensions) {
    if (resource[schema.id] !== undefined && !uris.includes(lower(schema.id))) {
      issues.push({ pointer: `/${schema.id}`, message: `extension data present but schemas does not list ${schema.id}`, rule: 'S-3.3-02' });
    }
  }
  return issues;
}

/** RFC 7643 §3.1: id and meta as a response must carry them. */
function commonIssues(schemas: ResourceSchemas, resource: Record<string, unknown>, ctx: 'request' | 'response'): SchemaIssue[] {
  const issues: SchemaIssue[] = [];
  const id = resource.id;
  if (ctx === 'response' && (typeof id !== 'string' || id === '')) {
    issues.push({ pointer: '/id', message: 'id must be a non-empty string', rule: 'S-3.1-03' });
  }
  if (typeof id === 'string' && id.includes('bulkId')) {
    issues.push({ pointer: '/id', message: 'id must not contain "bulkId"', rule: 'S-3.1-07' });
  }
  const meta = resource.meta;
  if (!isPlainObject(meta)) return issues;
  if (ctx === 'response' && typeof meta.resourceType === 'string' && meta.resourceType !== schemas.resourceType.name) {
    issues.push({ pointer: '/meta/resourceType', message: `meta.resourceType must be ${schemas.resourceType.name}`, rule: 'S-3.1-14' });
  }
  const created = typeof meta.created === 'string' ? dateTimeInstant(meta.created) : undefined;
  const modified = typeof meta.lastModified === 'string' ? dateTimeInstant(meta.lastModified) : undefined;
  if (created !== undefined && modified !== undefined && modified < created) {
    issues.push({ pointer: '/meta/lastModified', message: 'meta.lastModified is earlier than meta.created', rule: 'S-3.1-16' });
  }
  if (ctx === 'response' && typeof meta.location === 'string' && typeof id === 'string' && id !== '') {
    const path = (meta.location.split(/[?#]/)[0] ?? '').replace(/\/+$/, '');
    if (!path.endsWith(`/${id}`) && !path.endsWith(`/${encodeURIComponent(id)}`)) {
      issues.push({ pointer: '/meta/location', message: 'meta.location must be the URI of this resource (ending in its id)', rule: 'S-3.1-17' });
    }
  }
  return issues;
}

/**
 * Lists every way `resource` departs from its schemas, without throwing.
 * 'response' judges what a service provider returned: id present, no
 * `returned: never` values, types exact; unknown attributes are tolerated.
 * 'request' judges a resource a server would store (id and meta optional):
 * unknown attributes and non-canonical key spelling are defects too.
 * @example checkResource(defaultRegistry, 'User', body, 'response')
 * // [{ pointer: '/password', message: 'attribute password must never be returned', rule: 'S-7-02' }]
 */
export function checkResource(
  registry: SchemaRegistry,
  resourceType: string,
  resource: unknown,
  ctx: 'request' | 'response',
  options: CheckOptions = {},
): SchemaIssue[] {
  const schemas = resourceSchemas(registry, resourceType);
  if (!schemas) return [{ pointer: '', message: `unknown resource type "${resourceType}"`, rule: 'S-6-02' }];
  if (!isPlainObject(resource)) return [{ pointer: '', message: 'a resource must be a JSON object', rule: 'P-3.8-08' }];
  const { findings } = walkResource(schemas, resource, { mode: 'check', stringBooleans: false, managerBareString: false, ctx });
  const issues: SchemaIssue[] = [
    ...schemasIssues(registry, schemas, resource, ctx),
    ...commonIssues(schemas, resource, ctx),
    ...findings.map(({ pointer, message, rule }) => ({ pointer, message, rule })),
  ];
  if (!options.partial) issues.push(...missingRequired(schemas, canonicalKeys(schemas, resource)));
  return issues;
}

/** A shallow copy keyed by canonical names, so required checks see `USERNAME` as `userName`. */
function canonicalKeys(schemas: ResourceSchemas, resource: Record<string, unknown>): ScimResource {
  const names = new Map(
    [...schemas.core.attributes.map((d) => d.name), ...schemas.extensions.map((e) => e.schema.id)].map((n) => [lower(n), n]),
  );
  const out: ScimResource = {};
  for (const [k, v] of Object.entries(resource)) {
    const name = names.get(lower(k));
    if (name !== undefined && out[name] === undefined) out[name] = v;
  }
  return out;
}
