/**
 * The JSON Schemas in schemas/, compiled once and cached (house style §5).
 */
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { readFileSync } from 'node:fs';

export type SchemaName = 'recording' | 'scenario' | 'config' | 'report';

const cache = new Map<SchemaName, ValidateFunction>();
let ajv: Ajv | undefined;

/** schemas/ sits two levels above both src/runner/load and dist/runner/load. */
export function schemaUrl(name: SchemaName): URL {
  return new URL(`../../../schemas/${name}.schema.json`, import.meta.url);
}

export function validatorFor(name: SchemaName): ValidateFunction {
  const hit = cache.get(name);
  if (hit) return hit;
  ajv ??= new Ajv({ allErrors: true, verbose: true, strict: true, strictRequired: false, allowUnionTypes: true });
  const schema = JSON.parse(readFileSync(schemaUrl(name), 'utf8')) as object;
  const fn = ajv.compile(schema);
  cache.set(name, fn);
  return fn;
}
