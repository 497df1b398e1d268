/**
 * `scimctl scaffold`: the commander definition only. The work is in
 * run-scaffold.ts, imported when the command runs, so help loads no recorder.
 */
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { CommandContext } from './main.js';
import type { ScaffoldFlags } from './run-scaffold.js';

export function registerScaffoldCommand(program: Command, ctx: CommandContext, io: CliIO = processIO()): void {
  program
    .command('scaffold')
    .description('write a scenario that replays a recording, with checks for each request shape')
    .argument('<recording>', 'recording file (fixtures/…/x.yaml)')
    .option('--out <file>', 'scenario to write (default: scenarios/recorded/<recording name>.yaml)')
    .option('--name <name>', 'scenario name')
    .option('--force', 'replace --out if it exists')
    .action(async (recording: string, flags: ScaffoldFlags) => {
      const { runScaffoldCommand } = await import('./run-scaffold.js');
      ctx.exitCode = runScaffoldCommand(recording, flags, io);
    });
}
