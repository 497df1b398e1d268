/**
 * Prints diagnostics through the Hurl-style renderer, reading each span's file
 * once for the source line. Errors reported by scimctl itself carry `scimctl:`.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Diagnostic } from '../core/errors.js';
import type { Sink } from '../reporters/types.js';
import { renderDiagnostic } from '../reporters/render-diagnostic.js';

/** `cwd`: the command's working directory, which span paths are relative to (default: the process's). */
export function printDiagnostics(diagnostics: readonly Diagnostic[], out: Sink, color: boolean, cwd: string = process.cwd()): void {
  const sources = new Map<string, string | undefined>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(resolve(cwd, file), 'utf8'));
      } catch {
        sources.set(file, undefined);
      }
    }
    return sources.get(file);
  };
  for (const d of diagnostics) {
    const text = d.span ? sourceOf(d.span.file) : undefined;
    out.write(`${renderDiagnostic(d, text, { color })}\n\n`);
  }
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors > 0) out.write(`scimctl: ${errors} error${errors === 1 ? '' : 's'}; nothing was run\n`);
}
