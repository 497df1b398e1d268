/**
 * A virtual clock for load tests: `sleep(ms)` resolves in time order, and time
 * moves only when nothing else is pending (a few event-loop turns with no new
 * timer), so a schedule of seconds runs in milliseconds and every figure
 * measured with it is exact. Used by the load generator and the fault layer's
 * latency together, so a 200 ms injected latency measures as exactly 200 ms.
 */
import type { LoadClock } from '../../src/load/schedule.js';

export interface VirtualClock extends LoadClock {
  /** Timers resolved so far (the loop is bounded: a test fails instead of spinning). */
  fired(): number;
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

export function virtualClock(options: { maxTimers?: number; settleTurns?: number } = {}): VirtualClock {
  let now = 0;
  let seq = 0;
  let fired = 0;
  const maxTimers = options.maxTimers ?? 100_000;
  const settle = options.settleTurns ?? 3;
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  let pumping = false;

  const pump = async () => {
    if (pumping) return;
    pumping = true;
    try {
      while (timers.length > 0) {
        for (let i = 0; i < settle; i++) await turn();
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift();
        if (!next) break;
        if (++fired > maxTimers) throw new Error(`virtual clock: more than ${maxTimers} timers`);
        now = Math.max(now, next.at);
        next.resolve();
      }
    } finally {
      pumping = false;
    }
  };

  return {
    now: () => now,
    fired: () => fired,
    sleep(ms, signal) {
      if (signal?.aborted) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const onAbort = () => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          resolve();
        };
        const timer = {
          at: now + Math.max(0, ms),
          seq: seq++,
          resolve: () => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        timers.push(timer);
        signal?.addEventListener('abort', onAbort, { once: true });
        void pump();
      });
    },
  };
}
