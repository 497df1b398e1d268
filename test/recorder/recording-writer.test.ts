/**
 * Given exchanges appended one by one, then after every append the file is a
 * complete recording the loader accepts, and bodies read back as they were
 * sent, whatever characters they hold. A session that captured nothing
 * leaves no file, and an existing file is not replaced unless asked.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { RecordingWriter } from '../../src/recorder/recording-writer.js';
import type { RawExchange } from '../../src/recorder/recording-doc.js';
import { buildRecording } from '../../src/runner/load/load-recording.js';
import { checkYamlText } from '../../src/runner/load/read-yaml-file.js';
import type { Recording } from '../../src/runner/types.js';
import { tempDir } from './helpers.js';

const cleanups: (() => void)[] = [];
afterEach(() => cleanups.splice(0).forEach((c) => c()));

function dir(): string {
  const t = tempDir();
  cleanups.push(t.remove);
  return t.dir;
}

function load(file: string): Recording {
  const checked = checkYamlText(file, readFileSync(file, 'utf8'), 'recording');
  if (!checked.ok) throw new Error(JSON.stringify(checked.diagnostics, null, 1));
  const built = buildRecording(checked.source);
  if (!built.ok) throw new Error(JSON.stringify(built.diagnostics, null, 1));
  return built.value;
}

const raw = (over: Partial<RawExchange>): RawExchange => ({
  method: 'POST',
  target: '/scim/v2/Users',
  requestHeaders: [['Content-Type', 'application/scim+json']],
  status: 201,
  responseHeaders: [['content-type', 'application/scim+json']],
  ...over,
});

const AWKWARD = [
  'line one\nline two\n\n  indented: yes # not a comment',
  '- looks like a list item',
  "it's \"quoted\" and {braced} and [bracketed]",
  '',
  'true',
  '0123',
  '~',
  'émoji 🚀 and tab\tinside',
  'x'.repeat(300),
];

describe('RecordingWriter', () => {
  it('leaves a valid recording after every append, with bodies that read back unchanged', () => {
    const file = join(dir(), 'nested', 'rec.yaml');
    const writer = new RecordingWriter(file, { name: 'awkward', idp: 'other', basePath: '/scim/v2/' });
    AWKWARD.forEach((text, i) => {
      const body = { 'urn:ietf:params:scim:schemas:core:2.0:User:nickName': text, list: [text, null, 1.5, { k: text }] };
      writer.append(raw({ requestBody: JSON.stringify(body), responseBody: JSON.stringify({ id: `U-${i}`, echo: text }) }));
      const rec = load(file);
      expect(rec.exchanges).toHaveLength(i + 1);
      expect(rec.basePath).toBe('/scim/v2');
      expect(rec.exchanges[i]?.request.body).toEqual(body);
      expect(rec.exchanges[i]?.response.body).toEqual({ id: `U-${i}`, echo: text });
    });
    writer.append(raw({ method: 'GET', target: '/scim/v2/Users/U-1', requestBody: undefined, status: 502, responseHeaders: [['content-type', 'text/html']], responseBody: '<html>\n  <h1>Bad gateway</h1>\n</html>\n' }));
    writer.close();
    const last = load(file).exchanges.at(-1);
    expect(last?.response.bodyText).toBe('<html>\n  <h1>Bad gateway</h1>\n</html>\n');
    expect(last?.id).toBe('read-user-10');
  });

  it('round-trips any JSON body (property)', () => {
    const base = dir();
    let n = 0;
    const key = fc.string().filter((k) => k !== '__proto__' && !/password|secret|token|apikey/i.test(k));
    const json = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(tie('value'), { maxLength: 4 }), fc.dictionary(key, tie('value'), { maxKeys: 4 })),
    })).value;
    fc.assert(
      fc.property(json, (body) => {
        const file = join(base, `p${n++}.yaml`);
        const writer = new RecordingWriter(file, { name: 'p', basePath: '/scim/v2' });
        writer.append(raw({ requestBody: JSON.stringify(body), responseBody: JSON.stringify(body) }));
        writer.close();
        const ex = load(file).exchanges[0];
        // JSON itself cannot carry -0.
        const expected = JSON.parse(JSON.stringify(body)) as unknown;
        expect(ex?.request.body).toEqual(expected);
        expect(ex?.response.body).toEqual(expected);
      }),
      { numRuns: 150 },
    );
  });

  it('writes nothing until the first exchange, and does not replace a file unless asked', () => {
    const base = dir();
    const file = join(base, 'empty.yaml');
    new RecordingWriter(file, { name: 'empty', basePath: '/scim/v2' }).close();
    expect(existsSync(file)).toBe(false);
    writeFileSync(file, 'keep me');
    expect(() => new RecordingWriter(file, { name: 'x', basePath: '/scim/v2' })).toThrow(/already exists.*--force/);
    const writer = new RecordingWriter(file, { name: 'x', basePath: '/scim/v2' }, { overwrite: true });
    writer.append(raw({}));
    writer.close();
    expect(load(file).exchanges).toHaveLength(1);
  });

  it('notes which earlier exchange assigned the ids, locations and versions a request reuses', () => {
    const file = join(dir(), 'links.yaml');
    const writer = new RecordingWriter(file, { name: 'links', basePath: '/scim/v2' });
    const user = { id: 'U-1', meta: { location: 'http://rec/scim/v2/Users/U-1', version: 'W/"1"' } };
    writer.append(raw({ responseBody: JSON.stringify(user), responseHeaders: [['Location', user.meta.location], ['ETag', 'W/"1"']] }));
    writer.append(raw({ method: 'GET', target: '/scim/v2/Groups?startIndex=1&count=100', status: 200, responseBody: JSON.stringify({ Resources: [{ id: 'G-1' }, { id: 'G-2' }] }) }));
    const patch = writer.append(
      raw({
        method: 'PATCH',
        target: '/scim/v2/Groups/G-1',
        requestHeaders: [['If-Match', 'W/"1"']],
        requestBody: JSON.stringify({ Operations: [{ op: 'remove', path: 'members[value eq "U-1"]' }, { op: 'add', path: 'members', value: [{ value: 'U-10' }] }] }),
        status: 204,
      }),
    );
    writer.close();
    expect(patch.note).toBe('reuses G-1 (id from list-groups-2, a list of 2: replay cannot map it, substitute it); W/"1" (version from create-user-1); U-1 (id from create-user-1)');
    expect(load(file).exchanges[2]?.id).toBe('patch-group-3');
  });
});
