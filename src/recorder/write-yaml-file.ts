/**
 * Writing a generated YAML file (scaffolded scenario, imported recording):
 * a schema comment for editors, a short provenance comment, and no silent
 * overwrite.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { ScimctlError } from '../core/errors.js';
import { schemaUrl, type SchemaName } from '../runner/load/validators.js';

export function writeYamlFile(file: string, schema: SchemaName, comment: string, value: unknown, overwrite: boolean): void {
  if (!overwrite && existsSync(file)) {
    throw new ScimctlError('USAGE', `\`${file}\` already exists; choose another --out or pass --force to replace it`);
  }
  const schemaRef = relative(dirname(file), fileURLToPath(schemaUrl(schema))).split('\\').join('/');
  const text = `# yaml-language-server: $schema=${schemaRef}\n# ${comment}\n${stringify(value, { lineWidth: 0 })}`;
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}
