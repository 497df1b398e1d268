/**
 * The evidence table: which documented IdP needs may turn a failed check into
 * "blocks <IdP>" (docs/verdicts.md). A check blocks an IdP only by citing a row
 * here whose basis is seen traffic, the IdP's documentation, the Mezmo guide, or
 * the IdP's published test suite; an inferred row is cited but blocks nothing.
 * Rows are keyed by the reference as scenarios write it (`okta.md §4.2`,
 * `entra.md §3 (Read by id)`); a citation matches the longest row key it starts with.
 */
export type EvidenceIdp = 'okta' | 'entra' | 'mezmo';

/** seen: a capture, log or the IdP's own documentation; suite: the IdP's published test suite; guide: Mezmo's set-up page. */
export type EvidenceBasis = 'seen' | 'suite' | 'guide' | 'inferred';

export interface EvidenceRow {
  /** The reference as cited, without the parenthetical detail scenarios may add. */
  ref: string;
  idp: EvidenceIdp;
  basis: EvidenceBasis;
  /** What the IdP needs from the server, in a line. */
  need: string;
  /** Sources behind it, as tagged in okta.md / entra.md. */
  sources: string;
}

const row = (ref: string, idp: EvidenceIdp, basis: EvidenceBasis, need: string, sources: string): EvidenceRow => ({ ref, idp, basis, need, sources });

export const EVIDENCE: readonly EvidenceRow[] = [
  // ---- Okta (okta.md; [seen] items only block) ----
  row('okta.md §1 (KB-str)', 'okta', 'seen', 'ListResponse totalResults, startIndex and itemsPerPage are JSON integers; a string stops provisioning', 'REF20 note, KB-str'),
  row('okta.md §1 (ory/polis#4054)', 'okta', 'seen', 'itemsPerPage equals the number of Resources returned', 'ory/polis#4054 (OIN QA)'),
  row('okta.md §1 (request headers)', 'okta', 'seen', 'bodies sent as application/scim+json; charset=utf-8 are parsed', 'MOCK, LEGACY'),
  row('okta.md §1', 'okta', 'seen', 'the response rules Okta relies on (integer counts, itemsPerPage = returned, string ids)', 'REF20, KB-str, ory/polis#4054'),
  row('okta.md §2', 'okta', 'seen', 'Test API Credentials: GET /Users?startIndex=1&count=2 answers 200 with a ListResponse whose Resources is an array (possibly empty)', 'REF11, LEGACY, BETA16, KB-empty'),
  row('okta.md §3', 'okta', 'seen', 'import pages GET /Users and /Groups by startIndex/count in a stable order until totalResults', 'REF20'),
  row('okta.md §4.1', 'okta', 'seen', 'the existence check userName eq (percent-encoded) answers 200 with totalResults 0 or 1', 'REF20'),
  row('okta.md §4.2', 'okta', 'seen', 'POST /Users with Okta\'s full body answers 201 with the user and its id; a duplicate answers 409', 'REF20, LEGACY'),
  row('okta.md §4.3', 'okta', 'seen', 'a found user is linked: GET /Users/{id}, then PUT with the Okta profile', 'REF20, MOCK, LAB, DEVF'),
  row('okta.md §4', 'okta', 'seen', 'create-user flow: lookup, POST 201 with id, 409 on duplicates', 'REF20'),
  row('okta.md §5', 'okta', 'seen', 'profile update: GET /Users/{id}, then PUT with the server\'s representation plus changes (AIW); PATCH for OIN apps', 'REF20, MOCK, LEGACY'),
  row('okta.md §6', 'okta', 'seen', 'deactivate/reactivate: path-less PATCH replace {active} (OIN) or GET + PUT with active (AIW)', 'REF20, LEGACY, BETA16, MOCK, LAB, DEVF'),
  row('okta.md §7.1', 'okta', 'seen', 'push a new group: displayName eq lookup, POST /Groups 201, then membership PATCH (OIN) or PUT (AIW)', 'REF20, LAB, SCIM-SDK#419'),
  row('okta.md §7.2', 'okta', 'seen', 'membership changes: PATCH add members / remove members[value eq "<id>"] (OIN), PUT with the full members list (AIW)', 'REF20, LEGACY, LAB'),
  row('okta.md §7.3', 'okta', 'seen', 'rename: path-less PATCH replace {id, displayName} after every membership change (OIN), PUT (AIW)', 'REF20, go-scim#57'),
  row('okta.md §7.4', 'okta', 'inferred', 'link an existing group: import groups, then membership updates on the linked id (the follow-up requests are inferred)', 'GP [seen] for the need to import; follow-up [inferred]'),
  row('okta.md §7.5', 'okta', 'seen', 'unlink and delete the group in the app: DELETE /Groups/{id}', 'REF20, GP'),
  row('okta.md §8 (OIN PATCH)', 'okta', 'inferred', 'password sync on an OIN app by PATCH: REF20 lists it, no body is published (a path-less replace by analogy with active)', 'REF20'),
  row('okta.md §8', 'okta', 'seen', 'password sync: AIW PUT carries password; create carries a random password', 'REF20, LEGACY, CONNECT'),
  row('okta.md §9.1', 'okta', 'suite', 'Okta SCIM 2.0 SPEC Test (OIN submission suite) assertions', 'SPEC24'),
  row('okta.md §10 item 1', 'okta', 'seen', 'path-less PATCH with an object value, lowercase op', 'pond/scimitar#29, getsentry/sentry#27199, go-scim#57'),
  row('okta.md §10 item 4', 'okta', 'seen', 'counts are integers and itemsPerPage is the number returned', 'KB-str, ory/polis#4054'),
  row('okta.md §10 item 6', 'okta', 'seen', 'PUT echoes the server\'s own representation (meta, unknown and server-generated fields)', 'MOCK, LAB'),
  row('okta.md §12', 'okta', 'inferred', 'the ordered replay sketch (a composite of the sections it cites)', 'composite'),

  // ---- Entra (entra.md; [DOC], [MS] and [OBS] block, [INF] and [3P] do not) ----
  row('entra.md §0', 'entra', 'seen', 'the Tenant URL\'s ?aadOptscim062020 selects flag-mode requests', 'DOC S2'),
  row('entra.md §1 [INF group probe]', 'entra', 'inferred', 'a second Test Connection probe on /Groups (no capture)', 'INF from DOC S1'),
  row('entra.md §1', 'entra', 'seen', 'Test Connection: userName eq <random guid> answers 200 with an empty ListResponse, never 404', 'DOC S1, OBS azure-docs#94189'),
  row('entra.md §2.1', 'entra', 'seen', 'per user: query by matching attribute, then create or update', 'DOC S3'),
  row('entra.md §2.2', 'entra', 'seen', 'the matching query (eq, and; + for spaces) answers a ListResponse of full resources with id', 'DOC S1, OBS azure-docs#94189'),
  row('entra.md §2.3', 'entra', 'seen', 'POST /Users answers 201 with the full resource and id; a duplicate answers 409', 'DOC S1'),
  row('entra.md §2.4', 'entra', 'seen', 'PATCH /Users/{id} in Entra\'s form (default: capitalised ops; flag: lowercase, path-less replace) answers 200 or 204', 'DOC S1, S2'),
  row('entra.md §2.5', 'entra', 'seen', 'manager written by PATCH with a plain string id and removed by a value filter', 'DOC S2, OBS scim-patch#453'),
  row('entra.md §2.6', 'entra', 'seen', 'disable/re-enable by PATCH active; a disabled user is still returned by GET and filters', 'DOC S1, S2'),
  row('entra.md §2.7', 'entra', 'seen', 'DELETE /Users/{id} answers 204', 'DOC S1, S3'),
  row('entra.md §3 (Query)', 'entra', 'seen', 'GET /Groups?excludedAttributes=members&filter=displayName eq answers a ListResponse', 'DOC S1'),
  row('entra.md §3 (Read by id)', 'entra', 'seen', 'GET /Groups/{id}?excludedAttributes=members answers the group without members', 'DOC S1'),
  row('entra.md §3 (Create)', 'entra', 'seen', 'POST /Groups with an empty members list answers 201 with id', 'DOC S1, OBS Q&A 637791'),
  row('entra.md §3 (Add members)', 'entra', 'seen', 'PATCH Add members [{value}] answers 204 or 200', 'DOC S1'),
  row('entra.md §3 (Remove members)', 'entra', 'seen', 'PATCH Remove members with value (default) or members[value eq] (flag) removes only those members', 'DOC S1, S2, azure-docs#30826'),
  row('entra.md §3 (Rename)', 'entra', 'seen', 'PATCH Replace displayName answers 204 or 200', 'DOC S1, OBS ory/polis#2564'),
  row('entra.md §3 (Delete)', 'entra', 'seen', 'DELETE /Groups/{id} answers 204', 'DOC S1'),
  row('entra.md §3', 'entra', 'seen', 'group query, read, create, membership, rename and delete as documented', 'DOC S1, S2'),
  row('entra.md §4', 'entra', 'seen', 'the compliance table: behaviours changed by aadOptscim062020', 'DOC S2'),
  row('entra.md §5', 'entra', 'seen', 'responses use application/scim+json; request bodies arrive as application/scim+json; charset=utf-8', 'DOC S1, OBS azure-docs#12728'),
  row('entra.md §6', 'entra', 'suite', 'the Entra SCIM Validator\'s tests', 'DOC S4'),
  row('entra.md §7', 'entra', 'seen', 'Microsoft\'s "build a SCIM endpoint" requirements', 'DOC S1'),
  row('entra.md §8', 'entra', 'seen', 'known quirks with a documented or observed source', 'DOC S1, OBS'),

  // ---- Mezmo (its public set-up page) ----
  row('mezmo-scim-setup.txt', 'mezmo', 'guide', 'Mezmo\'s set-up: userName = email, groups = existing child orgs synced but never created or deleted, the listed Okta/Entra options', 'docs.mezmo.com SCIM set-up'),
];

/** `okta.md §7.3 (go-scim#57)` → the rows it cites; `okta.md §3, §7.4` and `a; b` cite several. */
export function citedRefs(citation: string): string[] {
  const out: string[] = [];
  for (const part of citation.split(';')) {
    const text = part.trim();
    const m = /^(\S+\.(?:md|txt))\s*(.*)$/.exec(text);
    if (!m) continue;
    const [, file, rest] = m as unknown as [string, string, string];
    // `§3, §7.4 (x)` → `§3`, `§7.4 (x)`; a bare file stands for itself.
    const sections = rest.split(/,\s*(?=§)/).map((s) => s.trim()).filter(Boolean);
    if (sections.length === 0) out.push(file);
    for (const s of sections) out.push(`${file} ${s}`);
  }
  return out;
}

/** The row a single reference cites: the longest key it starts with (on a word boundary), if any. */
export function evidenceRow(ref: string): EvidenceRow | undefined {
  let best: EvidenceRow | undefined;
  for (const r of EVIDENCE) {
    if (ref === r.ref || (ref.startsWith(r.ref) && /^[\s(,;–"[]/.test(ref.slice(r.ref.length)))) {
      if (!best || r.ref.length > best.ref.length) best = r;
    }
  }
  return best;
}

/** Rows that may block: documented, seen, a published suite, or the Mezmo guide. */
export function canBlock(r: EvidenceRow): boolean {
  return r.basis !== 'inferred';
}

/** Every row a citation names, or the parts that name none (for load-time diagnostics). */
export function resolveCitation(citation: string): { rows: EvidenceRow[]; unknown: string[] } {
  const rows: EvidenceRow[] = [];
  const unknown: string[] = [];
  for (const ref of citedRefs(citation)) {
    const r = evidenceRow(ref);
    if (r) rows.push(r);
    else unknown.push(ref);
  }
  return { rows, unknown };
}

/** The evidence table as Markdown rows, for docs/verdicts.md (kept current by test/unit/runner/evidence.test.ts). */
export function renderEvidenceTable(): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| Citation | IdP | Basis | Blocks | What the IdP needs | Sources |', '|---|---|---|---|---|---|'];
  for (const r of EVIDENCE) {
    lines.push(`| \`${esc(r.ref)}\` | ${r.idp} | ${r.basis} | ${canBlock(r) ? 'yes' : 'no'} | ${esc(r.need)} | ${esc(r.sources)} |`);
  }
  return lines.join('\n');
}

export const EVIDENCE_TABLE_START = '<!-- evidence-table:start (generated from src/runner/evidence.ts; npm run docs:verdicts) -->';
export const EVIDENCE_TABLE_END = '<!-- evidence-table:end -->';

/** `doc` with its evidence table replaced by the current one. */
export function withEvidenceTable(doc: string): string {
  const start = doc.indexOf(EVIDENCE_TABLE_START);
  const end = doc.indexOf(EVIDENCE_TABLE_END);
  if (start < 0 || end < start) throw new Error('docs/verdicts.md has no evidence-table markers');
  return `${doc.slice(0, start + EVIDENCE_TABLE_START.length)}\n${renderEvidenceTable()}\n${doc.slice(end)}`;
}
