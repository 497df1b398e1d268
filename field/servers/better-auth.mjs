/**
 * Better Auth 1.7.5 with @better-auth/scim 1.7.5 on Better Auth's memory
 * adapter (it has the interactive transactions the plugin requires), served by
 * `toNodeHandler` under /api/auth, so the SCIM base is /api/auth/scim/v2.
 * One code-defined connection whose single static bearer credential is
 * `--token`: the plugin compares the Authorization bearer with it verbatim.
 * The host adds nothing else; rate limiting is off so a full suite run is
 * never answered 429 (a host choice, not SCIM behaviour).
 *
 *   node field/servers/better-auth.mjs --port 0 --token T   →   BETTER-AUTH http://127.0.0.1:PORT/api/auth/scim/v2
 */
import { createServer } from 'node:http';
import { getAuthTables } from '@better-auth/core/db';
import { scim } from '@better-auth/scim';
import { betterAuth } from 'better-auth';
import { memoryAdapter } from 'better-auth/adapters/memory';
import { toNodeHandler } from 'better-auth/node';
import { announceAndStopOnSignal, serverArgs } from './cli.mjs';

const { port, token } = serverArgs('better-auth');

// Loopback only; a fixed secret keeps runs repeatable (it signs sessions, which SCIM never uses).
const SECRET = 'scimctl-field-server-loopback-only-secret-0123456789';

const server = createServer();
server.listen(port, '127.0.0.1', () => {
  const baseURL = `http://127.0.0.1:${server.address().port}`;
  const plugins = [scim({ connections: [{ id: 'field', credentials: [{ type: 'bearer', id: 'field-token', token }] }] })];
  // The memory adapter needs a table (an array) per model, plugin models included.
  const db = Object.fromEntries(Object.values(getAuthTables({ plugins })).map((t) => [t.modelName, []]));
  const auth = betterAuth({
    baseURL,
    basePath: '/api/auth',
    secret: SECRET,
    database: memoryAdapter(db),
    rateLimit: { enabled: false },
    telemetry: { enabled: false },
    plugins,
  });
  server.on('request', toNodeHandler(auth));
  announceAndStopOnSignal(server, 'BETTER-AUTH', '/api/auth/scim/v2');
});
