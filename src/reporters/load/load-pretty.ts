/**
 * `scimctl load --reporter pretty`: the figures and the verdict lines, e.g.
 * `Entra gallery throughput: met (25.0 req/s for 60 s, p99 84 ms, 0 errors)`.
 * Reads the LoadResult only.
 */
import { Chalk } from 'chalk';
import type { Counts, LoadResult, LoadVerdict } from '../../load/types.js';

const ms = (n: number) => (n >= 10 ? `${Math.round(n)} ms` : `${Math.round(n * 10) / 10} ms`);
const sec = (n: number) => `${Math.round(n / 100) / 10} s`;

export function verdictText(v: LoadVerdict): string {
  const state = v.state === 'met' ? 'met' : v.state === 'not-met' ? 'not met' : 'not measured';
  return `${v.label}: ${state} (${v.summary})`;
}

function countsLine(c: Counts): string {
  const retry = c.throttled > 0 ? ` (${c.throttledWithRetryAfter} with Retry-After, ${c.throttled - c.throttledWithRetryAfter} without)` : '';
  return `${c.requests} sent, ${c.ok} as expected, ${c.errors} errors, ${c.timeouts} timeouts, ${c.throttled} throttled (429)${retry}`;
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : ' '.repeat(n - s.length) + s);

export function renderLoadPretty(r: LoadResult, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const out: string[] = [];
  if (r.fatal) {
    out.push(c.red(`error ${r.fatal.code}: ${r.fatal.message}`));
    if (r.fatal.hint) out.push(`  hint: ${r.fatal.hint}`);
  } else {
    out.push('');
    out.push(c.bold('Load'));
    out.push(`  Throughput   ${r.rate.achieved.toFixed(1)} req/s answered as expected over ${sec(r.measuredMs)} (target ${r.rate.target.toFixed(1)}, sent ${r.rate.sent.toFixed(1)})`);
    out.push(`  Requests     ${countsLine(r.steady)}`);
    if (r.totals.requests !== r.steady.requests) out.push(`  With ramp    ${countsLine(r.totals)}`);
    out.push(`  Latency      p50 ${ms(r.steady.latencyMs.p50)}, p95 ${ms(r.steady.latencyMs.p95)}, p99 ${ms(r.steady.latencyMs.p99)}, max ${ms(r.steady.latencyMs.max)} (from the scheduled send time)`);
    if (r.lateSends > 0) out.push(c.yellow(`  Generator    ${r.lateSends} sends left more than 50 ms late (max ${ms(r.maxSendLagMs)}): this machine could not keep the schedule`));
    if (r.stopped) out.push(c.yellow(`  Stopped      ${r.stopped.message}`));
    out.push('');
    const rows = r.kinds.map((k) => [k.kind, `${k.method} ${k.path}`, String(k.requests), String(k.errors), String(k.timeouts), String(k.throttled), ms(k.latencyMs.p50), ms(k.latencyMs.p95), ms(k.latencyMs.p99)]);
    const head = ['kind', 'request', 'sent', 'errors', 'timeouts', '429', 'p50', 'p95', 'p99'];
    const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
    const line = (cells: string[]) => `  ${cells.map((cell, i) => (i < 2 ? pad(cell, widths[i] ?? 0) : lpad(cell, widths[i] ?? 0))).join('  ')}`;
    out.push(c.dim(line(head)));
    for (const row of rows) out.push(line(row));
    if (r.errorSamples.length > 0) {
      out.push('');
      out.push('  First errors:');
      for (const e of r.errorSamples) out.push(`    ${e.kind}: ${e.message}`);
    }
  }
  out.push('');
  const d = r.directory;
  const left = d.leftBehind.length > 0 ? c.yellow(`; could not delete ${d.leftBehind.join(', ')}`) : '';
  out.push(`Directory: ${d.users} users and ${d.groups} group created for run ${r.runId}, ${d.createdDuringLoad} users created by the load; ${d.deleted} deleted at the end${left}`);
  if (r.verdicts.length > 0) {
    out.push('');
    out.push(c.bold('Verdict'));
    for (const v of r.verdicts) {
      const text = verdictText(v);
      out.push(`  ${v.state === 'met' ? c.green(text) : v.state === 'not-met' ? c.red(text) : c.dim(text)}`);
      for (const reason of v.reasons) out.push(`    - ${reason}`);
      out.push(c.dim(`    evidence: ${v.evidence}`));
    }
  }
  return `${out.join('\n')}\n`;
}
