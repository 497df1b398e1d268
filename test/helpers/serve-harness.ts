/**
 * Runs `scimctl serve` in process (runServe) with a captured io: the tests read
 * what it prints, wait for its one "listening on" line, and stop it as a signal would.
 */
import type { ServeIo } from '../../src/cli/run-serve.js';

export interface ServeHarness {
  io: ServeIo;
  /** stdout lines. */
  out: string[];
  /** stderr lines. */
  err: string[];
  /** Both, in the order they were written. */
  all: string[];
  /** Resolves once the server printed its start line. */
  ready: Promise<void>;
  /** The base URL from the start line (call after `ready`). */
  url(): string;
  stop(signal: string): void;
}

export function serveHarness(env: Record<string, string | undefined> = {}): ServeHarness {
  const out: string[] = [];
  const err: string[] = [];
  const all: string[] = [];
  let stop: (signal: string) => void = () => undefined;
  let started: () => void = () => undefined;
  const ready = new Promise<void>((r) => (started = r));
  const io: ServeIo = {
    stdout: (line) => {
      out.push(line);
      all.push(line);
      started();
    },
    stderr: (line) => {
      err.push(line);
      all.push(line);
    },
    env,
    waitForStop: () => new Promise((resolve) => (stop = resolve)),
  };
  const url = (): string => /listening on (\S+)/.exec(out.find((l) => l.includes('listening on')) ?? '')?.[1] as string;
  return { io, out, err, all, ready, url, stop: (s) => stop(s) };
}
