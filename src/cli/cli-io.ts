/**
 * What a command needs from the process, injectable so tests run commands in
 * process and compare their output exactly.
 */
import type { Sink } from '../reporters/types.js';

export interface CliIO {
  stdout: Sink;
  stderr: Sink;
  env: Record<string, string | undefined>;
  cwd: string;
  /** stdout is a terminal: live progress and (unless NO_COLOR) colour. */
  isTTY: boolean;
  /** Registers a Ctrl-C handler; returns its removal. */
  onInterrupt(handler: () => void): () => void;
}

export function processIO(): CliIO {
  return {
    stdout: { write: (t) => void process.stdout.write(t) },
    stderr: { write: (t) => void process.stderr.write(t) },
    env: process.env,
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    onInterrupt(handler) {
      process.on('SIGINT', handler);
      return () => process.off('SIGINT', handler);
    },
  };
}

/** Colour only on a TTY and when NO_COLOR is unset (https://no-color.org). */
export function useColor(io: CliIO): boolean {
  return io.isTTY && (io.env['NO_COLOR'] === undefined || io.env['NO_COLOR'] === '') && io.env['TERM'] !== 'dumb';
}
