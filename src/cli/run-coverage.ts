/**
 * `scimctl coverage`: which checks of the scenarios enforce each requirement
 * of rfc-checklist.md (fixtures/rfc-checklist.json), and which do not.
 * Also the loader scripts/gen-coverage.mjs uses to regenerate docs/coverage.md.
 * The commander definition is coverage-command.ts, which loads this file on use.
 */
import { EXIT_CODES, exitCodeFor, exitCodeForDiagnostics, type Diagnostic } from '../core/errors.js';
import { collectChecks } from '../runner/coverage/collect-checks.js';
import { buildCoverage } from '../runner/coverage/coverage-map.js';
import { checklistPath, loadChecklistFile } from '../runner/coverage/load-checklist.js';
import type { CoverageMap } from '../runner/coverage/coverage-map.js';
import { renderCoverageMarkdown, renderCoverageText } from '../runner/coverage/render-coverage.js';
import { builtinScenarioDir, expandPaths, loadScenarios } from '../runner/load/find-scenarios.js';
import type { CliIO } from './cli-io.js';
import { useColor } from './cli-io.js';
import { printDiagnostics } from './print-diagnostics.js';

/** The command docs/coverage.md names as its generator. */
export const COVERAGE_DOCS_COMMAND = 'npm run coverage:docs';

// scripts/gen-coverage.mjs and the coverage tests load the checklist through this module.
export { checklistPath, loadChecklistFile };

/** The coverage map of scenario files or folders (default: the built-in scenarios/). */
export function coverageOf(paths: readonly string[] = [builtinScenarioDir()]): { ok: true; value: CoverageMap } | { ok: false; diagnostics: Diagnostic[] } {
  const files = expandPaths(paths);
  if (!files.ok) return files;
  const scenarios = loadScenarios(files.value, paths);
  if (!scenarios.ok) return scenarios;
  const sorted = [...scenarios.value].sort((a, b) => a.id.localeCompare(b.id, 'en'));
  return { ok: true, value: buildCoverage(loadChecklistFile().items, collectChecks(sorted)) };
}

/** docs/coverage.md for the built-in scenarios. */
export function coverageMarkdown(paths?: readonly string[]): { ok: true; value: string } | { ok: false; diagnostics: Diagnostic[] } {
  const map = coverageOf(paths);
  if (!map.ok) return map;
  return { ok: true, value: renderCoverageMarkdown(map.value, { regenerate: COVERAGE_DOCS_COMMAND }) };
}

export interface CoverageFlags {
  scenarios?: string[];
  format?: string;
  missing?: boolean;
}

export function runCoverageCommand(flags: CoverageFlags, io: CliIO): number {
  const format = flags.format ?? 'text';
  if (!['text', 'markdown', 'json'].includes(format)) {
    io.stderr.write(`error: --format must be text, markdown or json (got ${format})\n`);
    return exitCodeFor('USAGE');
  }
  const paths = flags.scenarios?.map((p) => (p.startsWith('/') ? p : `${io.cwd}/${p}`));
  const map = coverageOf(paths && paths.length > 0 ? paths : undefined);
  if (!map.ok) {
    printDiagnostics(map.diagnostics, io.stderr, useColor(io));
    return exitCodeForDiagnostics(map.diagnostics);
  }
  if (format === 'json') io.stdout.write(`${JSON.stringify(map.value, null, 2)}\n`);
  else if (format === 'markdown') io.stdout.write(`${renderCoverageMarkdown(map.value, { regenerate: COVERAGE_DOCS_COMMAND })}\n`);
  else io.stdout.write(renderCoverageText(map.value, { missingOnly: flags.missing ?? false }));
  return EXIT_CODES.ok;
}
