import { describe, expect, it } from 'vitest';
import { inProcessTransport } from '../../../src/server/adapters/in-process.js';
import { createScimServer } from '../../../src/server/create-server.js';
import type { ScimHandler } from '../../../src/server/types.js';

describe('inProcessTransport', () => {
  it('is fetch-compatible: URL, method, headers and body in; a Response out', async () => {
    let n = 0;
    const transport = inProcessTransport(createScimServer({ token: 't', newId: () => `p-${++n}` }));
    const created = await transport.fetch('http://scim.test/scim/v2/Users', {
      method: 'POST',
      headers: { authorization: 'Bearer t', 'content-type': 'application/scim+json' },
      body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], userName: 'a' }),
    });
    expect(created.status).toBe(201);
    expect(created.headers.get('location')).toBe('http://scim.test/scim/v2/Users/p-1');
    expect(((await created.json()) as { id: string }).id).toBe('p-1');
    const deleted = await transport.fetch(new URL('http://scim.test/scim/v2/Users/p-1'), {
      method: 'DELETE',
      headers: { authorization: 'Bearer t' },
    });
    expect(deleted.status).toBe(204);
    expect(await deleted.text()).toBe('');
    const denied = await transport.fetch('http://scim.test/scim/v2/Users');
    expect(denied.status).toBe(401);
  });

  it('a dropped connection (fault seam) rejects like fetch does', async () => {
    const dropping: ScimHandler = async () => ({ status: 200, headers: {}, drop: true });
    await expect(inProcessTransport(dropping).fetch('http://scim.test/x')).rejects.toThrow(/dropped/);
  });
});
