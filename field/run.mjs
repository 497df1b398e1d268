#!/usr/bin/env node
/**
 * `npm run field [-- --check] [-- --server <key>]`: starts each field server
 * fresh on loopback, runs every built-in suite against it with
 * `scimctl test --reporter json`, merges the result with field/triage.yaml and
 * writes docs/field-report.md. With --check it writes nothing under docs/:
 * it compares the fresh run with the record in docs/field-report.md and exits
 * 1 on any difference or untriaged defect (the fresh report goes to
 * reports/field-report.md for a look). --json-dir keeps each server's JSON
 * report there. Exit 2: usage or set-up error.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { extractRun, recordOf } from './lib/extract.mjs';
import { diffRecords, readRecord } from './lib/record.mjs';
import { renderReport, triageOf } from './lib/render-report.mjs';
import { FIELD_SERVERS } from './lib/servers.mjs';
import { startFieldServer } from './lib/start-server.mjs';
import { TriageError, loadTriage } from './lib/triage.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FIELD = join(ROOT, 'field');
const REPORT = join(ROOT, 'docs', 'field-report.md');
const TRIAGE = join(FIELD, 'triage.yaml');
const CLI = join(ROOT, 'bin', 'scimctl.js');
const RUN_TIMEOUT_MS = 10 * 60_000;

function usage(message) {
  process.stderr.write(`field: ${message}\nusage: npm run field [-- --check] [-- --server ${FIELD_SERVERS.map((s) => s.key).join('|')}] [-- --json-dir <dir>]\n`);
  process.exit(2);
}

function packageVersions(server) {
  return Object.fromEntries(
    server.packages.map((name) => {
      const file = join(FIELD, 'node_modules', name, 'package.json');
      if (!existsSync(file)) usage(`${name} is not installed in field/node_modules; run \`npm ci --prefix field\``);
      return [name, JSON.parse(readFileSync(file, 'utf8')).version];
    }),
  );
}

/** `scimctl test` against one URL; resolves with the parsed JSON report. Exit 0 and 1 are verdicts, anything else is an error. */
function runScimctl(url, token, output) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'test', url, '--token', token, '--reporter', 'json', '--output', output], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, SCIMCTL_TOKEN: '', NO_COLOR: '1' },
    });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const timer = setTimeout(() => child.kill('SIGTERM'), RUN_TIMEOUT_MS);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0 || code === 1) resolve(JSON.parse(readFileSync(output, 'utf8')));
      else reject(new Error(`scimctl test ${url} ended with ${code ?? signal}${signal === 'SIGTERM' ? ` (over ${RUN_TIMEOUT_MS / 60_000} min)` : ''}\n${stderr.trim()}`));
    });
  });
}

async function runServer(server, tmp) {
  const token = `field-${randomBytes(16).toString('hex')}`;
  const started = await startFieldServer(server, token);
  try {
    process.stderr.write(`field: ${server.key} at ${started.url} …\n`);
    const report = await runScimctl(started.url, token, join(tmp, `${server.key}.json`));
    return extractRun(report);
  } finally {
    const { code, signal } = await started.stop();
    if (code !== 0) process.stderr.write(`field: warning: ${server.key} did not stop cleanly on SIGTERM (${code ?? signal})\n${started.stderr()}`);
  }
}

async function main() {
  let values;
  try {
    ({ values } = parseArgs({ options: { check: { type: 'boolean', default: false }, server: { type: 'string', multiple: true }, 'json-dir': { type: 'string' } }, strict: true }));
  } catch (error) {
    usage(error.message);
  }
  const servers = values.server ? values.server.map((k) => FIELD_SERVERS.find((s) => s.key === k) ?? usage(`unknown server "${k}"`)) : FIELD_SERVERS;
  if (values.check && values.server) usage('--check always runs every server');
  if (!existsSync(join(FIELD, 'node_modules'))) usage('field/node_modules is missing; run `npm ci --prefix field` first');
  if (!existsSync(join(ROOT, 'dist', 'cli'))) usage('dist/ is missing; run `npm run build` first (npm run field does)');
  let triage;
  try {
    triage = loadTriage(TRIAGE, FIELD_SERVERS.map((s) => s.key));
  } catch (error) {
    if (error instanceof TriageError) usage(error.message);
    throw error;
  }

  const tmp = values['json-dir'] ?? mkdtempSync(join(tmpdir(), 'scimctl-field-'));
  mkdirSync(tmp, { recursive: true });
  const results = [];
  try {
    for (const server of servers) results.push({ server, packages: packageVersions(server), run: await runServer(server, tmp) });
  } finally {
    if (!values['json-dir']) rmSync(tmp, { recursive: true, force: true });
  }

  const record = {
    version: 1,
    servers: Object.fromEntries(results.map(({ server, packages, run }) => [server.key, { packages, ...recordOf(run) }])),
  };
  if (values.server && existsSync(REPORT)) {
    // A partial run keeps the other servers' record as it was.
    const old = readRecord(readFileSync(REPORT, 'utf8'), 'docs/field-report.md');
    for (const [key, rec] of Object.entries(old.servers ?? {})) record.servers[key] ??= rec;
  }
  const markdown = renderReport(results, triage, record);
  const untriaged = results.flatMap(({ server, run }) => run.defects.filter((d) => !triageOf(triage, server.key, d.key)).map((d) => `${server.key}: "${d.key}"`));
  for (const { server, run } of results) {
    process.stderr.write(`field: ${server.key}: ${run.idps.map((i) => `${i.key} ${i.state}`).join(', ')}; ${run.defects.length} defects\n`);
  }

  if (!values.check) {
    if (values.server) process.stderr.write('field: --server runs write only reports/field-report.md (docs/field-report.md needs every server)\n');
    const target = values.server ? join(ROOT, 'reports', 'field-report.md') : REPORT;
    mkdirSync(join(target, '..'), { recursive: true });
    writeFileSync(target, markdown);
    process.stderr.write(`field: wrote ${target.slice(ROOT.length)}\n`);
    if (untriaged.length) process.stderr.write(`field: ${untriaged.length} defects are UNTRIAGED (add them to field/triage.yaml):\n  ${untriaged.join('\n  ')}\n`);
    return 0;
  }

  mkdirSync(join(ROOT, 'reports'), { recursive: true });
  writeFileSync(join(ROOT, 'reports', 'field-report.md'), markdown);
  if (!existsSync(REPORT)) usage('docs/field-report.md does not exist; run `npm run field` first');
  const diff = diffRecords(readRecord(readFileSync(REPORT, 'utf8'), 'docs/field-report.md'), record);
  const problems = [...diff.map((d) => `differs: ${d}`), ...untriaged.map((u) => `untriaged: ${u}`)];
  if (problems.length === 0) {
    process.stderr.write('field --check: the fresh run matches docs/field-report.md and every defect is triaged\n');
    return 0;
  }
  process.stderr.write(
    `field --check: ${problems.length} ${problems.length === 1 ? "problem" : "problems"} (recorded → fresh); the fresh report is reports/field-report.md\n  ${problems.join('\n  ')}\n` +
      'If the change is intended: triage any new defect in field/triage.yaml and run `npm run field` to rewrite the report.\n',
  );
  return 1;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    process.stderr.write(`field: ${error.message}\n`);
    process.exitCode = 2;
  },
);
