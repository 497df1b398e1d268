/**
 * `scimctl diff` for a terminal: per step that differs, a unified diff of the
 * normalised exchanges (`-` the reference server, `+` the target), then each
 * difference with the check and defect that judged it, or "only a difference".
 */
import { Chalk } from 'chalk';
import type { DiffResult, Difference, StepDiff } from '../runner/diff/diff-types.js';
import { exchangeLines, unifiedDiff } from './diff-lines.js';

const show = (v: unknown): string => (v === undefined ? '(absent)' : JSON.stringify(v));

function differenceLine(d: Difference): string {
  const what = d.kind === 'status' ? 'status' : d.kind === 'header' ? `header ${d.at}` : d.at;
  if (d.change === 'added') return `${what} added by the target: ${show(d.target)}`;
  if (d.change === 'missing') return `${what} missing on the target (reference: ${show(d.reference)})`;
  return `${what}: reference ${show(d.reference)} → target ${show(d.target)}`;
}

export function renderDiffPretty(result: DiffResult, color: boolean): string {
  const c = new Chalk({ level: color ? 1 : 0 });
  const out: string[] = [];
  if (result.fatal) {
    out.push(c.red(`scimctl diff: the target could not be run: ${result.fatal.message} (${result.fatal.code})`));
    return `${out.join('\n')}\n`;
  }
  const shown = result.steps.filter((s) => s.outcome !== 'same');
  for (const s of shown) out.push(...stepBlock(s, result, c), '');
  const n = result.counts;
  out.push(c.bold(`Compared ${n.steps} steps with the reference server (profile ${result.reference.profile})`));
  out.push(`  same            ${n.same}`);
  out.push(`  differ          ${n.differs}${n.differs > 0 ? ` (${n.differences} differences, ${n.judged} judged by a check)` : ''}`);
  out.push(`  one side only   ${n.oneSided}`);
  if (shown.length === 0) out.push(c.green('  no difference'));
  out.push(c.dim(`  normalised: ${result.normalised.join('; ')}`));
  return `${out.join('\n')}\n`;
}

function stepBlock(s: StepDiff, result: DiffResult, c: InstanceType<typeof Chalk>): string[] {
  const out = [c.bold(`${s.scenarioName} › ${s.step}`), c.dim(`  ${(s.target ?? s.reference)?.request ?? ''}`)];
  if (s.outcome === 'target-only' || s.outcome === 'reference-only') {
    out.push(c.yellow(`  ran on the ${s.outcome === 'target-only' ? 'target' : `reference server (${result.reference.profile})`} only`));
    return out;
  }
  out.push(c.red(`  --- reference (${result.reference.profile})`), c.green('  +++ target'));
  for (const line of unifiedDiff(exchangeLines(s.reference), exchangeLines(s.target))) {
    const text = `  ${line.kind === '@' ? '' : line.kind}${line.text}`;
    out.push(line.kind === '-' ? c.red(text) : line.kind === '+' ? c.green(text) : line.kind === '@' ? c.cyan(`  ${line.text}`) : text);
  }
  for (const d of s.differences) {
    out.push(`  • ${differenceLine(d)}`);
    if (d.judgedBy.length === 0) out.push(c.dim('      only a difference: no check judged it'));
    for (const j of d.judgedBy) out.push(c.yellow(`      judged: ${j.defect} — ${j.message}`));
  }
  for (const j of s.otherFailures) out.push(c.yellow(`  • also failed on the target: ${j.defect} — ${j.message}`));
  return out;
}
