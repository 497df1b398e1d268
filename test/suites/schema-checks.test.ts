/**
 * `scimctl test --schema-checks` against `scimctl serve --schema` with an
 * extension declaring one attribute of each type and characteristic
 * (test/fixtures/schemas/acme-extension.yaml): green on the reference server,
 * and red for each planted violation, with the failing step naming the
 * characteristic and citing its rule.
 */
import { describe, expect, it } from 'vitest';
import { loadSchemaFiles } from '../../src/cli/load-schema-file.js';
import { createHandlerTransport } from '../../src/runner/client/handler-transport.js';
import { runSuite } from '../../src/runner/run-suite.js';
import { generateSchemaChecks } from '../../src/runner/schema-checks/generate-schema-checks.js';
import type { RunResult } from '../../src/runner/types.js';
import { createScimServer } from '../../src/server/create-server.js';
import type { ScimHandler } from '../../src/server/types.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runServe } from '../../src/cli/run-serve.js';
import { runTestCommand } from '../../src/cli/run-test.js';
import { capturingIo, failures as failuresOf, startServe, type Report } from '../recorder/helpers.js';
import { describeFailures, failures } from './mock-run.js';
import { ACME, SCHEMA_FAULTS } from './schema-fault-layer.js';

const FILE = 'test/fixtures/schemas/acme-extension.yaml';
const TOKEN = 'schema-checks-token-0123';

async function runGenerated(wrap?: (h: ScimHandler) => ScimHandler): Promise<RunResult> {
  let tick = Date.parse('2026-01-01T00:00:00.000Z');
  const server = createScimServer({ token: TOKEN, extensions: loadSchemaFiles([FILE]), now: () => new Date((tick += 1000)) });
  let clock = 0;
  return runSuite({
    baseUrl: `http://scimctl.mock${server.basePath}`,
    transport: createHandlerTransport(wrap ? wrap(server) : server),
    scenarios: [],
    auth: { token: TOKEN, headers: {} },
    mode: 'mock',
    toolVersion: 'test',
    runId: 'rschema',
    startedAt: '2026-01-01T00:00:00.000Z',
    now: () => (clock += 1),
    generate: (t) => generateSchemaChecks({ resourceTypesBody: t.resourceTypes, schemasBody: t.schemas, runId: t.runId }).scenarios,
  });
}

describe('scimctl test --schema-checks', () => {
  it('is green against scimctl serve --schema, with a scenario for every declared attribute', async () => {
    const server = await startServe({ schema: [FILE], token: TOKEN });
    try {
      const io = capturingIo(process.cwd());
      const code = await runTestCommand(server.url, { schemaChecks: true, tag: ['schema-checks'], token: TOKEN, reporter: 'json' }, io);
      const report = JSON.parse(io.out()) as Report;
      expect(failuresOf(report)).toEqual([]);
      expect(code).toBe(0);
      expect(report.scenarios.length).toBe(21);
      expect(report.scenarios.every((s) => s.status === 'passed')).toBe(true);
    } finally {
      await server.stop();
    }
  });

  it('says file:line:col when the schema file contradicts RFC 7643 §7', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'scimctl-schema-'));
    try {
      const file = join(dir, 'bad.yaml');
      writeFileSync(file, ['id: urn:example:ext:2.0:User', 'attributes:', '  - name: badge', '    type: string', '    referenceTypes: [external]', ''].join('\n'));
      const lines: string[] = [];
      const code = await runServe(
        { host: '127.0.0.1', port: '0', profile: 'rfc', maxBody: '1024', schema: [file] },
        { stdout: (l) => lines.push(l), stderr: (l) => lines.push(l), env: {}, waitForStop: () => new Promise(() => undefined) },
      );
      expect(code).toBe(2);
      expect(lines.join("\n")).toContain(`${file}:5:22: badge: "referenceTypes" on a string attribute (only reference attributes have them) (S-7-13)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('schema checks against planted violations', () => {
  it('the reference server passes every generated check', async () => {
    const run = await runGenerated();
    expect(describeFailures(failures(run))).toBe('');
    const ids = run.scenarios.map((s) => s.id);
    expect(ids).toContain('schema-checks/declarations');
    for (const attr of ['employeeCode', 'badge', 'serial', 'clearance', 'level', 'score', 'verified', 'hiredAt', 'homepage', 'buddy', 'avatar', 'tags', 'locker', 'keys', 'externalRef', 'pin', 'auditId', 'region', 'note', 'hidden']) {
      expect(ids).toContain(`schema-checks/User/${ACME}:${attr}`);
    }
    const steps = run.scenarios.flatMap((s) => s.steps.map((st) => st.name));
    for (const characteristic of ['type string', 'type boolean', 'type integer', 'type decimal', 'type dateTime', 'type reference', 'type binary', 'type complex', '(multi-valued)', 'required', 'mutability readOnly', 'mutability immutable', 'mutability writeOnly', 'returned always', 'returned never', 'returned default', 'returned request', 'uniqueness server', 'caseExact true', 'caseExact false', 'canonicalValues', 'referenceTypes']) {
      expect(steps.some((n) => n.includes(characteristic)), characteristic).toBe(true);
    }
    // Everything a scenario created was deleted again.
    const cleanups = run.scenarios.flatMap((s) => s.steps.filter((st) => st.name.startsWith('clean up')));
    expect(cleanups.length).toBeGreaterThan(20);
    expect(cleanups.every((st) => st.status === 'passed')).toBe(true);
  });

  for (const [name, planted] of Object.entries(SCHEMA_FAULTS)) {
    it(`catches ${name}: ${planted.attr} · ${planted.characteristic} (${planted.rule})`, async () => {
      const list = failures(await runGenerated(planted.fault));
      expect(list.length, `no check caught ${name}`).toBeGreaterThan(0);
      // Only the broken attribute's checks fail, and one of them names the characteristic and cites the rule.
      const scenarioOf = planted.characteristic === 'declarations' ? 'schema-checks/declarations' : `schema-checks/User/${ACME}:${planted.attr}`;
      expect(list.filter((f) => f.scenario !== scenarioOf).map((f) => `${f.scenario} › ${f.step}`)).toEqual([]);
      expect(
        list.some((f) => f.step.includes(planted.characteristic) && f.check.requirement.id === planted.rule),
        describeFailures(list),
      ).toBe(true);
    });
  }
});
