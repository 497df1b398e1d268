/**
 * `scimctl import har`: a HAR capture → a recording, through the same writer
 * as the proxy (same redaction, exchange ids and identifier notes).
 */
import { readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { ScimctlError } from '../core/errors.js';
import { guessIdp } from './guess-idp.js';
import { harExchanges, HarError } from './har-exchanges.js';
import type { RecordedIdp } from './recording-doc.js';
import { RecordingWriter } from './recording-writer.js';

export interface ImportHarOptions {
  out: string;
  basePath?: string;
  name?: string;
  idp?: RecordedIdp;
  redact?: readonly string[];
  overwrite?: boolean;
}

export interface ImportHarResult {
  exchanges: number;
  basePath: string;
  skipped: Record<string, number>;
}

export function importHarFile(harFile: string, options: ImportHarOptions): ImportHarResult {
  let har: unknown;
  try {
    har = JSON.parse(readFileSync(harFile, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new ScimctlError(code === 'ENOENT' ? 'FILE_NOT_FOUND' : code ? 'USAGE' : 'HAR_INVALID', code ? `cannot read \`${harFile}\` (${code})` : `\`${harFile}\` is not JSON: ${(err as Error).message}`);
  }
  let selection;
  try {
    selection = harExchanges(har, options.basePath);
  } catch (err) {
    if (err instanceof HarError) throw new ScimctlError('HAR_INVALID', `${harFile}: ${err.message}`);
    throw err;
  }
  if (selection.exchanges.length === 0) {
    throw new ScimctlError('USAGE', `${harFile}: no SCIM exchange under ${selection.basePath}; nothing written`);
  }
  const first = selection.exchanges[0];
  const idp = options.idp ?? (first ? guessIdp(first.target, first.requestHeaders) : undefined);
  const writer = new RecordingWriter(
    options.out,
    {
      name: options.name ?? basename(options.out, extname(options.out)),
      ...(idp ? { idp } : {}),
      source: `scimctl import har ${basename(harFile)}`,
      basePath: selection.basePath,
    },
    { ...(options.overwrite ? { overwrite: true } : {}), ...(options.redact ? { redact: options.redact } : {}) },
  );
  try {
    for (const raw of selection.exchanges) writer.append(raw);
  } finally {
    writer.close();
  }
  return { exchanges: writer.exchanges, basePath: selection.basePath, skipped: selection.skipped };
}
