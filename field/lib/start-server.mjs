/**
 * Starts one field server as a child process on port 0 and resolves with its
 * base URL (the second word of the first stdout line) and a `stop()` that
 * sends SIGTERM and waits for the exit. Start-up is bounded in time.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const FIELD_DIR = fileURLToPath(new URL('..', import.meta.url));

export function startFieldServer(server, token, { timeoutMs = 20_000 } = {}) {
  const child = spawn(process.execPath, [server.script, '--port', '0', '--token', token], {
    cwd: FIELD_DIR,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${server.key}: no start-up line within ${timeoutMs} ms\n${stderr}`));
    }, timeoutMs);
    createInterface({ input: child.stdout }).once('line', (line) => {
      clearTimeout(timer);
      const [banner, url] = line.trim().split(/\s+/);
      if (banner === server.banner && /^http:\/\/127\.0\.0\.1:\d+\//.test(url ?? '')) resolve({ url, stop, child, stderr: () => stderr });
      else {
        child.kill('SIGKILL');
        reject(new Error(`${server.key}: unexpected start-up line "${line}"`));
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`${server.key}: exited (${code ?? signal}) before printing its URL\n${stderr}`));
    });
  });
}
