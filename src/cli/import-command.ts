/**
 * `scimctl import`: the commander definitions only. The work is in
 * run-import-har.ts, imported when the command runs, so help loads no recorder.
 */
import { Option, type Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { CommandContext } from './main.js';
import { RECORDED_IDPS } from './recorded-idps.js';
import type { ImportHarFlags } from './run-import-har.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerImportCommand(program: Command, ctx: CommandContext, io: CliIO = processIO()): void {
  const importCmd = program.command('import').description('turn captures from other tools into recordings');
  importCmd
    .command('har')
    .description('a HAR 1.2 capture (browser, proxy, or scimctl test --har) into a recording')
    .argument('<file>', 'HAR file')
    .option('--out <file>', 'recording to write (fixtures/<idp>/<name>.yaml)')
    .option('--base-path <path>', 'keep the requests under this path (default: the SCIM base path most requests share)')
    .option('--name <name>', 'recording name (default: the file name)')
    .option('--idp <idp>', `who sent the traffic: ${RECORDED_IDPS.join(', ')} (default: guessed)`)
    .addOption(new Option('--redact <field>', 'also redact this JSON field or header (repeatable, or comma-separated)').argParser(collect).default([], 'none'))
    .option('--force', 'replace --out if it exists')
    .action(async (file: string, flags: ImportHarFlags) => {
      const { runImportHarCommand } = await import('./run-import-har.js');
      ctx.exitCode = runImportHarCommand(file, flags, io);
    });
}
