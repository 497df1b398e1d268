/**
 * Prints diagnostics through the Hurl-style renderer, reading each span's file
 * once for the source line. Errors reported by scimctl itself carry `scimctl:`.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../core/errors.js';
import type { Sink } from '../reporters/types.js';
import { renderDiagnostic } from '../reporters/render-diagnostic.js';

export function printDiagnostics(diagnostics: readonly Diagnostic[], out: Sink, color: boolean): void {
  const sources = new Map<string, string | undefined>();
  const sourceOf = (file: string) => {
    if (!sources.has(file)) {
      try {
        sources.set(file, readFileSync(file, 'utf8'));
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
