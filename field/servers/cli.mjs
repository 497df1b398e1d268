/**
 * The command line both field servers share: `--port <n>` (0 = any free port)
 * and `--token <bearer>`, the one-line start banner, and a clean stop on
 * SIGTERM/SIGINT. Bad arguments exit 2 with a message naming the flag.
 */
import { parseArgs } from 'node:util';

export function serverArgs(name, argv = process.argv.slice(2)) {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string', default: '0' }, token: { type: 'string' } }, strict: true }));
  } catch (error) {
    fail(name, error.message);
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) fail(name, `--port must be an integer 0..65535, got "${values.port}"`);
  if (!values.token || /\s/.test(values.token)) fail(name, '--token <bearer> is required and cannot contain whitespace');
  return { port, token: values.token };
}

function fail(name, message) {
  process.stderr.write(`${name}: ${message}\nusage: node field/servers/${name}.mjs --port <n> --token <bearer>\n`);
  process.exit(2);
}

/** Prints `<LABEL> <base URL>` once listening, and closes the server on SIGTERM/SIGINT. */
export function announceAndStopOnSignal(server, label, basePath) {
  const { port } = server.address();
  process.stdout.write(`${label} http://127.0.0.1:${port}${basePath}\n`);
  const stop = () => {
    server.close(() => process.exit(0));
    server.closeAllConnections?.();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
