/**
 * A unified line diff (LCS, as `diff -u` prints it) of two normalised
 * exchanges, for `scimctl diff`'s pretty and HTML output. The texts are a
 * few hundred lines at most, so the quadratic table is fine.
 */
import type { NormalisedExchange } from '../runner/diff/diff-types.js';

export interface DiffLine {
  kind: ' ' | '-' | '+' | '@';
  text: string;
}

/** The exchange as lines: status, the compared headers, the body as sorted, indented JSON. */
export function exchangeLines(x: NormalisedExchange | undefined): string[] {
  if (!x) return [];
  const lines = [`HTTP ${x.status ?? '(no response)'}`];
  for (const [k, v] of Object.entries(x.headers).sort()) lines.push(`${k}: ${v}`);
  if (x.body !== undefined) lines.push('', ...JSON.stringify(x.body, null, 2).split('\n'));
  return lines;
}

/** `-` lines are the reference's, `+` lines the target's; hunks keep `context` lines around each change. */
export function unifiedDiff(reference: string[], target: string[], context = 3): DiffLine[] {
  const n = reference.length;
  const m = target.length;
  const lcs: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i]![j] = reference[i] === target[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const ops: { kind: ' ' | '-' | '+'; text: string; a: number; b: number }[] = [];
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && reference[i] === target[j]) ops.push({ kind: ' ', text: reference[i++] as string, a: i, b: ++j });
    else if (i < n && (j === m || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) ops.push({ kind: '-', text: reference[i++] as string, a: i, b: j });
    else ops.push({ kind: '+', text: target[j++] as string, a: i, b: j });
  }
  const out: DiffLine[] = [];
  let k = 0;
  while (k < ops.length) {
    if (ops[k]!.kind === ' ') {
      k++;
      continue;
    }
    const start = Math.max(0, k - context);
    let end = k;
    // Extend the hunk while changes are closer than 2 × context apart.
    while (end < ops.length) {
      if (ops[end]!.kind !== ' ') {
        end++;
        continue;
      }
      let next = end;
      while (next < ops.length && ops[next]!.kind === ' ') next++;
      if (next < ops.length && next - end <= 2 * context) end = next;
      else break;
    }
    const stop = Math.min(ops.length, end + context);
    const first = ops[start]!;
    out.push({ kind: '@', text: `@@ -${first.a} +${first.b} @@` });
    for (const op of ops.slice(start, stop)) out.push({ kind: op.kind, text: op.text });
    k = stop;
  }
  return out;
}
