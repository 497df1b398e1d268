/**
 * `scimctl serve`: the commander definition only. The server is in
 * run-serve.ts, imported when the command runs, so `scimctl --help` and
 * `serve --help` do not load it (docs/serve.md has the command itself).
 */
import type { Command } from 'commander';
import { MAX_REQUEST_BODY_BYTES } from '../core/limits.js';
import type { CommandContext } from './main.js';
import type { ServeOptions } from './run-serve.js';


export function registerServeCommand(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .description('run the in-memory reference SCIM 2.0 server')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks any free port', '8080')
    .option('--profile <profile>', 'rfc (RFC 7643/7644) or mezmo (Mezmo enterprise SCIM)', 'rfc')
    .option('--base-path <path>', "base path of the endpoints (default: the profile's, /scim/v2 or /v1/enterprise/scim)")
    .option('--token <token>', 'bearer token clients must send (default: $SCIMCTL_TOKEN; none = open server)')
    .option(
      '--oauth-client <id:secret>',
      'accept OAuth 2.0 tokens from <origin>/oauth/token issued to this client (repeatable; client_credentials and refresh_token grants)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--oauth-token-ttl <time>', 'lifetime of the access tokens: 90s, 30m, 1h', '1h')
    .option('--seed <file>', 'YAML or JSON file with users and groups to start with')
    .option(
      '--schema <file>',
      'custom extension: an RFC 7643 §7 Schema document (YAML or JSON; one, a list, or a ListResponse), repeatable',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--data <file>', 'persist to this JSON file (loaded at start, rewritten atomically after every change)')
    .option('--me <userName>', 'serve /Me as this user')
    .option('--strict', 'refuse the IdP deviations the server tolerates by default')
    .option('--log', 'log one line per request to stderr (method, path, status, time)')
    .option('--max-body <bytes>', 'largest request body in bytes', String(MAX_REQUEST_BODY_BYTES))
    .option(
      '--fault <spec>',
      'misbehave on purpose, repeatable: latency=200ms, error-rate=0.1, 429:retry-after=5, "status=503:route=POST /Users", string-counts, no-location, drop:rate=0.05 (docs/faults.md)',
      (value: string, previous: string[] = []) => [...previous, value],
    )
    .option('--fault-seed <n>', 'seed for the fault dice, to replay a run (default: random, printed at start)')
    .action(async (options: ServeOptions) => {
      const { runServe } = await import('./run-serve.js');
      ctx.exitCode = await runServe(options);
    });
}
