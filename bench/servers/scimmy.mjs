/**
 * The peer: SCIMMY with scimmy-routers on express 5, over the smallest fair
 * store a SCIMMY user would write: a Map by id per resource type. Filters are
 * left to SCIMMY's own `filter.match`, and paging to its ListResponse, as the
 * SCIMMY docs show. There is no userName index (SCIMMY has no hook for one).
 */
import { randomUUID } from 'node:crypto';
import express from 'express';
import SCIMMY from 'scimmy';
import SCIMMYRouters from 'scimmy-routers';
import { benchSeed } from '../lib/dataset.mjs';

const users = Number(process.argv[2] ?? 0);
const seed = benchSeed(users);

function mapStore(resourceType, items) {
  const byId = new Map();
  const now = new Date().toISOString();
  const withMeta = (r, created) => ({ ...r, meta: { resourceType, created, lastModified: new Date().toISOString() } });
  for (const { schemas: _s, ...item } of items) byId.set(item.id, { ...item, meta: { resourceType, created: now, lastModified: now } });
  return {
    ingress(resource, instance) {
      const { schemas: _s, meta: _m, ...data } = instance;
      if (resource.id) {
        const current = byId.get(resource.id);
        if (!current) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
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
        if (!found) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        return found;
      }
      const all = [...byId.values()];
      return resource.filter ? resource.filter.match(all) : all;
    },
    degress(resource) {
      if (!byId.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
    },
  };
}

const userStore = mapStore('User', seed.users);
const groupStore = mapStore('Group', seed.groups);
SCIMMY.Resources.declare(SCIMMY.Resources.User)
  .ingress((r, i) => userStore.ingress(r, i))
  .egress((r) => userStore.egress(r))
  .degress((r) => userStore.degress(r));
SCIMMY.Resources.declare(SCIMMY.Resources.Group)
  .ingress((r, i) => groupStore.ingress(r, i))
  .egress((r) => groupStore.egress(r))
  .degress((r) => groupStore.degress(r));

const app = express();
app.use('/scim', new SCIMMYRouters({ type: 'bearer', handler: () => 'bench' }));
const server = app.listen(0, '127.0.0.1', () => {
  process.send?.({ type: 'ready', url: `http://127.0.0.1:${server.address().port}/scim` });
});
