/**
 * The pretty reporter's requirement view: one totals line, then each
 * requirement that failed with its level, the checklist's one-line summary
 * and the failing checks' keys (issue: "results per requirement").
 */
import type { ChalkInstance } from 'chalk';
import { resultsByRequirement } from '../runner/result-queries.js';
import { checklistItem } from '../runner/result-queries.js';
import type { RunResult } from '../runner/types.js';

const MAX_SUMMARY = 90;
const MAX_KEYS = 3;

/** One line: cut at a word before `max` characters. */
function oneLine(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), max / 2))}…`;
}

/** `requirements: 154 enforced · 152 passed · 2 failed`; enforced = at least one check judged (not skipped). */
export function requirementLines(run: RunResult, c: ChalkInstance): string[] {
  const all = resultsByRequirement(run);
  const count = (s: string) => all.filter((r) => r.status === s).length;
  const enforced = all.length - count('skipped');
  const errored = count('errored');
  const lines = [`  requirements: ${enforced} enforced · ${count('passed')} passed · ${count('failed')} failed${errored > 0 ? ` · ${errored} errored` : ''}`];
  for (const r of all) {
    if (r.status !== 'failed' && r.status !== 'errored') continue;
    // Checklist IDs get the checklist's level and summary; RFC sections and IdP documents their label.
    const item = r.requirement.id ? checklistItem(r.requirement.id) : undefined;
    const head = `${r.status === 'errored' ? '!' : '✗'} ${item ? r.key : r.label}  ${item?.bucket ?? r.severity}`;
    const paint = r.severity === 'MUST' ? c.red : c.yellow;
    lines.push(`  ${paint(head)}${item ? `  ${oneLine(item.summary, MAX_SUMMARY)}` : ''}`);
    for (const key of r.failures.slice(0, MAX_KEYS)) lines.push(c.dim(`      ${key}`));
    if (r.failures.length > MAX_KEYS) lines.push(c.dim(`      … and ${r.failures.length - MAX_KEYS} more`));
  }
  return lines;
}
