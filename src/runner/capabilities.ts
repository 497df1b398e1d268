/**
 * What the target can do, read from its discovery documents (RFC 7644 §4:
 * /ServiceProviderConfig, /ResourceTypes, /Schemas), with defaults where
 * discovery is silent and the user's overrides on top. Pure: the requests
 * and probes live in discover-target.ts.
 */
import type { Capabilities, Capability, SupportEntry } from './types.js';

/** Used when /ServiceProviderConfig cannot be read: what Okta and Entra assume of every target. */
export const DEFAULT_CAPABILITIES: Readonly<Record<string, boolean>> = {
  patch: true,
  bulk: false,
  sort: false,
  etag: false,
  filter: true,
  changePassword: false,
  groups: true,
  'groups.create': true,
  'groups.delete': true,
  'groups.list': true,
  me: false,
  search: true,
  enterprise: true,
};

export const ENTERPRISE_USER_URN = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const USER_SCHEMA_URN = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** RFC 7643 §5: the `<feature>.supported` flags of /ServiceProviderConfig. */
const SPC_KEYS = ['patch', 'bulk', 'sort', 'etag', 'filter', 'changePassword'] as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `<feature>.supported` flags; a flag that is absent or not a boolean is left out. */
export function capabilitiesFromSpc(spc: unknown): Record<string, boolean> {
  const caps: Record<string, boolean> = {};
  if (!isObj(spc)) return caps;
  for (const key of SPC_KEYS) {
    const feature = spc[key];
    const supported = isObj(feature) ? feature['supported'] : undefined;
    if (typeof supported === 'boolean') caps[key] = supported;
  }
  return caps;
}

/** A list document: RFC 7644 §4 allows a ListResponse or (common in the field) a bare array. */
export function discoveryResources(json: unknown): Obj[] | undefined {
  const list = Array.isArray(json) ? json : isObj(json) && Array.isArray(json['Resources']) ? json['Resources'] : undefined;
  return list?.filter(isObj);
}

export interface ResourceTypesFacts {
  groups: boolean;
  /** The User type lists the enterprise extension among its schemaExtensions. */
  enterprise: boolean;
}

/** RFC 7644 §4 / RFC 7643 §6: which resource types exist, and the User type's extensions. */
export function readResourceTypes(json: unknown): ResourceTypesFacts | undefined {
  const types = discoveryResources(json);
  if (!types || types.length === 0) return undefined;
  const isNamed = (t: Obj, name: string) =>
    [t['name'], t['id']].some((v) => typeof v === 'string' && v.toLowerCase() === name) || t['schema'] === `urn:ietf:params:scim:schemas:core:2.0:${name === 'user' ? 'User' : 'Group'}`;
  const user = types.find((t) => isNamed(t, 'user'));
  const extensions = user && Array.isArray(user['schemaExtensions']) ? user['schemaExtensions'] : [];
  return {
    groups: types.some((t) => isNamed(t, 'group')),
    enterprise: extensions.some((e) => isObj(e) && e['schema'] === ENTERPRISE_USER_URN),
  };
}

export interface SchemasFacts {
  /** Attribute names of the core User schema, lower case, with sub-attributes as `name.formatted`. */
  userAttributes: Set<string>;
  /** The same for the enterprise extension, when /Schemas lists it. */
  enterpriseAttributes?: Set<string>;
}

function attributeNames(schema: Obj): Set<string> {
  const out = new Set<string>();
  for (const a of Array.isArray(schema['attributes']) ? schema['attributes'] : []) {
    if (!isObj(a) || typeof a['name'] !== 'string') continue;
    const name = a['name'].toLowerCase();
    out.add(name);
    for (const s of Array.isArray(a['subAttributes']) ? a['subAttributes'] : []) {
      if (isObj(s) && typeof s['name'] === 'string') out.add(`${name}.${s['name'].toLowerCase()}`);
    }
  }
  return out;
}

/** RFC 7643 §7: the attributes the User schema (and its enterprise extension) define. */
export function readSchemas(json: unknown): SchemasFacts | undefined {
  const schemas = discoveryResources(json);
  const user = schemas?.find((s) => s['id'] === USER_SCHEMA_URN);
  if (!schemas || !user) return undefined;
  const enterprise = schemas.find((s) => s['id'] === ENTERPRISE_USER_URN);
  return { userAttributes: attributeNames(user), ...(enterprise ? { enterpriseAttributes: attributeNames(enterprise) } : {}) };
}

/** Whether the target has `name`: what the run found out, else the default (an operator follows `filter`; an attribute is assumed). */
export function hasCapability(caps: Capabilities, name: string): boolean {
  const known = caps[name];
  if (known !== undefined) return known;
  if (name.startsWith('filter.')) return caps['filter'] ?? true;
  if (name.startsWith('attr.')) return true;
  return DEFAULT_CAPABILITIES[name] ?? true;
}

export function applyOverrides(caps: Capabilities, overrides: Partial<Record<Capability, boolean>>): Capabilities {
  const out = { ...caps };
  for (const [k, v] of Object.entries(overrides)) if (typeof v === 'boolean') out[k] = v;
  // A target without Groups cannot list, create or delete them either.
  if (out['groups'] === false) {
    out['groups.create'] = false;
    out['groups.delete'] = false;
    out['groups.list'] = false;
  }
  return out;
}

/** Why a scenario or step cannot run here, or undefined when it can. */
export function missingCapabilities(needs: readonly Capability[], caps: Capabilities, supports: readonly SupportEntry[] = []): string | undefined {
  const missing = needs.filter((c) => !hasCapability(caps, c));
  if (missing.length === 0) return undefined;
  const entry = (c: string) => supports.find((s) => s.feature === c);
  const byDesign = missing.filter((c) => entry(c)?.state === 'refused-by-design');
  if (byDesign.length === missing.length) {
    return `refused by this target by design: ${byDesign.map((c) => `\`${c}\`${entry(c)?.detail ? ` (${entry(c)?.detail})` : ''}`).join(', ')}`;
  }
  const why = missing.map((c) => {
    const e = entry(c);
    return e?.detail ? `\`${c}\` (${e.detail})` : `\`${c}\``;
  });
  const explained = missing.every((c) => entry(c)?.detail);
  return `the target lacks ${why.join(', ')}${explained ? '' : ' (see /ServiceProviderConfig, --capability)'}`;
}
