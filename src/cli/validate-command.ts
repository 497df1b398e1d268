/**
 * `scimctl validate <files…>`: checks scenario, recording and config files
 * (chosen by their `kind`, or by the config file name) without running them.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { EXIT_CODES, exitCodeForDiagnostics, type Diagnostic } from '../core/errors.js';
import { loadRecordingFile } from '../runner/load/load-recording.js';
import { loadScenarioFile } from '../runner/load/load-scenario.js';
import { displayPath, readYamlFile } from '../runner/load/read-yaml-file.js';
import type { CliIO } from './cli-io.js';
import { useColor } from './cli-io.js';
import { printDiagnostics } from './print-diagnostics.js';

export function validateFile(file: string, cwd?: string): Diagnostic[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [{ code: 'FILE_NOT_FOUND', severity: 'error', message: `\`${displayPath(file, cwd)}\` does not exist` }];
  }
  if (/^kind:\s*recording\s*$/m.test(text)) {
    const r = loadRecordingFile(file, cwd);
    return r.ok ? [] : r.diagnostics;
  }
  if (/^kind:\s*scenario\s*$/m.test(text)) {
    const r = loadScenarioFile(file, cwd ? { cwd } : {});
    return r.ok ? [] : r.diagnostics;
  }
  if (/config\.ya?ml$/i.test(basename(file)) || !/^kind:/m.test(text)) {
    const r = readYamlFile(file, 'config', cwd);
    return r.ok ? [] : r.diagnostics;
  }
  // An unknown kind: the scenario schema explains what `kind` must be, with its position.
  const r = loadScenarioFile(file, cwd ? { cwd } : {});
  return r.ok ? [] : r.diagnostics;
}

export function runValidateCommand(paths: readonly string[], io: CliIO): number {
  const files: string[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const p of paths) {
    const abs = resolve(io.cwd, p);
    try {
      if (statSync(abs).isDirectory()) files.push(...yamlFiles(abs));
      else files.push(abs);
    } catch {
      diagnostics.push({ code: 'FILE_NOT_FOUND', severity: 'error', message: `\`${displayPath(abs, io.cwd)}\` does not exist` });
    }
  }
  let ok = 0;
  for (const file of [...new Set(files)]) {
    const d = validateFile(file, io.cwd);
    if (d.length === 0) ok++;
    diagnostics.push(...d);
  }
  if (diagnostics.length > 0) {
    printDiagnostics(diagnostics, io.stderr, useColor(io), io.cwd);
    return exitCodeForDiagnostics(diagnostics);
  }
  io.stdout.write(`scimctl: ${ok} file${ok === 1 ? '' : 's'} valid\n`);
  return EXIT_CODES.ok;
}

/** Every YAML file below a folder, recordings included, sorted. */
function yamlFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, e.name);
    if (e.isDirectory()) out.push(...yamlFiles(full));
    else if (/\.ya?ml$/i.test(e.name)) out.push(full);
  }
  return out;
}
