/**
 * Reading seed files (YAML or JSON) for `--seed`, and the profile's default
 * seed from fixtures/ when none is given.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { ServerProfile } from './profiles/types.js';
import { SeedError, toSeedData, type SeedData } from './seed-data.js';

/** Parse a seed file; YAML unless it ends in `.json`. Throws SeedError with the file name. */
export function loadSeedFile(path: string): SeedData {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SeedError(`cannot read seed file ${path}${code ? ` (${code})` : ''}`);
  }
  let value: unknown;
  try {
    value = path.toLowerCase().endsWith('.json') ? JSON.parse(text) : parseYaml(text);
  } catch (err) {
    throw new SeedError(`seed file ${path} is not valid ${path.toLowerCase().endsWith('.json') ? 'JSON' : 'YAML'}: ${(err as Error).message}`);
  }
  try {
    return toSeedData(value);
  } catch (err) {
    throw new SeedError(`seed file ${path}: ${(err as Error).message}`);
  }
}

/** The file of fixtures/ a profile starts from when no seed is given (src/server and dist/server both sit two levels down). */
export function defaultSeedPath(profile: ServerProfile): string | undefined {
  if (!profile.defaultSeedFixture) return undefined;
  return fileURLToPath(new URL(`../../fixtures/${profile.defaultSeedFixture}`, import.meta.url));
}

/** The profile's default seed, or undefined when it has none. */
export function defaultSeed(profile: ServerProfile): SeedData | undefined {
  const path = defaultSeedPath(profile);
  return path === undefined ? undefined : loadSeedFile(path);
}
