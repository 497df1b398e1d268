/**
 * `--seed` read while it is applied (src/server/seed-stream.ts): JSON Lines and
 * YAML document streams, across the 1 MiB read boundary, with errors that name
 * the file and line. The classic one-object YAML and JSON seeds are covered by
 * test/http/server/persistence.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createScimServer } from '../../../src/server/create-server.js';
import { SeedError } from '../../../src/server/seed-data.js';
import { openSeedFile } from '../../../src/server/seed-stream.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
const dir = mkdtempSync(join(tmpdir(), 'scimctl-seed-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const serve = (path: string) => createScimServer({ seed: openSeedFile(path) });

describe('JSON Lines seeds', () => {
  it('create users and groups line by line; a group may come before its members and name them by userName', () => {
    const path = file(
      'a.jsonl',
      [
        JSON.stringify({ schemas: [GROUP], id: 'g1', displayName: 'Eng', members: [{ value: 'u1' }, 'bob@example.com'] }),
        '',
        JSON.stringify({ schemas: [USER], id: 'u1', userName: 'alice@example.com' }),
        JSON.stringify({ schemas: [USER], id: 'u2', userName: 'bob@example.com' }),
      ].join('\n'),
    );
    const s = serve(path);
    expect(s.store.size('User')).toBe(2);
    expect([...s.store.memberIds('g1')]).toEqual(['u1', 'u2']);
  });

  it('name the file and line of a bad line', () => {
    const bad = file('bad.jsonl', `${JSON.stringify({ schemas: [USER], userName: 'a' })}\n\n{"schemas": [\n`);
    expect(() => serve(bad)).toThrow(new RegExp(`${bad}:3: not valid JSON`));
    const kindless = file('kindless.jsonl', `${JSON.stringify({ userName: 'a' })}\n`);
    expect(() => serve(kindless)).toThrow(/kindless\.jsonl:1: "schemas" must name the core User or Group schema/);
    const invalid = file('invalid.jsonl', `${JSON.stringify({ schemas: [USER], userName: 'a' })}\n${JSON.stringify({ schemas: [USER], displayName: 'x' })}\n`);
    expect(() => serve(invalid)).toThrow(SeedError);
    expect(() => serve(invalid)).toThrow(/invalid\.jsonl:2: .*userName/);
    expect(() => openSeedFile(join(dir, 'none.jsonl'))).toThrow(/cannot read seed file .*ENOENT/);
  });

  it('read a file larger than one read piece, with multi-byte characters split across pieces', () => {
    const lines = Array.from({ length: 6000 }, (_, i) => JSON.stringify({ schemas: [USER], id: `u${i}`, userName: `u${i}`, displayName: `Zoë Ñandú ${'é'.repeat(100)} ${i}` }));
    const s = serve(file('big.jsonl', `${lines.join('\n')}\n`));
    expect(s.store.size('User')).toBe(6000);
    expect(s.store.get('User', 'u5999')?.data.displayName).toBe(`Zoë Ñandú ${'é'.repeat(100)} 5999`);
  });
});

describe('YAML seeds', () => {
  it('read a stream of documents, each a resource or a seed object', () => {
    const path = file(
      'a.yaml',
      [
        `schemas: [${USER}]`,
        'id: u1',
        'userName: alice@example.com',
        '---',
        'users:',
        '  - userName: bob@example.com',
        '    id: u2',
        'groups:',
        '  - displayName: Ops',
        '    id: g1',
        '    members: [alice@example.com, u2, g2]',
        '---',
        `schemas: [${GROUP}]`,
        'id: g2',
        'displayName: Inner',
        '',
      ].join('\n'),
    );
    const s = serve(path);
    expect(s.store.size('User')).toBe(2);
    expect([...s.store.memberIds('g1')]).toEqual(['u1', 'u2', 'g2']);
  });

  it('name the line of the resource that fails, also inside a seed object', () => {
    const path = file('bad.yaml', ['users:', '  - userName: a', '  - displayName: no userName', ''].join('\n'));
    expect(() => serve(path)).toThrow(new RegExp(`${path}:3 users\\[1\\]: .*userName`));
    const broken = file('broken.yaml', [`schemas: [${USER}]`, 'userName: a', '---', 'userName: [b', ''].join('\n'));
    expect(() => serve(broken)).toThrow(/broken\.yaml:\d+: not valid YAML/);
  });

  it('take extension Schema documents from the first document, and refuse them later', () => {
    const URN = 'urn:example:ext:2.0:User';
    const schema = { id: URN, name: 'Ext', attributes: [{ name: 'badge', type: 'string', multiValued: false, required: false, caseExact: false, mutability: 'readWrite', returned: 'default', uniqueness: 'none' }] };
    const user = { schemas: [USER, URN], id: 'u1', userName: 'a', [URN]: { badge: 'B1' } };
    const path = file('ext.yaml', `${JSON.stringify({ schemas: [schema] })}\n---\n${JSON.stringify(user)}\n`);
    const s = serve(path);
    expect(s.store.get('User', 'u1')?.data[URN]).toEqual({ badge: 'B1' });
    const late = file('late.yaml', `${JSON.stringify(user)}\n---\n${JSON.stringify({ schemas: [schema] })}\n`);
    expect(() => serve(late)).toThrow(/late\.yaml:3: "schemas" .* only be declared in the first document/);
  });

  it('read a stream larger than one read piece', () => {
    const docs = Array.from({ length: 8000 }, (_, i) => `schemas: [${USER}]\nid: u${i}\nuserName: u${i}\ndisplayName: "Zoë ${'é'.repeat(60)} ${i}"\n`);
    const s = serve(file('big.yaml', docs.join('---\n')));
    expect(s.store.size('User')).toBe(8000);
    expect(s.store.get('User', 'u7999')?.data.displayName).toBe(`Zoë ${'é'.repeat(60)} 7999`);
  });
});
