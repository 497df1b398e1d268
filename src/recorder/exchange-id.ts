/**
 * Readable, unique exchange ids (`lookup-users-1`, `create-user-2`,
 * `patch-group-7`) so a scaffolded scenario can address exchanges by name.
 */
import { classifyOperation } from '../runner/auto-checks.js';

/** `relTarget` is the request target below the base path, query included. */
export function exchangeId(method: string, relTarget: string, position: number): string {
  const [pathOnly = '', query = ''] = relTarget.split('?');
  const segs = pathOnly.split('/').filter(Boolean);
  const collection = (segs[0] ?? 'root').replace(/[^A-Za-z0-9]/g, '').toLowerCase() || 'root';
  const single = collection.replace(/s$/, '');
  const op = classifyOperation(method.toUpperCase(), pathOnly);
  const filtered = /(^|&)filter=/i.test(query);
  const name: Record<typeof op, string> = {
    create: `create-${single}`,
    list: `${filtered ? 'lookup' : 'list'}-${collection}`,
    read: `read-${single}`,
    replace: `replace-${single}`,
    patch: `patch-${single}`,
    delete: `delete-${single}`,
    other: `${method.toLowerCase()}-${collection}`,
  };
  return `${name[op]}-${position}`;
}
