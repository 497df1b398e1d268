/**
 * Hurl-style rendering of a Diagnostic (house style §6):
 *
 *   error: Invalid scenario file
 *     --> scenarios/rfc/x.yaml:14:15
 *      |
 *    9 |   - name: create
 *      | ...
 *   14 |       status: abc
 *      |               ^^^ step 1 › expect.status: must be integer
 *      |
 *      = help: did you mean `patch`?
 */
import { Chalk } from 'chalk';
import type { Diagnostic } from '../core/errors.js';
import { titleFor } from '../core/errors.js';

export interface RenderOptions {
  color: boolean;
  /** Replaces the code's title (the pretty reporter shows a check's title). */
  title?: string;
}

const TAB = 4;

function expandTabs(line: string): string {
  let out = '';
  for (const ch of line) out += ch === '\t' ? ' '.repeat(TAB - (out.length % TAB)) : ch;
  return out;
}

/** Column (1-based) after tab expansion. */
function visualCol(line: string, col: number): number {
  return expandTabs(line.slice(0, Math.max(0, col - 1))).length + 1;
}

/** The list item (`- name: …`) that holds the faulty line, for context. */
function contextLine(lines: readonly string[], index: number): number | undefined {
  const indentOf = (l: string) => l.length - l.trimStart().length;
  const own = indentOf(lines[index] ?? '');
  for (let i = index - 1; i >= 0; i--) {
    const l = lines[i] ?? '';
    if (l.trim() === '') continue;
    if (/^\s*-\s/.test(l) && indentOf(l) < own) return i;
    if (indentOf(l) === 0) return undefined;
  }
  return undefined;
}

export function renderDiagnostic(diag: Diagnostic, sourceText: string | undefined, options: RenderOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const label = diag.severity === 'error' ? c.red.bold('error') : diag.severity === 'warning' ? c.yellow.bold('warning') : c.cyan.bold('info');
  const out: string[] = [`${label}${c.bold(`: ${options.title ?? titleFor(diag.code)}`)}`];
  const span = diag.span;
  if (!span) {
    out.push(`  ${diag.message}`);
    if (diag.hint) out.push(`  ${c.cyan('help')}: ${diag.hint}`);
    return out.join('\n');
  }
  out.push(`  ${c.blue('-->')} ${span.file}:${span.start.line}:${span.start.col}`);
  const lines = (sourceText ?? '').split(/\r?\n/);
  const index = span.start.line - 1;
  const faulty = lines[index];
  if (faulty === undefined) {
    out.push(`  ${diag.message}`);
    if (diag.hint) out.push(`  ${c.cyan('help')}: ${diag.hint}`);
    return out.join('\n');
  }
  const ctx = contextLine(lines, index);
  const width = String(span.start.line).length;
  const gutter = (n?: number) => c.blue(`${n === undefined ? ' '.repeat(width) : String(n).padStart(width)} |`);
  out.push(gutter());
  if (ctx !== undefined) {
    out.push(`${gutter(ctx + 1)} ${expandTabs(lines[ctx] ?? '')}`.trimEnd());
    if (ctx < index - 1) out.push(`${gutter()} ...`);
  }
  out.push(`${gutter(span.start.line)} ${expandTabs(faulty)}`.trimEnd());
  const startCol = visualCol(faulty, span.start.col);
  const endCol = span.end.line === span.start.line ? visualCol(faulty, span.end.col) : expandTabs(faulty).length;
  const carets = Math.max(1, endCol - startCol + 1);
  out.push(`${gutter()} ${' '.repeat(startCol - 1)}${c.red.bold('^'.repeat(carets))} ${c.red(diag.message)}`);
  out.push(gutter());
  if (diag.hint) out.push(`${' '.repeat(width)} ${c.blue('=')} ${c.cyan('help')}: ${diag.hint}`);
  return out.join('\n');
}
