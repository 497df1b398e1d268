/**
 * YAML parsing that keeps source positions, so every diagnostic, step and check
 * can point at `file:line:col` (house style §5).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import type { Diagnostic, SourceSpan } from '../../core/errors.js';

export interface YamlSource {
  file: string;
  text: string;
  data: unknown;
  /** Span of the value at `pointer` (or of its key with `key: true`); the nearest existing ancestor otherwise. */
  spanOf(pointer: readonly string[], options?: { key?: boolean }): SourceSpan | undefined;
}

export type YamlParse = { ok: true; source: YamlSource } | { ok: false; diagnostics: Diagnostic[] };

export function parseYamlSource(file: string, text: string): YamlParse {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const span = (start: number, end: number): SourceSpan => {
    const s = lineCounter.linePos(start);
    const e = lineCounter.linePos(Math.max(start, end - 1));
    return { file, start: { line: Math.max(1, s.line), col: s.col }, end: { line: Math.max(1, e.line), col: e.col } };
  };
  if (doc.errors.length > 0) {
    return {
      ok: false,
      diagnostics: doc.errors.map((err) => ({
        code: 'YAML_SYNTAX',
        severity: 'error' as const,
        message: firstLine(err.message),
        span: span(err.pos[0], err.pos[1]),
      })),
    };
  }
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  return {
    ok: true,
    source: {
      file,
      text,
      data,
      spanOf(pointer, options) {
        const range = locate(doc, pointer, options?.key ?? false);
        return range ? span(range[0], range[1]) : undefined;
      },
    },
  };
}

function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '');
}

/** Walks maps and sequences by pointer segments; returns [start, end) offsets. */
function locate(doc: Document, pointer: readonly string[], key: boolean): [number, number] | undefined {
  let node: unknown = doc.contents;
  let best: [number, number] | undefined = rangeOf(node);
  for (let i = 0; i < pointer.length; i++) {
    const segment = pointer[i] as string;
    const last = i === pointer.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === segment);
      if (!pair) return best;
      const keyRange = rangeOf(pair.key);
      if (last && key && keyRange) return keyRange;
      node = pair.value;
      // A key with an empty value (`status:`) has no value range: point at the key.
      best = rangeOf(node) ?? keyRange ?? best;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) return best;
      node = item;
      best = rangeOf(node) ?? best;
    } else {
      return best;
    }
  }
  return best;
}

function rangeOf(node: unknown): [number, number] | undefined {
  const range = (node as YamlNode | null | undefined)?.range;
  if (!range) return undefined;
  // Collections span several lines; point at where they start (one line).
  if (isMap(node) || isSeq(node)) {
    const firstItem = node.items[0];
    const firstKey = isPair(firstItem) ? (firstItem.key as YamlNode | null) : (firstItem as YamlNode | undefined);
    const keyRange = firstKey?.range;
    if (keyRange) return [keyRange[0], keyRange[1]];
  }
  return [range[0], range[1]];
}
