/**
 * Wall times of whole CLI runs, taken as the median of several so one
 * scheduling hiccup on a shared machine does not decide the number.
 */
import { spawnSync } from 'node:child_process';

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Run `node <args>` `runs` times; median wall milliseconds and the last exit status and output. */
export function timeNode(args, runs, options = {}) {
  const times = [];
  let last;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    last = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
    times.push(performance.now() - t0);
  }
  return { ms: median(times), status: last.status, stdout: last.stdout, stderr: last.stderr };
}

/** Several commands timed in turns (A B C A B C …), so a burst of load elsewhere hits all of them alike. */
export function timeInterleaved(commands, runs) {
  const times = commands.map(() => []);
  for (let i = 0; i < runs; i++) {
    commands.forEach((args, k) => {
      const t0 = performance.now();
      spawnSync(process.execPath, args, { encoding: 'utf8' });
      times[k].push(performance.now() - t0);
    });
  }
  return times.map((t) => median(t));
}
