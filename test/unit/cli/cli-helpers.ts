/** Runs scimctl commands in process with captured output. */
import { Command, CommanderError } from 'commander';
import type { CliIO } from '../../../src/cli/cli-io.js';
import { registerTestCommands } from '../../../src/cli/test-command.js';

export interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

export async function scimctl(args: string[], opts: { env?: Record<string, string | undefined>; cwd?: string; interrupt?: (fire: () => void) => void } = {}): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (t) => void (stdout += t) },
    stderr: { write: (t) => void (stderr += t) },
    env: opts.env ?? {},
    cwd: opts.cwd ?? process.cwd(),
    isTTY: false,
    onInterrupt(handler) {
      opts.interrupt?.(handler);
      return () => {};
    },
  };
  const ctx = { exitCode: 0 };
  const program = new Command().exitOverride().configureOutput({ writeOut: (t) => void (stdout += t), writeErr: (t) => void (stderr += t) });
  registerTestCommands(program, ctx, io);
  try {
    await program.parseAsync(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.exitCode === 0 ? 0 : 2, stdout, stderr };
    throw err;
  }
  return { code: ctx.exitCode, stdout, stderr };
}

export const scrubDurations = (s: string) => s.replace(/\d+(\.\d+)? (ms|s)\b/g, '[...]').replace(/run r[0-9a-f]{5}/g, 'run [...]');
