/**
 * Servers under test run in child processes, so none shares an event loop
 * with autocannon (which runs in the parent) or with another server.
 */
import { fork, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** Fork a bench/servers/*.mjs module and wait for its `ready` message. */
export function forkServer(modulePath, args = [], execArgv = []) {
  const child = fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${modulePath} exited with ${code} before it was ready`)));
    child.once('message', (msg) => {
      child.removeAllListeners('exit');
      resolve({ child, url: msg.url, ...msg });
    });
  });
}

/** Ask a forked child something and wait for one reply. */
export function ask(child, message) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send(message);
  });
}

/** Start `scimctl serve` (the real CLI) and wait for its "listening on" line. */
export function startCli(binPath, args) {
  const child = spawn(process.execPath, [binPath, 'serve', '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        // A server that dies mid-run would otherwise show up only as connection errors.
        child.once('exit', (code, signal) => process.stderr.write(`bench: scimctl serve exited (${code ?? signal}) ${stderr}\n`));
        resolve({ child, url: m[1] });
      }
    });
    child.once('exit', (code) => reject(new Error(`scimctl serve exited with ${code}: ${stderr}`)));
  });
}

/** Resident and peak resident memory of a process, in bytes (Linux /proc). */
export function rssOf(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

export function stop(child) {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
