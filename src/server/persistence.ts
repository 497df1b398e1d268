/**
 * `--data file.json`: the store as one JSON file, replaced atomically after
 * every acknowledged change (before the response goes out) and on shutdown.
 * Write to a temporary file in the same directory, fsync it, rename it over
 * the old one, fsync the directory: a crash at any point leaves either the
 * previous complete file or the new complete file, never a torn one.
 */
import { closeSync, fsyncSync, openSync, readdirSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ScimctlError } from '../core/errors.js';
import { ScimStore, type StoreOptions, type StoreSnapshot } from './store.js';

/** A data file that cannot be read, is not a scimctl store, or cannot be written; the message names the file. */
export class PersistenceError extends ScimctlError {
  override readonly name = 'PersistenceError';
  constructor(message: string, options?: { cause?: unknown; code?: 'DATA_FILE_INVALID' | 'DATA_FILE_WRITE' }) {
    super(options?.code ?? 'DATA_FILE_INVALID', message, options?.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** True unless `pid` names no running process (EPERM: it runs, under another user). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Temporary files of processes that died mid-write (SIGKILL, power loss) are
 * never renamed; without this they pile up next to the data file, one per crash.
 * Only files of processes that no longer run are removed. Returns how many.
 */
export function removeStaleTempFiles(path: string): number {
  const prefix = `.${basename(path)}.`;
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isSafeInteger(pid) || pid <= 0 || pid === process.pid || processAlive(pid)) continue;
    try {
      unlinkSync(join(dirname(path), name));
      removed++;
    } catch {
      // Gone already, or not ours to remove: either way nothing to do.
    }
  }
  return removed;
}

/** Load the store from `path`; undefined when the file does not exist yet. Stale temporary files are removed first. */
export function loadStoreFile(path: string, options: StoreOptions = {}): ScimStore | undefined {
  removeStaleTempFiles(path);
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
  writeSnapshotText(path, `${JSON.stringify(store.snapshot())}\n`);
}

/**
 * The `--data` commit hook. It remembers the last text it made durable; when a
 * write fails (disk full, the file replaced by a directory, …) it puts the store
 * back to that text before rethrowing, so the change that got a 500 is not
 * served afterwards and memory always equals what was acknowledged.
 */
export function createStoreFileWriter(path: string, store: ScimStore): (store: ScimStore) => void {
  let durable = `${JSON.stringify(store.snapshot())}\n`;
  return (current) => {
    const text = `${JSON.stringify(current.snapshot())}\n`;
    try {
      writeSnapshotText(path, text);
    } catch (err) {
      current.restore(JSON.parse(durable) as StoreSnapshot);
      throw new PersistenceError(`cannot write ${path}: ${(err as Error).message}; the change was undone`, { cause: err, code: 'DATA_FILE_WRITE' });
    }
    durable = text;
  };
}

function writeSnapshotText(path: string, text: string): void {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.tmp`);
  const bytes = Buffer.from(text, 'utf8');
  const fd = openSync(temp, 'w', 0o600);
  try {
    try {
      for (let offset = 0; offset < bytes.length; ) offset += writeSync(fd, bytes, offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (err) {
    // A failed write leaves the previous file in place; do not leave the temp file beside it.
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw err;
  }
  fsyncDirectory(dir);
}
