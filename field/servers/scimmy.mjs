/**
 * SCIMMY 1.3.5 with scimmy-routers on express 5: the host adds only what
 * SCIMMY leaves to it (storage in a Map per resource type, ids, meta, a
 * bearer check, and an error logger after the router); filtering, paging, PATCH, projection and every answer are
 * SCIMMY's own. Same approach as bench/servers/scimmy.mjs, standing alone.
 *
 *   node field/servers/scimmy.mjs --port 0 --token T   →   SCIMMY http://127.0.0.1:PORT/scim/v2
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { announceAndStopOnSignal, serverArgs } from './cli.mjs';

const { port, token } = serverArgs('scimmy');

function mapStore(resourceType) {
  const byId = new Map();
  const notFound = (id) => new SCIMMY.Types.Error(404, null, `Resource ${id} not found`);
  const withMeta = (r, created) => ({ ...r, meta: { resourceType, created, lastModified: new Date().toISOString() } });
  return {
    ingress(resource, instance) {
      const { schemas: _s, meta: _m, ...data } = instance;
      if (resource.id) {
        const current = byId.get(resource.id);
        if (!current) throw notFound(resource.id);
        const next = withMeta({ ...data, id: resource.id }, current.meta.created);
        byId.set(resource.id, next);
        return next;
      }
      const id = randomUUID();
      const created = withMeta({ ...data, id }, new Date().toISOString());
      byId.set(id, created);
      return created;
    },
    egress(resource) {
      if (resource.id) {
        const found = byId.get(resource.id);
        if (!found) throw notFound(resource.id);
        return found;
      }
      const all = [...byId.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress(resource) {
      if (!byId.delete(resource.id)) throw notFound(resource.id);
    },
  };
}

for (const [Resource, store] of [
  [SCIMMY.Resources.User, mapStore('User')],
  [SCIMMY.Resources.Group, mapStore('Group')],
]) {
  SCIMMY.Resources.declare(Resource)
    .ingress((r, i) => store.ingress(r, i))
    .egress((r) => store.egress(r))
    .degress((r) => store.degress(r));
}

const app = express();
app.use(
  '/scim/v2',
  new SCIMMYRouters({
    type: 'bearer',
    // scimmy-routers turns a throw here into its 401 answer. The token names no
    // SCIM User, so nothing is returned and SCIMMY answers /Me with its 501.
    handler: (req) => {
      if (req.header('authorization') !== `Bearer ${token}`) throw new Error('Invalid bearer token');
    },
  }),
);
// scimmy-routers answers a 5xx itself, then passes the error on with next(ex)
// for the host to log. Express's default handler would then destroy the socket
// of a response already sent, so the next request on that keep-alive
// connection is sometimes reset (a race, not SCIMMY's answer). The host logs instead.
app.use((error, req, res, next) => {
  process.stderr.write(`scimmy: ${req.method} ${req.originalUrl}: ${error?.message ?? error}\n`);
  if (!res.headersSent) next(error);
});
const server = app.listen(port, '127.0.0.1', () => announceAndStopOnSignal(server, 'SCIMMY', '/scim/v2'));
