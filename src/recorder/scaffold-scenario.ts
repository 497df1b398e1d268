/**
 * `scimctl scaffold`: a scenario that replays a recording, with the checks for
 * each request shape it contains (see exchange-expectations.ts). The output is
 * a starting point to commit and edit; it loads and runs as written.
 */
import type { Recording } from '../runner/types.js';
import { expectationsFor, type ExpectDoc } from './exchange-expectations.js';
import { IdentifierLinks } from './identifier-links.js';
import type { RecordedExchangeDoc } from './recording-doc.js';

export interface ScaffoldOptions {
  /** The recording's path relative to the scenario file (`../fixtures/okta/x.yaml`). */
  recordingRef: string;
  /** Scenario id (`recorded/okta-tenant`). */
  id: string;
  name?: string;
}

export interface Scaffold {
  scenario: Record<string, unknown>;
  /** Identifiers replay cannot map (only seen in lists of several resources), for the user to substitute. */
  unmapped: string[];
  /** Groups the recording uses but did not create: the scenario asks for them as `existingGroups`. */
  existingGroups: { id: string; displayName?: string }[];
  /** Users the recording uses but did not create: the target must have them, or the exchanges be trimmed. */
  existingUsers: string[];
}

const TAGS: Record<string, string[]> = { okta: ['okta'], entra: ['entra'], 'entra-aadopt': ['entra-aadopt'], mezmo: ['mezmo'] };

function relOf(path: string, basePath: string): string {
  const rest = path.slice(basePath.length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

function toDoc(ex: Recording['exchanges'][number]): RecordedExchangeDoc {
  return {
    request: { method: ex.request.method, path: ex.request.path, headers: ex.request.headers, ...(ex.request.hasBody ? { body: ex.request.body } : {}) },
    response: { status: ex.response.status, headers: ex.response.headers, ...(ex.response.hasBody ? { body: ex.response.body } : {}) },
  };
}

export function scaffoldScenario(recording: Recording, options: ScaffoldOptions): Scaffold {
  // Which ids replay maps (`{{ids.X}}`): those an earlier response assigned in a form correlation learns.
  const links = new IdentifierLinks();
  const mapped = new Set<string>();
  const unmapped = new Set<string>();
  const at: Record<string, ExpectDoc> = {};
  const requires = new Set<string>();
  const created = new Set<string>();
  const referenced = { users: [] as string[], groups: [] as string[] };
  const groupNames = new Map<string, string>();
  recording.exchanges.forEach((ex) => {
    const doc = toDoc(ex);
    for (const link of links.uses(doc.request)) if (!link.mapped && !mapped.has(link.value)) unmapped.add(link.value);
    const ref = ex.id ?? String(ex.index);
    links.learn(ref, doc.response);
    const rel = relOf(ex.request.path, recording.basePath);
    const collection = (rel.split('?')[0] ?? '').split('/').filter(Boolean)[0]?.toLowerCase();
    if (ex.request.method === 'PATCH') requires.add('patch');
    if (collection === 'groups') requires.add('groups');
    if (collection === 'bulk') requires.add('bulk');
    if (collection === 'me') requires.add('me');
    if (/[?&]filter=/i.test(rel)) requires.add('filter');
    const idTemplate = (value: string) => (mapped.has(value) ? `{{ids.${value}}}` : undefined);
    const expect = expectationsFor(ex, rel, idTemplate);
    if (expect) at[ref] = expect;
    // Learnt after this exchange's checks: its own response is what they judge.
    collectIds(doc.response.body, mapped);
    noteResources(rel, ex.request.method, ex.response.status, doc.response.body, { created, referenced, groupNames });
  });
  const existingGroups = referenced.groups
    .filter((id) => !created.has(id))
    .slice(0, 10)
    .map((id) => ({ id, ...(groupNames.has(id) ? { displayName: groupNames.get(id) as string } : {}) }));
  const existingUsers = referenced.users.filter((id) => !created.has(id));
  // The run's own groups (--group, or created by the runner) stand in for the recorded ones, by id and by name.
  const substitute: Record<string, string> = {};
  existingGroups.forEach((g, i) => {
    substitute[g.id] = `{{groups.${i}.id}}`;
    if (g.displayName) substitute[g.displayName] = `{{groups.${i}.displayName}}`;
  });

  const description = [
    `Replays ${recording.name} (${recording.exchanges.length} exchanges) and judges every response:`,
    'the automatic checks for each operation, plus the values the recorded server confirmed (under `at`).',
    ...(existingGroups.length > 0
      ? [`The recorded groups ${existingGroups.map((g) => g.displayName ?? g.id).join(', ')} existed before the recording: the run's groups (--group) stand in for them.`]
      : []),
    ...(existingUsers.length > 0 ? [`The users ${existingUsers.join(', ')} existed before the recording: the target needs them too.`] : []),
    ...(unmapped.size > 0
      ? [`Replay cannot map ${[...unmapped].join(', ')} (seen only in lists of several resources): add them under \`substitute\`.`]
      : []),
  ].join(' ');
  const tags = [...(TAGS[recording.idp ?? ''] ?? []), 'recorded'];
  const scenario: Record<string, unknown> = {
    kind: 'scenario',
    version: 1,
    id: options.id,
    name: options.name ?? `Replay: ${recording.name}`,
    description,
    tags,
    ...(requires.size > 0 ? { requires: [...requires].sort() } : {}),
    ...(existingGroups.length > 0 ? { existingGroups: existingGroups.length } : {}),
    steps: [
      {
        name: recording.name,
        replay: {
          recording: options.recordingRef,
          ...(existingGroups.length > 0 ? { substitute } : {}),
          ...(Object.keys(at).length > 0 ? { at } : {}),
        },
      },
    ],
  };
  return { scenario, unmapped: [...unmapped].filter((v) => !(v in substitute)), existingGroups, existingUsers };
}

/** Ids replay's correlation learns from a response: the resource's own, or a one-result list's. */
function collectIds(body: unknown, into: Set<string>): void {
  const o = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (!o) return;
  if (typeof o['id'] === 'string') into.add(o['id']);
  const list = o['Resources'];
  if (Array.isArray(list) && list.length === 1) {
    const first = list[0] as Record<string, unknown> | undefined;
    if (first && typeof first['id'] === 'string') into.add(first['id']);
  }
}

interface ResourceNotes {
  created: Set<string>;
  referenced: { users: string[]; groups: string[] };
  groupNames: Map<string, string>;
}

/** Which Users and Groups a request addresses by id, which ids a create assigned, and the groups' names. */
function noteResources(rel: string, method: string, status: number, body: unknown, notes: ResourceNotes): void {
  const [collection, id] = (rel.split('?')[0] ?? '').split('/').filter(Boolean).map(safeDecode);
  const kind = collection?.toLowerCase();
  const o = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  if (method === 'POST' && id === undefined && status < 300 && typeof o?.['id'] === 'string') notes.created.add(o['id']);
  if (id !== undefined && (kind === 'users' || kind === 'groups')) {
    const list = notes.referenced[kind];
    if (!list.includes(id)) list.push(id);
  }
  if (kind !== 'groups' || !o) return;
  const resources = Array.isArray(o['Resources']) ? (o['Resources'] as unknown[]) : [o];
  for (const r of resources) {
    const g = r as Record<string, unknown> | null;
    if (g && typeof g['id'] === 'string' && typeof g['displayName'] === 'string' && !notes.groupNames.has(g['id'])) {
      notes.groupNames.set(g['id'], g['displayName']);
    }
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
