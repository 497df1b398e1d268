/**
 * `withAbort()(transport)`: the caller's AbortSignal (the run's: Ctrl-C, --bail, or
 * the teardown deadline) cancels a request at once, whether or not the transport
 * under it listens, and the failure says ABORTED with the signal's reason, never
 * TIMEOUT: the target did nothing wrong.
 */
import { ScimctlError } from '../../core/errors.js';
import type { TransportWrapper } from './compose.js';
import type { OutgoingRequest } from './transport.js';

/** Why a signal fired, for the message: the reason given to `abort()`, if it is an Error. */
export function abortReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError') return reason.message;
  return 'the run was stopped';
}

export function abortedError(req: OutgoingRequest, signal: AbortSignal): ScimctlError {
  let where = req.url;
  try {
    const u = new URL(req.url);
    where = `${u.host}${u.pathname}`;
  } catch {
    // keep the raw URL
  }
  return new ScimctlError('ABORTED', `${req.method} ${where} was cancelled: ${abortReason(signal)}`);
}

export function withAbort(): TransportWrapper {
  return (inner) => ({
    async send(req, signal) {
      if (!signal) return inner.send(req);
      if (signal.aborted) throw abortedError(req, signal);
      let onAbort: (() => void) | undefined;
      const cancelled = new Promise<never>((_, reject) => {
        onAbort = () => reject(abortedError(req, signal));
        signal.addEventListener('abort', onAbort, { once: true });
      });
      try {
        return await Promise.race([inner.send(req, signal), cancelled]);
      } catch (err) {
        throw signal.aborted ? abortedError(req, signal) : err;
      } finally {
        if (onAbort) signal.removeEventListener('abort', onAbort);
        cancelled.catch(() => undefined);
      }
    },
    close: () => inner.close(),
  });
}
