/**
 * The tester against a slow target: `scimctl serve --fault latency=50ms` answers
 * every request 50 ms late, and `scimctl test` runs all built-in suites against
 * it, once with scenarios in sequence and once with `--concurrency 8`. Each run
 * gets a freshly started server, so both start from the same state. The claim
 * is the ratio of the two wall times, with the verdicts compared check by check.
 */
import { timeNode } from './cli-timing.mjs';
import { startCli, stop } from './children.mjs';

const TOKEN = 'bench-token';
export const LATENCY = '50ms';
export const CONCURRENCY = 8;

/** What must not change with concurrency: each scenario's, step's and check's status, and the verdict's counts. */
export function fingerprint(report) {
  const scenarios = [...report.scenarios]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((s) => ({
      id: s.id,
      status: s.status,
      // Clean-up steps are named by the ids the server handed out, which differ from run to run.
      steps: (s.steps ?? []).map((st) => ({ name: st.name.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '{id}'), status: st.status, checks: (st.checks ?? []).map((c) => `${c.checkId}:${c.status}`) })),
    }));
  const v = report.verdict ?? {};
  return { scenarios, verdict: { exitCode: v.exitCode, counts: v.counts, idps: (v.idps ?? []).map((i) => `${i.key}:${i.state}`) } };
}

/** Where two fingerprints differ, as short lines (empty when identical). */
export function differences(a, b) {
  const out = [];
  if (JSON.stringify(a.verdict) !== JSON.stringify(b.verdict)) out.push(`verdict ${JSON.stringify(a.verdict)} → ${JSON.stringify(b.verdict)}`);
  const byId = new Map(b.scenarios.map((s) => [s.id, s]));
  for (const s of a.scenarios) {
    const t = byId.get(s.id);
    if (!t) out.push(`${s.id}: missing in the concurrent run`);
    else if (JSON.stringify(s) !== JSON.stringify(t)) {
      const steps = s.steps.flatMap((st, i) => {
        const u = t.steps[i];
        if (JSON.stringify(st) === JSON.stringify(u)) return [];
        const checks = st.checks.filter((c, k) => c !== u?.checks[k]).map((c) => `${c} → ${u?.checks[st.checks.indexOf(c)] ?? 'absent'}`);
        return [`${st.name} ${st.status} → ${u?.status ?? 'absent'}${checks.length ? ` (${checks.join(', ')})` : ''}`];
      });
      out.push(`${s.id}: ${s.status} → ${t.status}${steps.length ? `; ${steps.join('; ')}` : ''}`);
    }
  }
  return out;
}

async function runOnce(bin, extra) {
  const srv = await startCli(bin, ['--token', TOKEN, '--fault', `latency=${LATENCY}`, '--fault-seed', '1']);
  try {
    const run = timeNode([bin, 'test', srv.url, '--token', TOKEN, '--reporter', 'json', ...extra], 1);
    let report;
    try {
      report = JSON.parse(run.stdout);
    } catch {
      throw new Error(`scimctl test ${extra.join(' ')} did not print a JSON report (exit ${run.status}): ${run.stderr.slice(0, 400)}`);
    }
    const requests = report.scenarios.reduce((n, s) => n + (s.steps ?? []).filter((st) => st.exchange).length, 0);
    const scenarioMs = report.scenarios.map((sc) => ({ id: sc.id, ms: sc.durationMs ?? 0 }));
    return { ms: run.ms, runMs: report.durationMs, status: run.status, requests, scenarioMs, fingerprint: fingerprint(report) };
  } finally {
    await stop(srv.child);
  }
}

export async function slowTargetSection({ bin, log }) {
  log(`scimctl test against scimctl serve --fault latency=${LATENCY}, scenarios in sequence`);
  const sequential = await runOnce(bin, []);
  log(`the same with --concurrency ${CONCURRENCY}`);
  const concurrent = await runOnce(bin, ['--concurrency', String(CONCURRENCY)]);
  // What concurrency can at best achieve: no faster than the longest scenario, nor than an even split of them.
  const longest = sequential.scenarioMs.reduce((a, b) => (b.ms > a.ms ? b : a), { id: '—', ms: 0 });
  const bound = { longest: longest.id, longestMs: longest.ms, perWorkerMs: sequential.scenarioMs.reduce((n, x) => n + x.ms, 0) / CONCURRENCY };
  return {
    bound,
    latency: LATENCY,
    concurrency: CONCURRENCY,
    sequential: { ms: sequential.ms, runMs: sequential.runMs, status: sequential.status, requests: sequential.requests },
    concurrent: { ms: concurrent.ms, runMs: concurrent.runMs, status: concurrent.status, requests: concurrent.requests },
    differences: differences(sequential.fingerprint, concurrent.fingerprint),
  };
}
