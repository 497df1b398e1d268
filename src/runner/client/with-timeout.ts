/**
 * `withTimeout(deadlineMs, label)(transport)`: one deadline for a whole request,
 * connect to last body byte. undici's own timeouts are per gap, so a target that
 * drip-feeds its body would otherwise keep one request alive for days. The
 * deadline is TIMEOUT; a caller's own abort keeps its own diagnosis (with-abort.ts).
 */
import { ScimctlError } from '../../core/errors.js';
import type { TransportWrapper } from './compose.js';

export function withTimeout(deadlineMs: number): TransportWrapper {
  return (inner) => ({
    async send(req, signal) {
      const deadline = AbortSignal.timeout(deadlineMs);
      try {
        return await inner.send(req, signal ? AbortSignal.any([signal, deadline]) : deadline);
      } catch (err) {
        if (deadline.aborted && !signal?.aborted && !(err instanceof ScimctlError && err.code !== 'ABORTED')) {
          throw new ScimctlError('TIMEOUT', `the response from ${new URL(req.url).host} was not complete after ${deadlineMs} ms`);
        }
        throw err;
      }
    },
    close: () => inner.close(),
  });
}
