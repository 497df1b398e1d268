import { it } from 'vitest';
import { fuzzTarget, request, PATCH_URN, BULK_URN, USER_URN } from './server-harness.js';
it('x', async () => {
  const t = fuzzTarget();
  const show = async (label: string, req: any) => {
    const t0 = performance.now();
    const r = await t.server(req);
    console.log('OUT', label, r.status, Math.round(performance.now() - t0), 'ms', JSON.stringify(r.body)?.slice(0, 120));
  };
  for (const n of [2000, 8000, 20000]) {
    await show(`patch-${n}`, request('PATCH', '/Users/id-2', { body: JSON.stringify({ schemas: [PATCH_URN], Operations: Array.from({ length: n }, (_, i) => ({ op: 'add', path: 'emails', value: [{ value: `e${i}@x.y` }] })) }) }));
  }
  for (const n of [1000]) {
    const ops = Array.from({ length: n }, (_, i) => ({ method: 'POST', path: '/Users', bulkId: `u${i}`, data: { schemas: [USER_URN], userName: `bulk${i}`, emails: Array.from({length: 20}, (_, j) => ({ value: `x${j}@y.z`})) } }));
    await show(`bulk-${n}`, request('POST', '/Bulk', { body: JSON.stringify({ schemas: [BULK_URN], Operations: ops }) }));
  }
  await show('filter-8k', request('GET', '/Users', { query: 'filter=' + encodeURIComponent(Array.from({ length: 700 }, () => 'emails co "x"').join(' or ')) }));
  // A group with 1000 members, then 1000 single member adds
  const ids: string[] = [];
  for (let i = 0; i < 3000; i++) { const r = await t.server(request('POST', '/Users', { body: JSON.stringify({ schemas: [USER_URN], userName: `m${i}` }) })); ids.push((r.body as any).id); }
  await show('group-3000', request('POST', '/Groups', { body: JSON.stringify({ schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'], displayName: 'big', members: ids.map((value) => ({ value })) }) }));
  await show('list-users', request('GET', '/Users', { query: 'count=200' }));
  await show('filter-scan', request('GET', '/Users', { query: 'filter=' + encodeURIComponent('emails co "zzz" or name.givenName sw "q"') }));
});
