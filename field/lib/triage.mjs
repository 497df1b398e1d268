/**
 * field/triage.yaml: the hand-written triage of each defect, keyed by server
 * key, then by the verdict's defect key:
 *
 *   scimmy:
 *     "scim.listResponse.itemsPerPage-count @ P-3.4.2.4-08":
 *       verdict: true-deviation          # or tester-fault
 *       evidence: RFC 7644 §3.4.2.4 ...; the server answered ...
 *       fixed-by: <commit or test>       # tester faults: what fixed (or will fix) the tester
 *
 * Bad input is refused with file:line and the field at fault.
 */
import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isScalar, parseDocument } from 'yaml';

export const VERDICTS = ['true-deviation', 'tester-fault'];
const FIELDS = new Set(['verdict', 'evidence', 'fixed-by']);

export class TriageError extends Error {}

export function loadTriage(file, serverKeys) {
  return parseTriage(readFileSync(file, 'utf8'), file, serverKeys);
}

export function parseTriage(text, file, serverKeys) {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, uniqueKeys: true });
  const at = (node, field) => {
    const pos = node?.range ? lines.linePos(node.range[0]) : { line: 1, col: 1 };
    return `${file}:${pos.line}:${pos.col}${field ? `: ${field}` : ''}`;
  };
  if (doc.errors.length) throw new TriageError(`${at({ range: doc.errors[0].pos }, '')} ${doc.errors[0].message}`);
  const triage = {};
  if (doc.contents === null) return triage;
  if (!isMap(doc.contents)) throw new TriageError(`${at(doc.contents)}: expected a map of server keys (${serverKeys.join(', ')})`);
  for (const serverPair of doc.contents.items) {
    const server = String(serverPair.key?.value ?? serverPair.key);
    if (!serverKeys.includes(server)) throw new TriageError(`${at(serverPair.key, server)}: unknown server (expected one of ${serverKeys.join(', ')})`);
    triage[server] = {};
    if (serverPair.value === null || (isScalar(serverPair.value) && serverPair.value.value === null)) continue;
    if (!isMap(serverPair.value)) throw new TriageError(`${at(serverPair.value, server)}: expected a map of defect keys`);
    for (const entryPair of serverPair.value.items) {
      const key = String(entryPair.key?.value ?? entryPair.key);
      const where = `${server}."${key}"`;
      if (!isMap(entryPair.value)) throw new TriageError(`${at(entryPair.key, where)}: expected verdict, evidence and (for tester faults) fixed-by`);
      const entry = {};
      for (const field of entryPair.value.items) {
        const name = String(field.key?.value);
        if (!FIELDS.has(name)) throw new TriageError(`${at(field.key, `${where}.${name}`)}: unknown field (allowed: ${[...FIELDS].join(', ')})`);
        const value = isScalar(field.value) ? field.value.value : undefined;
        if (typeof value !== 'string' || value.trim() === '') throw new TriageError(`${at(field.value ?? field.key, `${where}.${name}`)}: expected a non-empty string`);
        entry[name] = value.trim();
      }
      if (!VERDICTS.includes(entry.verdict)) {
        const node = entryPair.value.get('verdict', true) ?? entryPair.key;
        throw new TriageError(`${at(node, `${where}.verdict`)}: expected ${VERDICTS.join(' or ')}, got ${entry.verdict ?? 'nothing'}`);
      }
      if (!entry.evidence) throw new TriageError(`${at(entryPair.key, `${where}.evidence`)}: missing (an RFC section or okta.md/entra.md item, and what the server answered)`);
      if (entry['fixed-by'] && entry.verdict !== 'tester-fault') throw new TriageError(`${at(entryPair.value.get('fixed-by', true), `${where}.fixed-by`)}: only a tester fault is fixed by a tester change`);
      triage[server][key] = entry;
    }
  }
  return triage;
}
