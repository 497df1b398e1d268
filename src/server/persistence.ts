/**
 * `--data file.json`: the store as one JSON file, replaced atomically after
 * every acknowledged change (before the response goes out) and on shutdown.
 * Write to a temporary file in the same directory, fsync it, rename it over
 * the old one, fsync the directory: a crash at any point leaves either the
 * previous complete file or the new complete file, never a torn one.
 */
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ScimStore, type StoreOptions, type StoreSnapshot } from './store.js';

/** A data file that cannot be read or is not a scimctl store; the message names the file. */
export class PersistenceError extends Error {
  override readonly name = 'PersistenceError';
}

/** Load the store from `path`; undefined when the file does not exist yet. */
export function loadStoreFile(path: string, options: StoreOptions = {}): ScimStore | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new PersistenceError(`cannot read data file ${path}${code ? ` (${code})` : ''}`);
  }
  try {
    return ScimStore.fromSnapshot(JSON.parse(text) as StoreSnapshot, options);
  } catch (err) {
    throw new PersistenceError(`data file ${path} cannot be loaded: ${(err as Error).message}`);
  }
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(dir, 'r');
    fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic there.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** Write the whole store to `path` atomically and durably. Synchronous so no request can interleave. */
export function writeStoreFile(path: string, store: ScimStore): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const bytes = Buffer.from(`${JSON.stringify(store.snapshot())}\n`, 'utf8');
  const fd = openSync(temp, 'w', 0o600);
  try {
    for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temp, path);
  fsyncDirectory(dir);
}
