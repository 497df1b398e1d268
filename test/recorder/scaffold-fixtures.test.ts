/**
 * Given every recording that ships in fixtures/, when scaffolded, then the
 * scenario passes the scenario schema and loader as written, and a recording
 * that links groups it did not create asks for them as `existingGroups` and
 * replays on the built-in server with stand-ins.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIO } from '../../src/cli/cli-io.js';
import { runTestCommand } from '../../src/cli/run-test.js';
import { runScaffoldCommand } from '../../src/cli/run-scaffold.js';
import { scaffoldScenario } from '../../src/recorder/scaffold-scenario.js';
import { loadRecordingFile } from '../../src/runner/load/load-recording.js';
import { failures, tempDir, type Report } from './helpers.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url));
const recordings = readdirSync(FIXTURES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .flatMap((d) => readdirSync(join(FIXTURES, d.name)).filter((f) => f.endsWith('.yaml')).map((f) => join(d.name, f)));

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

describe('scaffold on the shipped recordings', () => {
  it.each(recordings)('%s scaffolds into a scenario that loads', (rel) => {
    const tmp = tempDir();
    cleanups.push(tmp.remove);
    let out = '';
    const io: CliIO = { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (out += t) }, env: {}, cwd: tmp.dir, isTTY: false, onInterrupt: () => () => {} };
    expect(runScaffoldCommand(join(FIXTURES, rel), { out: join(tmp.dir, 'scenarios', 'x.yaml') }, io), out).toBe(0);
    expect(out).toContain('scimctl scaffold: wrote scenarios/x.yaml');
  });

  it('asks for the groups a recording links instead of creating, and then replays on the mock', async () => {
    const loaded = loadRecordingFile(join(FIXTURES, 'okta', 'link-existing-group.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { existingGroups, scenario } = scaffoldScenario(loaded.value, { recordingRef: 'r.yaml', id: 'x' });
    expect(existingGroups).toEqual([{ id: 'G-1', displayName: 'Engineering' }]);
    expect(scenario['existingGroups']).toBe(1);
    expect((scenario['steps'] as { replay: { substitute: object } }[])[0]?.replay.substitute).toEqual({ 'G-1': '{{groups.0.id}}', Engineering: '{{groups.0.displayName}}' });

    for (const rel of ['okta/link-existing-group.yaml', 'entra/groups.yaml', 'entra/groups-aadopt.yaml']) {
      const tmp = tempDir();
      cleanups.push(tmp.remove);
      let out = '';
      const io: CliIO = { stdout: { write: (t) => void (out += t) }, stderr: { write: (t) => void (out += t) }, env: {}, cwd: tmp.dir, isTTY: false, onInterrupt: () => () => {} };
      const file = join(tmp.dir, 'scenarios', 'x.yaml');
      expect(runScaffoldCommand(join(FIXTURES, rel), { out: file }, io), out).toBe(0);
      out = '';
      // The built-in server lets the runner create a stand-in group (and delete it afterwards).
      const code = await runTestCommand(undefined, { mock: true, scenarios: [file], reporter: 'json' }, io);
      expect(failures(JSON.parse(out) as Report), rel).toEqual([]);
      expect(code, rel).toBe(0);
    }
  });

  it('names the users a recording uses but did not create', () => {
    const loaded = loadRecordingFile(join(FIXTURES, 'okta', 'link-existing-user.yaml'));
    if (!loaded.ok) throw new Error(JSON.stringify(loaded.diagnostics));
    const { existingUsers, scenario } = scaffoldScenario(loaded.value, { recordingRef: 'r.yaml', id: 'x' });
    expect(existingUsers).toEqual(['U-C']);
    expect(String(scenario['description'])).toContain('The users U-C existed before the recording');
  });
});
