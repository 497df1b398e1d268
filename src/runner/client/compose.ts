/**
 * Transports are built undici-style: one base transport (undici, or the built-in
 * server's handler) and small `(transport) => transport` wrappers around it, each
 * owning one concern (timeout, abort, 429 handling, OAuth, …).
 */
import type { Transport } from './transport.js';

export type TransportWrapper = (transport: Transport) => Transport;

/** `compose(base, a, b)` = `b(a(base))`: the last wrapper sees each request first. */
export function compose(base: Transport, ...wrappers: TransportWrapper[]): Transport {
  return wrappers.reduce((inner, wrap) => wrap(inner), base);
}
