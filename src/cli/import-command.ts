/**
 * `scimctl import har <file.har> --out <recording>`: a browser or proxy
 * capture into a recording (src/recorder/import-har.ts).
 */
import { Option, type Command } from 'commander';
import { isScimctlError } from '../core/errors.js';
import { importHarFile } from '../recorder/import-har.js';
import type { RecordedIdp } from '../recorder/recording-doc.js';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { CommandContext } from './main.js';

export interface ImportHarFlags {
  out?: string;
  basePath?: string;
  name?: string;
  idp?: string;
  redact: string[];
  force?: boolean;
}

const IDPS: readonly string[] = ['okta', 'entra', 'entra-aadopt', 'mezmo', 'other'];

export function runImportHarCommand(harFile: string, flags: ImportHarFlags, io: CliIO): number {
  const fail = (message: string, code = 2) => {
    io.stderr.write(`scimctl import: ${message}\n`);
    return code;
  };
  if (!flags.out) return fail('--out <file> is required (e.g. --out fixtures/okta/from-har.yaml)');
  if (flags.idp !== undefined && !IDPS.includes(flags.idp)) return fail(`--idp must be one of ${IDPS.join(', ')} (got "${flags.idp}")`);
  if (flags.basePath !== undefined && !flags.basePath.startsWith('/')) return fail(`--base-path must start with / (got "${flags.basePath}")`);
  let result;
  try {
    result = importHarFile(harFile, {
      out: flags.out,
      ...(flags.basePath ? { basePath: flags.basePath } : {}),
      ...(flags.name ? { name: flags.name } : {}),
      ...(flags.idp ? { idp: flags.idp as RecordedIdp } : {}),
      redact: flags.redact,
      overwrite: flags.force ?? false,
    });
  } catch (err) {
    if (!isScimctlError(err)) throw err;
    return fail(err.message);
  }
  const skipped = Object.entries(result.skipped).map(([why, n]) => `${n} ${why}`);
  io.stdout.write(
    `scimctl import: ${result.exchanges} exchange${result.exchanges === 1 ? '' : 's'} under ${result.basePath} written to ${flags.out}` +
      `${skipped.length > 0 ? ` (left out: ${skipped.join(', ')})` : ''}\n`,
  );
  return 0;
}

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
    .option('--idp <idp>', `who sent the traffic: ${IDPS.join(', ')} (default: guessed)`)
    .addOption(new Option('--redact <field>', 'also redact this JSON field or header (repeatable, or comma-separated)').argParser(collect).default([], 'none'))
    .option('--force', 'replace --out if it exists')
    .action((file: string, flags: ImportHarFlags) => {
      ctx.exitCode = runImportHarCommand(file, flags, io);
    });
}
