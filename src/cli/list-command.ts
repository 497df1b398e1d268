/**
 * `scimctl list`: the scenarios a `scimctl test` with the same options would
 * run, with their tags, needs and step counts, and a count per tag.
 */
import { EXIT_CODES, exitCodeForDiagnostics } from '../core/errors.js';
import type { Scenario } from '../runner/types.js';
import type { CliIO } from './cli-io.js';
import { useColor } from './cli-io.js';
import { printDiagnostics } from './print-diagnostics.js';
import { loadPlanScenarios } from './run-test.js';

export interface ListFlags {
  scenarios?: string[];
  withBuiltin?: boolean;
  tag?: string[];
  grep?: string;
}

export function listText(scenarios: readonly Scenario[]): string {
  const lines: string[] = [];
  const w = Math.max(8, ...scenarios.map((s) => s.id.length));
  for (const s of scenarios) {
    const steps = s.setup.length + s.steps.length + s.teardown.length;
    const needs = s.requires.length > 0 ? `  needs ${s.requires.join(', ')}` : '';
    lines.push(`${s.id.padEnd(w)}  ${s.name}  [${s.tags.join(', ')}]  ${steps} step${steps === 1 ? '' : 's'}${needs}`);
  }
  const tags = new Map<string, number>();
  for (const s of scenarios) for (const t of s.tags) tags.set(t, (tags.get(t) ?? 0) + 1);
  lines.push('', `${scenarios.length} scenario${scenarios.length === 1 ? '' : 's'}`);
  if (tags.size > 0) {
    lines.push(`tags: ${[...tags].sort((a, b) => a[0].localeCompare(b[0])).map(([t, n]) => `${t} (${n})`).join(', ')}`);
  }
  return `${lines.join('\n')}\n`;
}

export function runListCommand(flags: ListFlags, io: CliIO): number {
  const loaded = loadPlanScenarios({
    scenarioPaths: (flags.scenarios ?? []).map((p) => (p.startsWith('/') ? p : `${io.cwd}/${p}`)),
    withBuiltin: flags.withBuiltin ?? false,
    tags: flags.tag ?? [],
    ...(flags.grep ? { grep: flags.grep } : {}),
  }, io.cwd);
  if (!loaded.ok) {
    printDiagnostics(loaded.diagnostics, io.stderr, useColor(io), io.cwd);
    return exitCodeForDiagnostics(loaded.diagnostics);
  }
  io.stdout.write(listText(loaded.value));
  return EXIT_CODES.ok;
}
