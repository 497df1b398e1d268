/**
 * Memory of the reference server with N users loaded, measured inside the
 * process after a forced GC, so seeding garbage does not count. Run with
 * --expose-gc. Reports RSS and V8 heap in use.
 */
import { createScimServer } from '../../dist/server/index.js';
import { benchSeed } from '../lib/dataset.mjs';

const users = Number(process.argv[2] ?? 0);
let seed = { users: benchSeed(users, 0).users };
const server = createScimServer({ seed });
seed = undefined;
for (let i = 0; i < 3; i++) globalThis.gc();
const { rss, heapUsed } = process.memoryUsage();
process.send({ type: 'ready', users: server.store.size('User'), rss, heapUsed });
