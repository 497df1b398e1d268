#!/usr/bin/env node
/**
 * `npm run bench:load`: the long checks of docs/load.md, against `scimctl serve`
 * on loopback, with the real clock (the vitest tests use a virtual one):
 *
 *   1. entra and mixed at 25 req/s for 30 s: 0 errors, every verdict met;
 *   2. --fault latency=200ms: p99 follows the injected latency (open loop);
 *   3. --fault 429:retry-after=2:rate=0.1: throttles counted, Retry-After seen.
 *
 *   node bench/load-check.mjs [--duration 30s] [--only steady,latency,throttle]
 *
 * Needs dist/ (npm run build). Network: loopback only. Prints the figures and
 * exits 1 when a check fails; bench/load-results.json keeps the JSON reports.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const duration = opt('--duration', '30s');
const only = opt('--only', 'steady,latency,throttle').split(',');
const BIN = fileURLToPath(new URL('../bin/scimctl.js', import.meta.url));
const TOKEN = 'bench-load-token';
const dir = mkdtempSync(join(tmpdir(), 'scimctl-load-check-'));
const log = (line) => process.stderr.write(`load-check ${new Date().toISOString().slice(11, 19)}: ${line}\n`);

function serve(faults) {
  const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--token', TOKEN, '--fault-seed', '1', ...faults.flatMap((f) => ['--fault', f])], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('serve did not start in 10 s')), 10_000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ url: m[1], stop: () => new Promise((r) => (child.once('close', r), child.kill('SIGTERM'))) });
      }
    });
  });
}

function load(url, extra, name) {
  const output = join(dir, `${name}.json`);
  const child = spawn(process.execPath, [BIN, 'load', url, '--token', TOKEN, '--reporter', 'pretty,json', '--output', output, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  let pretty = '';
  child.stdout.on('data', (d) => (pretty += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, pretty, report: JSON.parse(readFileSync(output, 'utf8')) })));
}

const results = { machine: { cpus: cpus().length, loadavg: loadavg().map((n) => Math.round(n * 100) / 100), node: process.version }, started: new Date().toISOString(), runs: {} };
const failures = [];
const check = (ok, what) => {
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
};

async function run(name, faults, extra, judge) {
  const server = await serve(faults);
  try {
    log(`${name}: scimctl load ${extra.join(' ')}${faults.length ? ` against --fault ${faults.join(' --fault ')}` : ''}`);
    const r = await load(server.url, extra, name);
    process.stdout.write(`\n== ${name} ==\n${r.pretty}`);
    results.runs[name] = r.report;
    judge(r);
  } finally {
    await server.stop();
  }
}

if (only.includes('steady')) {
  for (const profile of ['entra', 'mixed']) {
    await run(`steady-${profile}`, [], ['--profile', profile, '--rate', '25', '--duration', duration, '--users', '50'], ({ code, report }) => {
      check(code === 0, `${profile}: exit 0 (got ${code})`);
      check(report.steady.errors === 0 && report.steady.timeouts === 0, `${profile}: 0 errors, 0 timeouts (got ${report.steady.errors}, ${report.steady.timeouts})`);
      check(report.rate.achieved >= 25, `${profile}: held 25 req/s (achieved ${report.rate.achieved})`);
      check(report.verdicts.every((v) => v.state === 'met'), `${profile}: verdicts met (${report.verdicts.map((v) => `${v.label}: ${v.state}`).join('; ')})`);
    });
  }
}
if (only.includes('latency')) {
  await run('latency-200ms', ['latency=200ms'], ['--profile', 'entra', '--rate', '25', '--duration', '10s'], ({ report }) => {
    const { p50, p99 } = report.steady.latencyMs;
    check(p50 >= 200 && p99 >= 200, `latency: p50 ${p50} ms and p99 ${p99} ms are at least the injected 200 ms`);
    check(p99 < 400, `latency: p99 ${p99} ms follows the injected 200 ms (below 400 ms)`);
    check(report.rate.sent >= 25 && report.rate.achieved >= 25, `latency: still 25 req/s sent and answered (open loop; a closed loop of one would manage 5)`);
  });
}
if (only.includes('throttle')) {
  await run('throttle-429', ['429:retry-after=2:rate=0.1'], ['--profile', 'mixed', '--rate', '25', '--duration', '10s'], ({ code, report }) => {
    const s = report.steady;
    check(s.throttled > 0, `throttle: ${s.throttled} of ${s.requests} requests answered 429`);
    check(s.throttledWithRetryAfter === s.throttled, `throttle: all ${s.throttled} carried Retry-After`);
    check(report.verdicts.find((v) => v.idp === 'entra')?.state === 'not-met', 'throttle: Entra not met (a 429 at 25 req/s is not sustaining it)');
    check(report.verdicts.find((v) => v.idp === 'okta')?.state === 'met', 'throttle: Okta met (429 with Retry-After is its throttle signal)');
    check(code === 1, `throttle: exit 1 (got ${code})`);
  });
}

const out = fileURLToPath(new URL('./load-results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
log(`${failures.length === 0 ? 'all checks passed' : `${failures.length} checks failed`}; reports in ${out}`);
process.exitCode = failures.length === 0 ? 0 : 1;
