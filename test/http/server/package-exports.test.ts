/** The package entry points users import (built dist/; `npm test` builds first). */
import { describe, expect, it } from 'vitest';

describe('package exports', () => {
  it('scimctl/msw exports scimHandlers and scimctl/server the server API', async () => {
    const msw = (await import('scimctl/msw')) as { scimHandlers: (o?: object) => unknown[] };
    expect(msw.scimHandlers({ baseUrl: 'https://a.test/scim/v2' })).toHaveLength(2);
    const server = (await import('scimctl/server')) as Record<string, unknown>;
    for (const name of ['createScimServer', 'startNodeServer', 'inProcessTransport']) {
      expect(typeof server[name], name).toBe('function');
    }
  });
});
