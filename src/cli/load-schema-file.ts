/**
 * `scimctl serve --schema <file>`: one RFC 7643 §7 Schema document, a list of
 * them, or a /Schemas ListResponse, as YAML or JSON. Every problem is reported
 * as `file:line:col: message (rule)` from the parser's source positions.
 */
import { readFileSync } from 'node:fs';
import { ScimctlError } from '../core/errors.js';
import { parseYamlSource } from '../runner/load/yaml-source.js';
import { extensionsFromDocs, type ExtensionSchema } from '../server/extensions.js';

/** A schema file that cannot be used; `message` already carries file:line:col. */
export class SchemaFileError extends ScimctlError {
  override readonly name = 'SchemaFileError';
  constructor(message: string) {
    super('SCHEMA_FILE_INVALID', message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The documents in a parsed file, with the pointer prefix of each. */
function documentsOf(data: unknown): { docs: unknown[]; prefix: (i: number) => string[] } | undefined {
  if (Array.isArray(data)) return { docs: data, prefix: (i) => [String(i)] };
  if (isObject(data) && Array.isArray(data.Resources)) return { docs: data.Resources, prefix: (i) => ['Resources', String(i)] };
  if (isObject(data)) return { docs: [data], prefix: () => [] };
  return undefined;
}

/** Reads every file's documents; throws SchemaFileError with the first file's problems. */
export function loadSchemaFiles(files: readonly string[]): ExtensionSchema[] {
  const all: { file: string; docs: unknown[]; where: (doc: number, pointer: string) => string }[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw new SchemaFileError(`cannot read schema file ${file}${code ? ` (${code})` : ''}`);
    }
    const parsed = parseYamlSource(file, text);
    if (!parsed.ok) {
      throw new SchemaFileError(parsed.diagnostics.map((d) => `${d.span ? `${d.span.file}:${d.span.start.line}:${d.span.start.col}` : file}: ${d.message}`).join('\n'));
    }
    const found = documentsOf(parsed.source.data);
    if (!found) throw new SchemaFileError(`${file}:1:1: expected a Schema document (RFC 7643 §7), a list of them, or a ListResponse of them`);
    const { source } = parsed;
    all.push({
      file,
      docs: found.docs,
      where: (doc, pointer) => {
        const segs = [...found.prefix(doc), ...pointer.split('/').slice(1)];
        const span = source.spanOf(segs) ?? source.spanOf(segs, { key: true });
        return span ? `${file}:${span.start.line}:${span.start.col}` : `${file}:1:1`;
      },
    });
  }
  const flat = all.flatMap((f) => f.docs.map((doc, i) => ({ f, i, doc })));
  const result = extensionsFromDocs(flat.map((d) => d.doc));
  if (result.ok) return result.extensions;
  throw new SchemaFileError(
    result.issues
      .map((issue) => {
        const d = flat[issue.doc];
        const where = d ? d.f.where(d.i, issue.pointer) : files[0] ?? '';
        return `${where}: ${issue.message} (${issue.rule})`;
      })
      .join('\n'),
  );
}
