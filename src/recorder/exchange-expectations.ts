/**
 * The per-exchange checks a scaffolded scenario adds on top of replay's auto
 * checks (status, list/resource/location shape). They hold the target to what
 * the request asked for and the recorded server confirmed: a filter finds as
 * many resources as it did, a create or PATCH leaves the attributes it sent.
 * Run-scoped values (userName, externalId, Group displayName) are left out:
 * replay rewrites them per run.
 */
import { classifyOperation } from '../runner/auto-checks.js';
import { isSecretKey } from '../runner/redact.js';
import type { RecordedExchange } from '../runner/types.js';

/** An `expect` block as written in a scenario. */
export type ExpectDoc = Record<string, unknown>;

/** Recorded id → `{{ids.<id>}}` when replay maps it, else undefined. */
export type IdTemplate = (value: string) => string | undefined;

const SKIP = new Set(['id', 'meta', 'schemas', 'username', 'externalid', 'displayname', 'members', 'groups']);

const asObject = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

const isScalar = (v: unknown): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v);

/** Top-level attribute a PATCH path or value key names: `name.givenName` → name, `urn:…:User:active` → active. */
function attributeOf(path: string): string {
  const noFilter = path.replace(/\[.*$/, '');
  const tail = /^urn:/i.test(noFilter) ? (noFilter.split(':').pop() ?? noFilter) : noFilter;
  return tail.split('.')[0] ?? tail;
}

function collectionOf(relPath: string): string {
  return (relPath.split('?')[0] ?? '').split('/').filter(Boolean)[0]?.toLowerCase() ?? '';
}

/** Attribute names a request sets: the create/PUT body's keys, or every PATCH operation's target. */
function touched(exchange: RecordedExchange, op: string): Set<string> {
  const out = new Set<string>();
  const body = asObject(exchange.request.body);
  if (!body) return out;
  if (op !== 'patch') {
    Object.keys(body).forEach((k) => out.add(k));
    return out;
  }
  const ops = Array.isArray(body['Operations']) ? body['Operations'] : [];
  for (const raw of ops) {
    const o = asObject(raw);
    if (!o) continue;
    if (typeof o['path'] === 'string') out.add(attributeOf(o['path']));
    else Object.keys(asObject(o['value']) ?? {}).forEach((k) => out.add(attributeOf(k)));
  }
  return out;
}

/** `members` of a recorded Group response: its length, and the member ids replay can map. */
function memberChecks(response: Record<string, unknown>, idTemplate: IdTemplate): object[] {
  const members = response['members'];
  // No members: servers differ on absent, null or [] (RFC 7643 §2.5 treats them alike), so nothing to pin.
  if (!Array.isArray(members) || members.length === 0) return [];
  const mapped = members
    .map((m) => asObject(m)?.['value'])
    .map((v) => (typeof v === 'string' ? idTemplate(v) : undefined))
    .filter((t): t is string => t !== undefined);
  const out: object[] = [{ pointer: '/members', length: members.length }];
  if (mapped.length > 0) out.push({ pointer: '/members', match: mapped.map((value) => ({ value })) });
  return out;
}

/** Checks for one exchange, or undefined when auto checks say it all. */
export function expectationsFor(exchange: RecordedExchange, relPath: string, idTemplate: IdTemplate): ExpectDoc | undefined {
  const { method } = exchange.request;
  const status = exchange.response.status;
  const op = classifyOperation(method, relPath);
  const response = asObject(exchange.response.body);
  if (status >= 300 || !response) return undefined;

  if (op === 'list') {
    const query = relPath.split('?')[1] ?? '';
    const filter = new URLSearchParams(query).get('filter');
    if (!filter || !/\seq\s/i.test(filter) || typeof response['totalResults'] !== 'number') return undefined;
    return {
      requirement: 'P-3.4.2.2-02',
      because: `the recorded server found ${response['totalResults']} for \`${filter}\``,
      body: { paths: [{ pointer: '/totalResults', equals: response['totalResults'] }] },
    };
  }
  if (op !== 'create' && op !== 'replace' && op !== 'patch') return undefined;

  const paths: object[] = [];
  for (const attr of touched(exchange, op)) {
    const key = Object.keys(response).find((k) => k.toLowerCase() === attr.toLowerCase());
    if (key === undefined && attr.toLowerCase() !== 'members') continue;
    if (attr.toLowerCase() === 'members' && collectionOf(relPath) === 'groups') {
      paths.push(...memberChecks(response, idTemplate));
      continue;
    }
    if (key === undefined || SKIP.has(key.toLowerCase()) || isSecretKey(key)) continue;
    const value = response[key];
    if (!isScalar(value)) continue;
    paths.push({ pointer: `/${key}`, equals: typeof value === 'string' ? (idTemplate(value) ?? value) : value });
  }
  if (paths.length === 0) return undefined;
  const requirement = op === 'create' ? 'P-3.3-07' : op === 'replace' ? 'P-3.5.1-09' : 'P-3.5.2-19';
  return {
    requirement,
    ...(op === 'create' ? { severity: 'SHOULD' } : {}),
    because: `the recorded server ${op === 'create' ? 'stored' : 'applied'} these values`,
    body: { paths },
  };
}
