/**
 * `--seed` read as it is applied: a file is read in 1 MiB pieces and each
 * resource is created as soon as it is parsed, so a seed of a million users
 * never sits in memory whole (docs/serve.md "Seeds and persistence").
 *
 * - JSON Lines (`.jsonl`, `.ndjson`): one resource per line; blank lines are skipped.
 * - YAML (any other name but `.json`): a stream of documents separated by `---`,
 *   each either one resource or a seed object with `users:` and/or `groups:`
 *   (the first may also declare extension `schemas:`). A file of one seed
 *   object (the classic seed) is one document.
 * - JSON (`.json`): one seed object, parsed whole as before.
 *
 * A resource is a User or a Group by its `schemas` (the core User or Group
 * URN). Every error names the file and line.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { Composer, LineCounter, Parser, isMap, isSeq, type Document } from 'yaml';
import type { ScimResource } from '../core/schema/types.js';
import { loadSeedFile } from './seed.js';
import { SeedError, seedEntries, toSeedData, type SeedEntry, type SeedStream } from './seed-data.js';
import type { ResourceKind } from './store.js';

const CHUNK = 1 << 20;
const USER_URN = 'urn:ietf:params:scim:schemas:core:2.0:user';
const GROUP_URN = 'urn:ietf:params:scim:schemas:core:2.0:group';

/** The file's text in pieces, decoded as UTF-8 across piece boundaries. */
function* pieces(path: string): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK, null);
      if (n === 0) break;
      yield decoder.write(buffer.subarray(0, n));
    }
    const rest = decoder.end();
    if (rest) yield rest;
  } finally {
    closeSync(fd);
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** User or Group by the resource's `schemas`, else a SeedError naming where. */
function kindOf(resource: unknown, where: string): ResourceKind {
  if (!isObject(resource)) throw new SeedError(`${where}: a resource must be an object`);
  const schemas = Array.isArray(resource.schemas) ? resource.schemas.map((s) => String(s).toLowerCase()) : [];
  if (schemas.includes(GROUP_URN)) return 'Group';
  if (schemas.includes(USER_URN)) return 'User';
  throw new SeedError(`${where}: "schemas" must name the core User or Group schema, so the seed knows which it is`);
}

function* jsonLines(path: string): Generator<SeedEntry> {
  let carry = '';
  let line = 0;
  const one = function* (text: string): Generator<SeedEntry> {
    line++;
    if (text.trim() === '') return;
    const where = `${path}:${line}`;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (err) {
      throw new SeedError(`${where}: not valid JSON: ${(err as Error).message}`);
    }
    yield { kind: kindOf(value, where), resource: value as ScimResource, where };
  };
  for (const piece of pieces(path)) {
    const text = carry + piece;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      yield* one(text.slice(start, nl));
      start = nl + 1;
    }
    carry = text.slice(start);
  }
  if (carry !== '') yield* one(carry);
}

/** A seed object (`schemas:` Schema documents, `users:`, `groups:`) rather than one resource. */
function isSeedObject(value: unknown): value is Record<string, unknown> {
  if (!isObject(value)) return false;
  if ('users' in value || 'groups' in value) return true;
  return !Array.isArray(value.schemas) || value.schemas.some(isObject);
}

/** Parsed YAML documents of the file, one at a time. */
function* yamlDocuments(path: string, lines: LineCounter): Generator<Document.Parsed> {
  const parser = new Parser(lines.addNewLine);
  const composer = new Composer();
  for (const piece of pieces(path)) {
    for (const token of parser.parse(piece, true)) yield* composer.next(token);
  }
  for (const token of parser.parse('', false)) yield* composer.next(token);
  yield* composer.end();
}

/**
 * A YAML seed: its first document is read now, so the extension Schema documents
 * it may declare (`schemas:`, as in a one-document seed) are known before the
 * server is made; the rest is read as it is applied.
 */
function yamlSeed(path: string): SeedStream {
  const lines = new LineCounter();
  const at = (offset: number): string => `${path}:${lines.linePos(offset).line}`;
  const docs = yamlDocuments(path, lines);
  const parse = (doc: Document.Parsed): { value: unknown; where: string } => {
    const error = doc.errors[0];
    if (error) throw new SeedError(`${at(error.pos[0])}: not valid YAML: ${error.message.split('\n')[0]}`);
    return { value: doc.toJS(), where: at(doc.contents?.range?.[0] ?? doc.range[0]) };
  };
  const entries = function* (doc: Document.Parsed, value: unknown, where: string, first: boolean): Generator<SeedEntry> {
    if (value === null || value === undefined) return;
    if (!isSeedObject(value)) {
      yield { kind: kindOf(value, where), resource: value as ScimResource, where };
      return;
    }
    let seed;
    try {
      seed = toSeedData(value);
    } catch (err) {
      throw new SeedError(`${where}: ${(err as Error).message}`);
    }
    if (seed.schemas && !first) throw new SeedError(`${where}: "schemas" (extension Schema documents) may only be declared in the first document`);
    // A seed object's items are reported by their own line.
    const itemLine = (key: string, i: number): string => {
      const list = isMap(doc.contents) ? doc.contents.get(key, true) : undefined;
      const item = isSeq(list) ? (list.items[i] as { range?: [number, number, number] } | undefined) : undefined;
      return item?.range ? at(item.range[0]) : where;
    };
    for (const entry of seedEntries(seed)) {
      const [, key, index] = /^(users|groups)\[(\d+)\]$/.exec(entry.where) ?? [];
      yield { ...entry, where: `${key ? itemLine(key, Number(index)) : where} ${entry.where}` };
    }
  };
  const head = docs.next();
  const firstDoc = head.done ? undefined : head.value;
  const first = firstDoc ? parse(firstDoc) : undefined;
  const schemas = first && isSeedObject(first.value) && Array.isArray(first.value.schemas) ? (first.value.schemas as unknown[]) : undefined;
  return {
    ...(schemas ? { schemas } : {}),
    *entries() {
      if (firstDoc && first) yield* entries(firstDoc, first.value, first.where, true);
      for (const doc of docs) {
        const { value, where } = parse(doc);
        yield* entries(doc, value, where, false);
      }
    },
  };
}

/**
 * A seed file as a stream of resources, read while the server applies it. The
 * file must exist now; its content is judged as it is read.
 * @throws SeedError when the file cannot be read.
 */
export function openSeedFile(path: string): SeedStream {
  try {
    if (!statSync(path).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SeedError(`cannot read seed file ${path}${code ? ` (${code})` : ''}`);
  }
  const lower = path.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return { entries: () => jsonLines(path) };
  if (lower.endsWith('.json')) {
    const seed = loadSeedFile(path);
    return { ...(seed.schemas ? { schemas: seed.schemas } : {}), entries: () => seedEntries(seed, `${path} `) };
  }
  return yamlSeed(path);
}
