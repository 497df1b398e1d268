/**
 * `withThrottle(options)(transport)`: answers 429 Too Many Requests the way the
 * IdPs do. With `Retry-After` (RFC 9110 §10.2.3: seconds or an HTTP-date) it
 * waits that long, at most `maxWaitMs`, then sends the request again, at most
 * `maxRetries` times. Without `Retry-After` it waits `defaultWaitMs` and flags
 * the 429 as a warning: the IdPs give no back-off of their own to fall back on.
 * Every 429 seen is recorded on the response (`throttles`), so the step result
 * shows it. A transport wrapper in the undici-compose style: `(transport) => transport`.
 *
 * Evidence: Entra pauses for the `Retry-After` period and retries only the
 * failed requests (entra.md §5 "Rate", Q&A 2284725), older Entra ignored it and
 * retried a cycle later, and one report has a job quarantined on 429 (Q&A
 * 1922038); Okta suggests 429 as the throttle signal with no published
 * `Retry-After` semantics and gives up on a request after 60 s (okta.md §1, §10.11).
 */
import type { IncomingResponse, OutgoingRequest, ThrottleRecord, Transport } from './transport.js';

export interface ThrottleOptions {
  /** Longest single wait in ms (default 60 000: Okta gives up on a request after 60 s, okta.md §1). */
  maxWaitMs?: number;
  /** Retries per request after a 429 (default 3). */
  maxRetries?: number;
  /** Wait in ms when a 429 carries no Retry-After (default 1000). */
  defaultWaitMs?: number;
  /** Wall-clock ms for HTTP-date values; injectable for tests. */
  now?: () => number;
  /** Waits `ms` unless `signal` aborts first; injectable so tests need no real time. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export const NO_RETRY_AFTER_WARNING =
  '429 without Retry-After: Entra waits for the Retry-After period before retrying (entra.md §5 "Rate", Q&A 2284725) and ' +
  'Okta publishes no back-off of its own (okta.md §1, §10.11); without the header the IdP may retry only a cycle later, ' +
  'and Entra has quarantined a job that answered 429 (Q&A 1922038). Send Retry-After with every 429.';

/** Seconds or an HTTP-date → ms to wait; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  if (Number.isNaN(date) || !/[a-z]/i.test(text)) return undefined;
  return Math.max(0, date - nowMs);
}

const realSleep = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

export function withThrottle(options: ThrottleOptions = {}): (transport: Transport) => Transport {
  const maxWait = options.maxWaitMs ?? 60_000;
  const maxRetries = options.maxRetries ?? 3;
  const defaultWait = options.defaultWaitMs ?? 1000;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? realSleep;
  return (inner) => ({
    async send(req: OutgoingRequest, signal?: AbortSignal): Promise<IncomingResponse> {
      const throttles: ThrottleRecord[] = [];
      const withRecords = (res: IncomingResponse): IncomingResponse => {
        const all = [...throttles, ...(res.throttles ?? [])];
        return all.length > 0 ? { ...res, throttles: all } : res;
      };
      for (let attempt = 0; ; attempt++) {
        const res = await inner.send(req, signal);
        if (res.status !== 429) return withRecords(res);
        const header = res.headers['retry-after'];
        const parsed = parseRetryAfter(header, now());
        const wait = parsed ?? defaultWait;
        const record: ThrottleRecord = { ...(header !== undefined ? { retryAfter: header } : {}), waitedMs: 0, retried: false };
        if (parsed === undefined) record.warning = header === undefined ? NO_RETRY_AFTER_WARNING : `Retry-After "${header}" is neither seconds nor an HTTP-date (RFC 9110 §10.2.3)`;
        throttles.push(record);
        if (attempt >= maxRetries) {
          record.note = `gave up after ${maxRetries} retries`;
          return withRecords(res);
        }
        if (wait > maxWait) {
          record.note = `Retry-After asks for ${Math.round(wait / 1000)} s, more than the ${Math.round(maxWait / 1000)} s an IdP waits`;
          return withRecords(res);
        }
        await sleep(wait, signal);
        if (signal?.aborted) return withRecords(res);
        record.waitedMs = wait;
        record.retried = true;
      }
    },
    close: () => inner.close(),
  });
}
