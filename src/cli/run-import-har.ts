/**
 * `scimctl import har <file.har> --out <recording>`: a browser or proxy
 * capture into a recording (src/recorder/import-har.ts). The commander
 * definition is import-command.ts, which loads this file on use.
 */
import { EXIT_CODES, exitCodeFor, isScimctlError } from '../core/errors.js';
import { importHarFile } from '../recorder/import-har.js';
import type { RecordedIdp } from '../recorder/recording-doc.js';
import type { CliIO } from './cli-io.js';
import { RECORDED_IDPS } from './recorded-idps.js';

export interface ImportHarFlags {
  out?: string;
  basePath?: string;
  name?: string;
  idp?: string;
  redact: string[];
  force?: boolean;
}

export function runImportHarCommand(harFile: string, flags: ImportHarFlags, io: CliIO): number {
  const fail = (message: string, code: number = exitCodeFor('USAGE')) => {
    io.stderr.write(`scimctl import: ${message}\n`);
    return code;
  };
  if (!flags.out) return fail('--out <file> is required (e.g. --out fixtures/okta/from-har.yaml)');
  if (flags.idp !== undefined && !(RECORDED_IDPS as readonly string[]).includes(flags.idp)) return fail(`--idp must be one of ${RECORDED_IDPS.join(', ')} (got "${flags.idp}")`);
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
    return fail(err.message, err.exitCode);
  }
  const skipped = Object.entries(result.skipped).map(([why, n]) => `${n} ${why}`);
  io.stdout.write(
    `scimctl import: ${result.exchanges} exchange${result.exchanges === 1 ? '' : 's'} under ${result.basePath} written to ${flags.out}` +
      `${skipped.length > 0 ? ` (left out: ${skipped.join(', ')})` : ''}\n`,
  );
  return EXIT_CODES.ok;
}
