/**
 * Open-loop pacing: every request has a send time fixed before the run starts,
 * so a slow target cannot slow the sender down and hide its own latency
 * (latency is measured from the scheduled time, not from when a busy client got
 * round to sending). The clock is injected: tests run a schedule in virtual time.
 */

export interface LoadClock {
  /** Monotonic milliseconds. */
  now(): number;
  /** Resolves after `ms`, or at once when `signal` aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const realClock: LoadClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal?.aborted || ms <= 0) return resolve();
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal?.addEventListener('abort', done, { once: true });
    }),
};

export interface Slot {
  /** ms after the start. */
  at: number;
  /** In the steady phase (what the verdicts judge), not the ramp. */
  steady: boolean;
}

/** Requests the run may send at most, whatever the options: the loop is bounded in count. */
export const MAX_REQUESTS = 1_000_000;

/**
 * The send times: a linear ramp from 0 to `rate` over `rampMs` (rate·ramp/2
 * requests, the i-th at √(2·i·ramp/rate)), then `rate` per second for `durationMs`.
 */
export function buildSchedule(rate: number, durationMs: number, rampMs: number): Slot[] {
  const slots: Slot[] = [];
  const rampS = rampMs / 1000;
  const rampCount = Math.floor((rate * rampS) / 2);
  for (let i = 0; i < rampCount && slots.length < MAX_REQUESTS; i++) slots.push({ at: Math.sqrt((2 * i * rampS) / rate) * 1000, steady: false });
  const steadyCount = Math.round((rate * durationMs) / 1000);
  for (let j = 0; j < steadyCount && slots.length < MAX_REQUESTS; j++) slots.push({ at: rampMs + (j * 1000) / rate, steady: true });
  return slots;
}

/** Nearest-rank percentile of sorted values (0 when empty). */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}
