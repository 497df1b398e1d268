/**
 * Read a YAML file and check it against one of the repo's JSON Schemas.
 * Every failure is a Diagnostic with file:line:col; nothing throws.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative } from 'node:path';
import type { Diagnostic, ScimctlErrorCode } from '../../core/errors.js';
import { convertAjvErrors } from './ajv-diagnostics.js';
import { validatorFor } from './validators.js';
import type { SchemaName } from './validators.js';
import { parseYamlSource } from './yaml-source.js';
import type { YamlSource } from './yaml-source.js';

export type SourceResult = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

const CODES: Record<SchemaName, ScimctlErrorCode> = {
  scenario: 'SCENARIO_INVALID',
  recording: 'RECORDING_INVALID',
  config: 'CONFIG_INVALID',
  report: 'BASELINE_INVALID',
};

/** A path as the user should see it: relative to the (command's) working directory when inside it. */
export function displayPath(file: string, cwd: string = process.cwd()): string {
  if (!isAbsolute(file)) return file;
  const rel = relative(cwd, file);
  return rel.startsWith('..') || isAbsolute(rel) ? file : rel;
}

export function readYamlFile(file: string, schema: SchemaName, cwd?: string): SourceResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return {
      ok: false,
      diagnostics: [
        {
          code: 'FILE_NOT_FOUND',
          severity: 'error',
          message: code === 'ENOENT' ? `\`${displayPath(file, cwd)}\` does not exist` : `cannot read \`${displayPath(file, cwd)}\` (${code ?? 'error'})`,
        },
      ],
    };
  }
  return checkYamlText(displayPath(file, cwd), text, schema);
}

export function checkYamlText(file: string, text: string, schema: SchemaName): SourceResult {
  const parsed = parseYamlSource(file, text);
  if (!parsed.ok) return parsed;
  const { source } = parsed;
  if (source.data === null || typeof source.data !== 'object' || Array.isArray(source.data)) {
    return {
      ok: false,
      diagnostics: [
        {
          code: CODES[schema],
          severity: 'error',
          message: `document: must be a mapping with \`kind: ${schema}\``,
          span: { file, start: { line: 1, col: 1 }, end: { line: 1, col: 1 } },
        },
      ],
    };
  }
  const validate = validatorFor(schema);
  if (!validate(source.data)) {
    return { ok: false, diagnostics: convertAjvErrors(validate.errors ?? [], source, CODES[schema]) };
  }
  return { ok: true, source };
}
