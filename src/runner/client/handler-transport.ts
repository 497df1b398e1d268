/**
 * `scimctl test --mock`: requests go straight to a ScimHandler (the built-in
 * server), no sockets. The runner knows the server only by the handler's type.
 */
import type { ScimHandler } from '../../server/types.js';
import { ScimctlError } from '../../core/errors.js';
import { compose } from './compose.js';
import type { IncomingResponse, OutgoingRequest, Transport } from './transport.js';
import { withAbort } from './with-abort.js';

export function createHandlerTransport(handler: ScimHandler): Transport {
  const base: Transport = {
    async send(req: OutgoingRequest): Promise<IncomingResponse> {
      const url = new URL(req.url);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
      const res = await handler({
        method: req.method,
        path: url.pathname,
        query: url.search.replace(/^\?/, ''),
        headers,
        origin: url.origin,
        ...(req.body !== undefined ? { body: req.body } : {}),
      });
      if (res.drop) throw new ScimctlError('CONNECTION_RESET', `${url.host} closed the connection before answering`);
      const out: Record<string, string> = {};
      for (const [k, v] of Object.entries(res.headers)) out[k.toLowerCase()] = v;
      const bodyText = res.body === undefined ? '' : typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
      return { status: res.status, headers: out, bodyText };
    },
    async close() {},
  };
  // The handler cannot be interrupted, but the run need not wait for it (with-abort.ts).
  return compose(base, withAbort());
}
