#!/usr/bin/env node
/**
 * `npm run bench`: every number scimctl claims about speed and memory, each
 * next to a baseline measured in the same run (house rule: ratios, not
 * absolute timings). Writes the measured part of bench/RESULTS.md between
 * its markers and leaves the hand-written analysis around them alone.
 *
 *   node bench/run.mjs [--quick] [--only startup,memory,server,small,million,tester,slow] [--users N] [--no-write]
 *
 * --quick (one short round per cell) is for working on the bench, not for citing. --users N sets the
 * size of the main server table (default 100k; SCIMMY is left out above 100k, and the million
 * section is skipped when N is already a million or more).
 *
 * Needs dist/ (npm run build). Network: loopback only.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cells } from './lib/cells.mjs';
import { ask, forkServer, rssOf, startCli, stop } from './lib/children.mjs';
import { GROUP_MEMBERS, writeSeedJsonl } from './lib/dataset.mjs';
import { slowTargetSection } from './lib/slow-target.mjs';
import { timeInterleaved, timeNode } from './lib/cli-timing.mjs';
import { measure, sample, SLOW_MS } from './lib/load.mjs';
import { machine, writeResults } from './lib/report.mjs';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const SECTIONS = ['startup', 'memory', 'server', 'small', 'million', 'tester', 'slow'];
const only = args.includes('--only') ? args[args.indexOf('--only') + 1].split(',') : SECTIONS;
const here = (p) => fileURLToPath(new URL(p, import.meta.url));
const BIN = here('../bin/scimctl.js');
const USERS = args.includes('--users') ? Number(args[args.indexOf('--users') + 1]) : 100_000;
const MILLION = 1_000_000;
const SMALL_USERS = 1000;
// SCIMMY lists by building a schema instance per user: at a million a page would take minutes.
const PEER_MAX_USERS = 100_000;
const LOAD = quick ? { connections: 10, warmup: 0.5, duration: 1 } : { connections: 10, warmup: 1, duration: 3 };
const ROUNDS = quick ? 1 : 3;

const log = (line) => process.stderr.write(`bench ${new Date().toISOString().slice(11, 19)}: ${line}\n`);
const results = { machine: machine(), load: { ...LOAD, rounds: ROUNDS }, quick, started: new Date().toISOString() };

function splitUrl(url) {
  const u = new URL(url);
  return { origin: u.origin, basePath: u.pathname.replace(/\/+$/, '') };
}

/**
 * One server table: `scimctl serve --seed` with `users` users (JSON Lines, the streamed seed), the
 * ceiling, and SCIMMY when `peer`; the cells named in `names` (all when undefined).
 */
async function serverSection(work, { users, names, peer }) {
  log(`writing a seed of ${users} users, a group of ${Math.min(GROUP_MEMBERS, users)} members and the small groups`);
  const seedFile = join(work, `seed-${users}.jsonl`);
  writeSeedJsonl(seedFile, users);

  const seedBytes = statSync(seedFile).size;
  log(`starting scimctl serve (${users} users)${peer ? ', the ceiling and SCIMMY' : ' and the ceiling'}`);
  const t0 = performance.now();
  const scimctl = await startCli(BIN, ['--seed', seedFile]);
  const scimctlStartMs = performance.now() - t0;
  const scimctlRss = rssOf(scimctl.child.pid);
  const ceiling = await forkServer(here('./servers/ceiling.mjs'));
  const scimmy = peer ? await forkServer(here('./servers/scimmy.mjs'), [String(users)]) : undefined;
  const pick = (list) => (names ? list.filter((c) => names.includes(c.name)) : list);
  const servers = {
    scimctl: { ...splitUrl(scimctl.url), cells: pick(cells(users, 'scimctl')) },
    ceiling: { ...splitUrl(ceiling.url), cells: pick(cells(users, 'ceiling')) },
    ...(scimmy ? { scimmy: { ...splitUrl(scimmy.url), cells: pick(cells(users, 'scimmy')) } } : {}),
  };

  const rows = [];
  let serveRssAfterLoad;
  try {
    // First a sample of each cell on each server: the body the ceiling must send, and which servers are slow.
    const planned = [];
    for (let i = 0; i < servers.scimctl.cells.length; i++) {
      const row = { name: servers.scimctl.cells[i].name, label: servers.scimctl.cells[i].label };
      const s = servers.scimctl;
      const reference = await sample(s.origin, s.basePath, s.cells[i].make, 1e9);
      row.bodyBytes = Buffer.byteLength(reference.body);
      row.status = reference.status;
      await ask(ceiling.child, { type: 'body', status: reference.status, body: reference.body });
      const plans = [];
      for (const name of Object.keys(servers)) {
        const srv = servers[name];
        const check = name === 'ceiling' ? reference : await sample(srv.origin, srv.basePath, srv.cells[i].make, 2e9);
        if (check.status >= 300) {
          row[name] = { unsupported: `answers ${check.status}: ${check.body.slice(0, 120)}` };
          log(`${row.name} on ${name}: ${check.status}, not measured: ${check.body.slice(0, 200)}`);
          continue;
        }
        if (name === 'scimmy') row.scimmyBodyBytes = Buffer.byteLength(check.body);
        const slow = name !== 'ceiling' && check.ms > SLOW_MS;
        plans.push({ name, srv, slow, sampleMs: check.ms, runs: [] });
      }
      planned.push({ i, row, reference, plans });
      rows.push(row);
    }
    // Then rounds, each a sweep over every cell and server in turn (ceiling, scimctl, SCIMMY), so a burst of load
    // elsewhere on the machine hits every cell and server alike, and cells compared with each other (the
    // member PATCH on 10k against 10 members) are measured minutes apart no more than their rounds are.
    // Each server's cell is its round with the median throughput. Slow cells run once.
    for (let round = 0; round < ROUNDS; round++) {
      for (const { i, row, reference, plans } of planned) {
        await ask(ceiling.child, { type: 'body', status: reference.status, body: reference.body });
        for (const plan of plans) {
          if (plan.slow && round > 0) continue;
          log(`${row.name} on ${plan.name}, round ${round + 1}${plan.slow ? ` (slow: sample ${plan.sampleMs.toFixed(0)} ms)` : ''}`);
          const { srv } = plan;
          plan.runs.push(await measure({ url: srv.origin, basePath: srv.basePath, make: srv.cells[i].make, reads: srv.cells[i].reads, ...LOAD, slow: plan.slow, sampleMs: plan.sampleMs }));
        }
      }
    }
    for (const { row, plans } of planned) {
      for (const plan of plans) {
        const byRps = [...plan.runs].sort((a, b) => a.rps - b.rps);
        row[plan.name] = { ...byRps[byRps.length >> 1], rounds: plan.runs.map((r) => r.rps) };
      }
    }
  } finally {
    serveRssAfterLoad = rssOf(scimctl.child.pid);
    await Promise.all([stop(scimctl.child), stop(ceiling.child), ...(scimmy ? [stop(scimmy.child)] : [])]);
    rmSync(seedFile, { force: true });
  }
  return { rows, scimctlStartMs, scimctlRss, serveRssAfterLoad, users, peer: Boolean(peer), seedBytes };
}

async function memorySection() {
  const memory = [];
  for (const users of [0, 10_000, 100_000]) {
    log(`memory with ${users} users`);
    const m = await forkServer(here('./servers/scimctl-memory.mjs'), [String(users)], ['--expose-gc']);
    memory.push({ users, rss: m.rss, heapUsed: m.heapUsed });
    await stop(m.child);
  }
  results.memory = memory;
}

async function testerSection(work) {
  const runs = quick ? 1 : 3;
  log('scimctl test --mock');
  const mock = timeNode([BIN, 'test', '--mock', '--reporter', 'json'], runs);
  const baseline = timeNode(['-e', '0'], runs);
  log('scimctl test against scimctl serve');
  // With a token, as a real deployment runs: the auth scenarios expect 401 without one.
  const srv = await startCli(BIN, ['--token', 'bench-token']);
  let live;
  try {
    live = timeNode([BIN, 'test', srv.url, '--token', 'bench-token', '--reporter', 'json'], runs);
  } finally {
    await stop(srv.child);
  }
  results.tester = { mock, live, nodeBaseline: baseline, work };
}

const CLI_MODULES = ['main', 'serve-command', 'test-command', 'coverage-command', 'record-command', 'import-command', 'scaffold-command'];

function startupSection() {
  const runs = quick ? 5 : 15;
  log('start-up: node -e 0, scimctl --help, --version, and the import of each CLI module, interleaved');
  const importOf = (file) => ['--input-type=module', '-e', `await import(${JSON.stringify(here(`../dist/cli/${file}.js`))})`];
  const [node, help, version, commander, ...modules] = timeInterleaved(
    [['-e', '0'], [BIN, '--help'], [BIN, '--version'], ['--input-type=module', '-e', "await import('commander')"], ...CLI_MODULES.map(importOf)],
    runs,
  );
  results.startup = { node, help, version, commander, modules: CLI_MODULES.map((name, i) => ({ name, ms: modules[i] })) };
}

const work = mkdtempSync(join(tmpdir(), 'scimctl-bench-'));
try {
  if (only.includes('startup')) startupSection();
  if (only.includes('memory')) await memorySection();
  if (only.includes('server')) results.server = await serverSection(work, { users: USERS, peer: USERS <= PEER_MAX_USERS });
  // The same first page at 1k users: a page must not cost more because the directory is larger.
  if (only.includes('small')) results.small = await serverSection(work, { users: SMALL_USERS, names: ['list-100'] });
  if (only.includes('million') && USERS < MILLION) {
    results.million = await serverSection(work, { users: MILLION, names: ['get-by-id', 'filter-username', 'list-100', 'list-100-deep'] });
  }
  if (only.includes('tester')) await testerSection(work);
  if (only.includes('slow')) results.slow = await slowTargetSection({ bin: BIN, log, quick });
} finally {
  rmSync(work, { recursive: true, force: true });
}
results.finished = new Date().toISOString();
results.machine.loadAfter = loadavg();
const file = here('./RESULTS.md');
const text = writeResults(results, args.includes('--no-write') ? undefined : file);
process.stdout.write(text);
