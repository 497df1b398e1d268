/**
 * Discover, then run: before any scenario, read what the target says it can
 * do (RFC 7644 §4: /ServiceProviderConfig, /ResourceTypes, /Schemas), probe
 * what discovery cannot say (/Me, POST .search, listing and creating Groups),
 * and stop early on a target that is unreachable, rejects the credentials or
 * is not a SCIM endpoint at all. Every request is kept in the result's
 * `discovery` list; every feature gets a SupportEntry saying how it was found.
 */
import type { Diagnostic } from '../core/errors.js';
import { SCIMCTL_ERRORS } from '../core/errors.js';
import { isObject as isObj } from '../core/patch/json-values.js';
import {
  applyOverrides,
  capabilitiesFromSpc,
  DEFAULT_CAPABILITIES,
  discoveryResources,
  readResourceTypes,
  readSchemas,
} from './capabilities.js';
import type { SchemasFacts } from './capabilities.js';
import type { ResponseView } from './checks/check-context.js';
import { notScimAnswer } from './not-scim.js';
import type { SendOutcome } from './send-request.js';
import type { Capabilities, Capability, ExchangeLog, Scenario, SupportEntry } from './types.js';
import { CAPABILITIES } from './types.js';

export interface DiscoveryRequest {
  method: 'GET' | 'POST';
  path: string;
  query?: string;
  body?: unknown;
}

export interface DiscoverOptions {
  /** Sends one request below the base URL (auth and SCIM headers added by the caller) and logs nothing. */
  send(req: DiscoveryRequest): Promise<SendOutcome>;
  /** Records one discovery exchange in the result. */
  log(exchange: ExchangeLog): void;
  scenarios: readonly Scenario[];
  overrides: Partial<Record<Capability, boolean>>;
  /** How many `--group` names the user gave. */
  givenGroups: number;
  runId: string;
}

export interface CreatedGroup {
  id: string;
  displayName: string;
}

export type Discovery =
  | {
      ok: true;
      caps: Capabilities;
      supports: SupportEntry[];
      capabilities: Record<string, boolean>;
      /** The /ResourceTypes and /Schemas bodies as read (undefined when unreadable), for scenario generators. */
      documents: { resourceTypes: unknown; schemas: unknown };
      probeGroup?: CreatedGroup;
    }
  | { ok: false; fatal: Diagnostic; stopped?: never }
  /** The run was stopped (Ctrl-C) while discovery waited. */
  | { ok: false; stopped: true };

/** Thrown inside discoverTarget when a request was cancelled by the run's signal. */
class DiscoveryStopped extends Error {}

const GROUP_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const SEARCH_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:SearchRequest';
const BULK_REQUEST = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
const BULK_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

type Probed = { value: boolean; detail: string } | undefined;
type Send = (req: DiscoveryRequest) => Promise<SendOutcome>;
const hasSchema = (json: unknown, urn: string) => isObj(json) && Array.isArray(json['schemas']) && json['schemas'].includes(urn);
const resources = (json: unknown) => (isObj(json) ? (discoveryResources(json) ?? []) : []);

/** ETags: a listed user's meta.version, else an ETag header on reading it (RFC 7644 §3.14). No user listed: cannot tell. */
async function probeEtag(request: Send, usersList: unknown): Promise<Probed> {
  const first = resources(usersList)[0];
  if (!first) return undefined;
  const meta = first['meta'];
  if (isObj(meta) && typeof meta['version'] === 'string') return { value: true, detail: 'a listed user carries meta.version' };
  if (typeof first['id'] !== 'string') return undefined;
  const read = await request({ method: 'GET', path: `/Users/${encodeURIComponent(first['id'])}` });
  if (!read.ok || read.view.status !== 200) return undefined;
  const etag = Object.entries(read.view.headers).some(([k, v]) => k.toLowerCase() === 'etag' && v !== '');
  return { value: etag, detail: `GET /Users/{id} answered ${etag ? 'with' : 'without'} an ETag and without meta.version` };
}

/** Sorting: two users by userName, ascending then descending; the same first user both ways means sortBy was ignored (RFC 7644 §3.4.2.3). */
async function probeSort(request: Send): Promise<Probed> {
  const page = (order: string) => request({ method: 'GET', path: '/Users', query: `sortBy=userName&sortOrder=${order}&startIndex=1&count=2` });
  const asc = await page('ascending');
  if (asc.ok && [400, 501].includes(asc.view.status)) return { value: false, detail: `GET /Users?sortBy=userName answered ${asc.view.status}` };
  if (!asc.ok || asc.view.status !== 200) return undefined;
  const names = (r: SendOutcome) => (r.ok ? resources(r.view.json).map((u) => (typeof u['userName'] === 'string' ? u['userName'].toLowerCase() : '')) : []);
  const up = names(asc);
  if (up.length < 2 || up.includes('')) return undefined;
  const desc = await page('descending');
  const down = names(desc);
  if (down.length < 2 || down.includes('')) return undefined;
  const sorted = up[0]! <= up[1]! && down[0]! >= down[1]! && up[0] !== down[0];
  return { value: sorted, detail: sorted ? 'sortBy=userName orders users both ways' : 'sortBy=userName left the order unchanged' };
}

/** Every name `requires:` uses in these scenarios (scenario and step level), and the most existing groups one needs. */
export function scenarioNeeds(scenarios: readonly Scenario[]): { names: Set<string>; groups: number } {
  const names = new Set<string>();
  let groups = 0;
  for (const s of scenarios) {
    for (const c of s.requires) names.add(c);
    for (const step of [...s.setup, ...s.steps, ...s.teardown]) for (const c of step.requires) names.add(c);
    groups = Math.max(groups, s.existingGroups);
  }
  return { names, groups };
}

const statusOf = (r: SendOutcome) => (r.ok ? `${r.view.status}` : r.error.message);
const isListResponse = (v: ResponseView) => v.status === 200 && typeof v.json === 'object' && v.json !== null && ('Resources' in v.json || 'totalResults' in v.json);

const CAUSE_BASE_PATH = 'a wrong base path (the SCIM base URL is the path under which /Users and /Groups are served, e.g. https://host/scim/v2)';

/**
 * A 404 to the /Users probe while /ServiceProviderConfig did not answer 200
 * with a SCIM body either: nothing at this base URL is a SCIM service
 * (RFC 7644 §3.2: /Users is the User endpoint under the base URL). Said as what
 * was seen (`404 application/scim+json (a SCIM error: "Not found")`), else
 * undefined. Conservative: a working /ServiceProviderConfig keeps the run going.
 */
function noUsersEndpoint(spc: SendOutcome & { ok: true }, probe: ResponseView): string | undefined {
  if (probe.status !== 404) return undefined;
  const spcJson = spc.view.json;
  if (spc.view.status === 200 && isObj(spcJson) && Array.isArray(spcJson['schemas'])) return undefined;
  const type = (probe.headers['content-type'] ?? '').split(';')[0]?.trim() || 'no Content-Type';
  const body = isObj(probe.json) ? probe.json : undefined;
  if (body && Array.isArray(body['schemas'])) {
    const detail = typeof body['detail'] === 'string' ? body['detail'].replace(/\s+/g, ' ').trim().slice(0, 80) : '';
    return `404 ${type} (a SCIM error${detail ? `: "${detail}"` : ''})`;
  }
  return notScimAnswer(probe)?.seen ?? `404 ${type}`;
}

function fatal(code: 'TARGET_UNREACHABLE' | 'AUTH_REJECTED' | 'TLS_FAILED' | 'NOT_SCIM_ENDPOINT', message: string, hint: string = SCIMCTL_ERRORS[code].hint): Diagnostic {
  return { code, severity: 'error', message, hint };
}

export async function discoverTarget(options: DiscoverOptions): Promise<Discovery> {
  const supports = new Map<string, SupportEntry>();
  const set = (feature: string, state: SupportEntry['state'], how: SupportEntry['how'], detail?: string) =>
    supports.set(feature, { feature, state, how, ...(detail ? { detail } : {}) });
  const caps: Record<string, boolean> = {};
  const mark = (feature: string, value: boolean | undefined, how: SupportEntry['how'], detail?: string) => {
    if (value === undefined) {
      caps[feature] = DEFAULT_CAPABILITIES[feature] ?? true;
      set(feature, 'unknown', 'assumed', detail);
      return;
    }
    caps[feature] = value;
    set(feature, value ? 'supported' : 'unsupported', how, detail);
  };
  const request = async (req: DiscoveryRequest) => {
    const sent = await options.send(req);
    options.log(sent.log);
    if (!sent.ok && sent.errorCode === 'ABORTED') throw new DiscoveryStopped();
    return sent;
  };
  try {
    return await discoverWith(options, request, { set, mark, caps, supports });
  } catch (err) {
    if (err instanceof DiscoveryStopped) return { ok: false, stopped: true };
    throw err;
  }
}

interface Recorder {
  set: (feature: string, state: SupportEntry['state'], how: SupportEntry['how'], detail?: string) => void;
  mark: (feature: string, value: boolean | undefined, how: SupportEntry['how'], detail?: string) => void;
  caps: Record<string, boolean>;
  supports: Map<string, SupportEntry>;
}

async function discoverWith(options: DiscoverOptions, request: (req: DiscoveryRequest) => Promise<SendOutcome>, rec: Recorder): Promise<Discovery> {
  const { set, mark, caps, supports } = rec;

  // RFC 7644 §5: can we reach the target, and what does it say it can do?
  const spc = await request({ method: 'GET', path: '/ServiceProviderConfig' });
  if (!spc.ok) return { ok: false, fatal: fatal(spc.errorCode === 'TLS_FAILED' || spc.errorCode === 'AUTH_REJECTED' ? spc.errorCode : 'TARGET_UNREACHABLE', spc.error.message) };
  // The credentials probe also tells a SCIM endpoint from a sign-in page, a web application or another API.
  const probe = await request({ method: 'GET', path: '/Users', query: 'startIndex=1&count=1' });
  if (!probe.ok) return { ok: false, fatal: fatal(probe.errorCode === 'AUTH_REJECTED' ? 'AUTH_REJECTED' : 'TARGET_UNREACHABLE', probe.error.message) };
  const noUsers = noUsersEndpoint(spc, probe.view);
  if (noUsers) {
    return {
      ok: false,
      fatal: fatal('NOT_SCIM_ENDPOINT', `GET ${probe.log.request.url} answered ${noUsers}: no Users endpoint at this base URL, so no scenario ran.\nLikely cause: ${CAUSE_BASE_PATH}.`),
    };
  }
  const notScim = notScimAnswer(probe.view);
  if (notScim) {
    return {
      ok: false,
      fatal: fatal(
        'NOT_SCIM_ENDPOINT',
        `GET ${probe.log.request.url} answered ${notScim.seen}: this is not a SCIM endpoint, so no scenario ran.\nLikely cause: ${notScim.cause}.`,
      ),
    };
  }
  if (probe.view.status === 401 || probe.view.status === 403) {
    return { ok: false, fatal: fatal('AUTH_REJECTED', `GET ${probe.log.request.url} answered ${probe.view.status}`) };
  }

  const spcRead = spc.view.status === 200 && typeof spc.view.json === 'object' && spc.view.json !== null;
  const spcCaps = spcRead ? capabilitiesFromSpc(spc.view.json) : {};
  for (const key of ['patch', 'bulk', 'sort', 'etag', 'filter', 'changePassword'] as const) {
    if (spcCaps[key] !== undefined) mark(key, spcCaps[key], 'discovery', `/ServiceProviderConfig ${key}.supported is ${spcCaps[key]}`);
    else mark(key, undefined, 'assumed', spcRead ? `/ServiceProviderConfig has no ${key}.supported` : `no /ServiceProviderConfig (${statusOf(spc)})`);
  }

  // What /ServiceProviderConfig does not say is probed where a probe writes nothing (RFC 7644 §3.14, §3.4.2.3, §3.7).
  const unsaid = (key: string) => spcCaps[key] === undefined && (options.overrides as Record<string, boolean | undefined>)[key] === undefined;
  if (unsaid('etag')) {
    const found = await probeEtag(request, probe.view.json);
    if (found) mark('etag', found.value, 'probe', found.detail);
  }
  if (unsaid('sort')) {
    const found = await probeSort(request);
    if (found) mark('sort', found.value, 'probe', found.detail);
  }
  if (unsaid('bulk')) {
    const bulk = await request({ method: 'POST', path: '/Bulk', body: { schemas: [BULK_REQUEST], Operations: [] } });
    const answered = `POST /Bulk with no operations answered ${statusOf(bulk)}`;
    if (bulk.ok && bulk.view.status === 200 && hasSchema(bulk.view.json, BULK_RESPONSE)) mark('bulk', true, 'probe', answered);
    else if (bulk.ok && [404, 405, 501].includes(bulk.view.status)) mark('bulk', false, 'probe', answered);
  }

  // RFC 7643 §6: the resource types, and the User type's schema extensions.
  const typesRes = await request({ method: 'GET', path: '/ResourceTypes' });
  const types = typesRes.ok && typesRes.view.status === 200 ? readResourceTypes(typesRes.view.json) : undefined;
  // RFC 7643 §7: the attributes each schema defines.
  const schemasRes = await request({ method: 'GET', path: '/Schemas' });
  const schemas: SchemasFacts | undefined = schemasRes.ok && schemasRes.view.status === 200 ? readSchemas(schemasRes.view.json) : undefined;

  const needs = scenarioNeeds(options.scenarios);
  const overridden = (c: string) => (options.overrides as Record<string, boolean | undefined>)[c] !== undefined;

  if (schemas?.enterpriseAttributes || types?.enterprise) {
    mark('enterprise', true, 'discovery', types?.enterprise ? 'a schemaExtension of the User resource type' : 'listed in /Schemas');
  } else if (types || schemas) {
    mark('enterprise', false, 'discovery', 'neither /ResourceTypes nor /Schemas lists urn:ietf:params:scim:schemas:extension:enterprise:2.0:User');
  } else {
    mark('enterprise', undefined, 'assumed', 'no /ResourceTypes or /Schemas to say');
  }
  for (const name of [...needs.names].filter((n) => n.startsWith('attr.')).sort()) {
    const attr = name.slice('attr.'.length).toLowerCase();
    if (!schemas) mark(name, undefined, 'assumed', 'no /Schemas to say');
    else if (schemas.userAttributes.has(attr)) mark(name, true, 'discovery', 'in the User schema of /Schemas');
    else if (schemas.enterpriseAttributes?.has(attr)) mark(name, true, 'discovery', 'in the enterprise User extension of /Schemas');
    else mark(name, false, 'discovery', `the User schema of /Schemas has no \`${name.slice(5)}\``);
  }
  for (const name of [...needs.names].filter((n) => n.startsWith('filter.')).sort()) {
    // /ServiceProviderConfig says only whether filtering exists (RFC 7644 §5): an operator is assumed until refused.
    if (caps['filter'] === false) mark(name, false, 'discovery', '/ServiceProviderConfig filter.supported is false');
    else set(name, 'unknown', 'assumed', 'discovery cannot name operators; a 400 invalidFilter marks one unsupported');
  }

  // Probes for what discovery cannot say (RFC 7644 §3.11 /Me, §3.4.3 .search, the IdPs' Test Connection on /Groups).
  const me = await request({ method: 'GET', path: '/Me' });
  const meOk = me.ok && (me.view.status === 200 || me.view.status === 308) && typeof me.view.json === 'object';
  // Only a clear refusal says /Me is absent (RFC 7644 §3.11: 501, or a 4xx); a server error says nothing, and rfc/me judges it.
  const meRefused = me.ok && (me.view.status === 501 || (me.view.status >= 400 && me.view.status < 500));
  if (meOk || meRefused) mark('me', meOk, 'probe', `GET /Me answered ${statusOf(me)}`);
  else set('me', 'unknown', 'probe', `GET /Me answered ${statusOf(me)}`);
  const search = await request({ method: 'POST', path: '/Users/.search', body: { schemas: [SEARCH_REQUEST], startIndex: 1, count: 1 } });
  mark('search', search.ok && isListResponse(search.view), 'probe', `POST /Users/.search answered ${statusOf(search)}`);

  if (types) mark('groups', types.groups, 'discovery', types.groups ? 'a resource type of /ResourceTypes' : '/ResourceTypes lists no Group');
  const groupsOff = (options.overrides as Record<string, boolean | undefined>)['groups'] === false || types?.groups === false;
  let probeGroup: CreatedGroup | undefined;
  if (groupsOff) {
    for (const c of ['groups.list', 'groups.create', 'groups.delete']) mark(c, false, 'discovery', 'the target has no Group resource type');
  } else {
    const list = await request({ method: 'GET', path: '/Groups', query: 'startIndex=1&count=1' });
    const listed = list.ok && isListResponse(list.view);
    mark('groups.list', listed, 'probe', `GET /Groups answered ${statusOf(list)}`);
    if (!types) mark('groups', listed, 'probe', `GET /Groups answered ${statusOf(list)}`);
    // Group creation is tried only when a scenario needs it, with the first of the run's own groups.
    const wantsCreate = needs.names.has('groups.create') || needs.groups > options.givenGroups;
    if (wantsCreate && !overridden('groups.create')) {
      const displayName = `scimctl ${options.runId} group 1`;
      const created = await request({ method: 'POST', path: '/Groups', body: { schemas: [GROUP_SCHEMA], displayName, members: [] } });
      const id = created.ok ? (created.view.json as { id?: unknown } | undefined)?.id : undefined;
      if (created.ok && created.view.status >= 200 && created.view.status < 300 && typeof id === 'string') {
        mark('groups.create', true, 'probe', `POST /Groups answered ${created.view.status}`);
        probeGroup = { id, displayName };
      } else if (created.ok && [403, 405, 501].includes(created.view.status)) {
        // A lawful refusal (Mezmo: groups are child organizations): the link-group flows run with the groups it lists.
        caps['groups.create'] = false;
        set('groups.create', 'refused-by-design', 'refusal', `POST /Groups answered ${created.view.status}`);
        caps['groups.delete'] = false;
        set('groups.delete', 'refused-by-design', 'refusal', 'group creation is refused, so deleting a group cannot be tried without deleting one of the target\'s own');
      } else {
        set('groups.create', 'unknown', 'probe', `POST /Groups answered ${statusOf(created)}`);
        caps['groups.create'] = true;
      }
    }
    if (caps['groups.create'] === undefined) mark('groups.create', undefined, 'assumed', 'no scenario of this run creates groups');
    if (caps['groups.delete'] === undefined) {
      if (caps['groups.create']) set('groups.delete', 'unknown', 'assumed', 'tried when the run deletes its groups');
      else mark('groups.delete', undefined, 'assumed');
      caps['groups.delete'] = caps['groups.create'] ?? true;
    }
  }

  // The user's word goes last (--capability, --no-capability, the config's `capabilities`).
  const final = applyOverrides(caps, options.overrides);
  for (const [name, value] of Object.entries(options.overrides)) {
    if (typeof value === 'boolean') set(name, value ? 'supported' : 'unsupported', 'assumed', value ? 'set by --capability or the config' : 'set by --no-capability or the config');
  }
  for (const [name, value] of Object.entries(final)) {
    const entry = supports.get(name);
    if (value === false && entry && entry.state !== 'unsupported' && entry.state !== 'refused-by-design') set(name, 'unsupported', entry.how, entry.detail);
  }
  const capabilities: Record<string, boolean> = {};
  for (const c of [...CAPABILITIES, ...[...needs.names].sort()]) capabilities[c] = final[c] ?? caps[c] ?? DEFAULT_CAPABILITIES[c] ?? true;
  for (const [k, v] of Object.entries(final)) if (typeof v === 'boolean') capabilities[k] = v;
  const order = (e: SupportEntry) => {
    const i = (CAPABILITIES as readonly string[]).indexOf(e.feature);
    return i >= 0 ? i : CAPABILITIES.length;
  };
  const list = [...supports.values()].sort((a, b) => order(a) - order(b) || a.feature.localeCompare(b.feature));
  const body = (sent: SendOutcome) => (sent.ok && sent.view.status === 200 ? sent.view.json : undefined);
  const documents = { resourceTypes: body(typesRes), schemas: body(schemasRes) };
  return { ok: true, caps: final, supports: list, capabilities, documents, ...(probeGroup ? { probeGroup } : {}) };
}
