/**
 * `scimctl coverage`: the commander definition only. The work is in
 * run-coverage.ts, imported when the command runs, so help loads no scenarios.
 */
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { CommandContext } from './main.js';
import type { CoverageFlags } from './run-coverage.js';

export function registerCoverageCommand(program: Command, ctx: CommandContext, io: CliIO = processIO()): void {
  program
    .command('coverage')
    .description('show which checks enforce each requirement of the RFC checklist')
    .option('--scenarios <paths...>', 'scenario files or folders instead of the built-in ones')
    .option('--format <format>', 'text, markdown or json', 'text')
    .option('--missing', 'list only the requirements no check enforces')
    .action(async (flags: CoverageFlags) => {
      const { runCoverageCommand } = await import('./run-coverage.js');
      ctx.exitCode = runCoverageCommand(flags, io);
    });
}
