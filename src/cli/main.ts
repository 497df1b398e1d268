/**
 * The CLI: commander wiring only. Each command lives in its own file and
 * returns an exit code; bin/scimctl.js is the only place that sets it.
 * The register files below import their implementation inside the action:
 * a static import there would load it for every `--help` too
 * (test/unit/cli/lazy-commands.test.ts).
 */
import { Command, CommanderError } from 'commander';
import { processIO, type CliIO } from './cli-io.js';
import { EXIT_CODES, exitCodeFor } from '../core/errors.js';
import { registerImportCommand } from './import-command.js';
import { registerRecordCommand } from './record-command.js';
import { registerScaffoldCommand } from './scaffold-command.js';
import { registerServeCommand } from './serve-command.js';
import { registerTestCommands } from './test-command.js';
import { registerCoverageCommand } from './coverage-command.js';
import { registerDiffCommand } from './diff-command.js';
import { registerLoadCommand } from './load-command.js';
import { toolVersion } from './tool-version.js';

/** What a command action reports back to main. */
export interface CommandContext {
  exitCode: number;
}

/** `io`: the process by default; tests pass their own to capture output and set the working directory. */
export async function main(argv: string[], io: CliIO = processIO()): Promise<number> {
  const ctx: CommandContext = { exitCode: EXIT_CODES.ok };
  const program = new Command()
    .name('scimctl')
    .description('SCIM 2.0 conformance tester with a built-in reference SCIM server')
    .version(toolVersion())
    .option('--debug', 'show stack traces for internal errors')
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) })
    .showHelpAfterError()
    .exitOverride();

  registerServeCommand(program, ctx);
  registerTestCommands(program, ctx, io);
  registerDiffCommand(program, ctx, io);
  registerLoadCommand(program, ctx, io);
  registerCoverageCommand(program, ctx, io);
  registerRecordCommand(program, ctx);
  registerImportCommand(program, ctx, io);
  registerScaffoldCommand(program, ctx, io);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version exit through here with code 0.
      return err.exitCode === 0 ? EXIT_CODES.ok : exitCodeFor('USAGE');
    }
    throw err;
  }
  return ctx.exitCode;
}
