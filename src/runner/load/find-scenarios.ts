/**
 * Scenario files from the command line (files or folders) and the built-in set,
 * loaded together so every invalid file is reported before anything runs.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic, Result } from '../../core/errors.js';
import type { Scenario } from '../types.js';
import { loadScenarioFile } from './load-scenario.js';
import { displayPath } from './read-yaml-file.js';

/** scenarios/ at the package root (two levels above src/runner/load and dist/runner/load). */
export function builtinScenarioDir(): string {
  return fileURLToPath(new URL('../../../scenarios/', import.meta.url));
}

const YAML = /\.ya?ml$/i;

/** Expand folders (recursively, sorted) to YAML files that are not recordings. */
export function expandPaths(paths: readonly string[], cwd?: string): Result<string[]> {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (YAML.test(entry.name) && !isRecording(full)) files.push(full);
    }
  };
  for (const p of paths) {
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch {
      diagnostics.push({ code: 'FILE_NOT_FOUND', severity: 'error', message: `\`${displayPath(p, cwd)}\` does not exist` });
      continue;
    }
    if (isDir) walk(p);
    else files.push(p);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: [...new Set(files)] };
}

function isRecording(file: string): boolean {
  try {
    return /^kind:\s*recording\s*$/m.test(readFileSync(file, 'utf8'));
  } catch {
    return false;
  }
}

/** The innermost of the folders the user passed that holds `file`. */
function rootOf(file: string, roots: readonly string[]): string | undefined {
  const abs = resolve(file);
  return roots
    .map((r) => resolve(r))
    .filter((r) => abs.startsWith(r.endsWith(sep) ? r : r + sep))
    .sort((a, b) => b.length - a.length)[0];
}

/** `roots`: the files and folders the user passed (see expandPaths); they name files outside any `scenarios/` folder. */
export function loadScenarios(files: readonly string[], roots: readonly string[] = [], cwd?: string): Result<Scenario[]> {
  const scenarios: Scenario[] = [];
  const diagnostics: Diagnostic[] = [];
  const ids = new Map<string, string>();
  for (const file of files) {
    const root = rootOf(file, roots);
    const r = loadScenarioFile(file, { ...(root ? { root } : {}), ...(cwd ? { cwd } : {}) });
    if (!r.ok) {
      diagnostics.push(...r.diagnostics);
      continue;
    }
    const clash = ids.get(r.value.id);
    if (clash) {
      diagnostics.push({
        code: 'SCENARIO_INVALID',
        severity: 'error',
        message: `scenario id \`${r.value.id}\` is used by both ${clash} and ${r.value.file}`,
        hint: 'set a distinct `id:` in one of them',
      });
      continue;
    }
    ids.set(r.value.id, r.value.file);
    scenarios.push(r.value);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  return { ok: true, value: scenarios };
}

export interface ScenarioFilter {
  tags?: readonly string[];
  grep?: string;
}

/** `--tag` keeps scenarios with any of the tags; `--grep` matches name or id, case-insensitively. */
export function filterScenarios(scenarios: readonly Scenario[], filter: ScenarioFilter): Scenario[] {
  const needle = filter.grep?.toLowerCase();
  return scenarios.filter(
    (s) =>
      (!filter.tags || filter.tags.length === 0 || s.tags.some((t) => filter.tags?.includes(t))) &&
      (!needle || s.name.toLowerCase().includes(needle) || s.id.toLowerCase().includes(needle)),
  );
}
