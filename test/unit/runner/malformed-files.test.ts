/**
 * Given a malformed scenario or recording, when it is loaded, then it is
 * rejected with the file, line, column and field named, and nothing runs.
 */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateFile } from '../../../src/cli/validate-command.js';
import { expandPaths, loadScenarios } from '../../../src/runner/load/find-scenarios.js';

const cases: { file: string; code: string; at: string; message: string; hint?: string }[] = [
  {
    file: 'status-not-a-status.yaml',
    code: 'SCENARIO_INVALID',
    at: '9:15',
    message: 'step 1 › expect.status: must be integer, array, a string matching ^[1-5]xx$ or object, not `ok`',
  },
  { file: 'unknown-key-typo.yaml', code: 'SCENARIO_INVALID', at: '4:1', message: 'requries: unknown field `requries`', hint: 'did you mean `requires`?' },
  { file: 'step-without-name.yaml', code: 'SCENARIO_INVALID', at: '7:5', message: 'step 2: missing required field `name`' },
  {
    file: 'unknown-capability.yaml',
    code: 'SCENARIO_INVALID',
    at: '4:12',
    message:
      'requires[0]: unknown capability `pach`; valid: patch, bulk, sort, etag, filter, changePassword, groups, groups.create, groups.delete, groups.list, me, search, enterprise, filter.<op>, attr.<name>',
    hint: 'did you mean `patch`?',
  },
  {
    file: 'bad-method.yaml',
    code: 'SCENARIO_INVALID',
    at: '7:15',
    message: 'step 1 › request.method: must be one of `GET`, `POST`, `PUT`, `PATCH`, `DELETE`, not `FETCH`',
    hint: 'did you mean `PATCH`?',
  },
  { file: 'check-without-requirement.yaml', code: 'SCENARIO_INVALID', at: '8:15', message: 'step 1 › expect.status: the status check names no requirement' },
  {
    file: 'bad-regex.yaml',
    code: 'SCENARIO_INVALID',
    at: '9:34',
    message: 'step 1 › expect.headers.Content-Type.pattern: `application/(scim+json` is not a valid regular expression (Invalid regular expression: /application/(scim+json/: Unterminated group)',
  },
  { file: 'yaml-syntax.yaml', code: 'YAML_SYNTAX', at: '7:3', message: 'Flow map in block collection must be sufficiently indented and end with a }' },
  { file: 'body-and-bodytext.yaml', code: 'SCENARIO_INVALID', at: '7:7', message: 'step 1 › request: set `body` or `bodyText`, not both' },
  { file: 'missing-recording.yaml', code: 'SCENARIO_INVALID', at: '7:18', message: 'step 1 › replay.recording: recording `./no-such-recording.yaml` does not exist' },
  {
    file: 'replay-unknown-exchange.yaml',
    code: 'SCENARIO_INVALID',
    at: '9:9',
    message: 'step 1 › replay.at.create-carol: no exchange `create-carol` in `../recordings/entra-default-group.yaml` (it has 7)',
  },
  {
    file: 'bad-severity.yaml',
    code: 'SCENARIO_INVALID',
    at: '8:64',
    message: 'step 1 › expect.status.severity: must be one of `MUST`, `SHOULD`, `MAY`, not `MUSTNT`',
    hint: 'did you mean `MUST`?',
  },
  { file: 'wrong-kind.yaml', code: 'SCENARIO_INVALID', at: '1:7', message: 'kind: must be `scenario`, not `scenaro`', hint: 'did you mean `scenario`?' },
  {
    file: 'recording-outside-base.yaml',
    code: 'RECORDING_INVALID',
    at: '8:35',
    message: 'exchange 2 › request.path: `/v1/Users?count=1` is not under basePath `/scim/v2`',
  },
  {
    file: 'bad-json-schema.yaml',
    code: 'SCENARIO_INVALID',
    at: '10:19',
    message:
      'step 1 › expect.body.schema: not a valid JSON Schema: schema is invalid: data/type must be equal to one of the allowed values, data/type must be array, data/type must match a schema in anyOf',
  },
  { file: 'recording-status-string.yaml', code: 'RECORDING_INVALID', at: '8:15', message: 'exchange 1 › response.status: must be integer, not string `201`' },
];

describe('malformed scenario and recording files', () => {
  it.each(cases)('$file is rejected at $at', ({ file, code, at, message, hint }) => {
    const path = `test/fixtures/bad/${file}`;
    const diags = validateFile(path);
    expect(diags).toHaveLength(1);
    const d = diags[0];
    expect(d?.code).toBe(code);
    expect(d?.message).toBe(message);
    expect(d?.span?.file).toBe(path);
    expect(`${d?.span?.start.line}:${d?.span?.start.col}`).toBe(at);
    if (hint) expect(d?.hint).toBe(hint);
  });

  it('a folder with one bad scenario does not load at all', () => {
    const files = expandPaths(['test/fixtures/bad']);
    expect(files.ok).toBe(true);
    if (!files.ok) return;
    const loaded = loadScenarios(files.value);
    expect(loaded.ok).toBe(false);
    if (loaded.ok) return;
    // Every scenario file reports, recordings are left out of a scenario folder.
    const reported = new Set(loaded.diagnostics.map((d) => d.span?.file));
    expect(reported.has('test/fixtures/bad/recording-outside-base.yaml')).toBe(false);
    expect(reported.size).toBe(14);
  });

  it('the built-in scenarios and the fixtures are valid', () => {
    for (const dir of ['scenarios/rfc', 'test/fixtures/scenarios', 'test/fixtures/recordings']) {
      const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
      expect(files.length).toBeGreaterThan(0);
      for (const f of files) expect(validateFile(`${dir}/${f}`), f).toEqual([]);
    }
  });
});
