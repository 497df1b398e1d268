/**
 * Resolves where a machine-format reporter writes, and writes it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Sink } from './types.js';

export type Destination = { kind: 'stdout' } | { kind: 'file'; path: string };

export async function writeOutput(dest: Destination, stdout: Sink, text: string): Promise<void> {
  if (dest.kind === 'stdout') {
    stdout.write(text);
    return;
  }
  await mkdir(dirname(dest.path), { recursive: true });
  await writeFile(dest.path, text, 'utf8');
}
