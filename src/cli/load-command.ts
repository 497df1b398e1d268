/**
 * `scimctl load`: the commander definition only. The load generator is in
 * src/load, wired by run-load-command.ts, imported when the command runs.
 */
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { LoadFlags } from './run-load-command.js';
import type { CommandContext } from './main.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerLoadCommand(program: Command, ctx: CommandContext, io: CliIO = processIO()): void {
  program
    .command('load')
    .description('drive a SCIM endpoint with IdP-shaped traffic (Entra cycles, Okta import and pushes) and judge the throughput')
    .argument('<base-url>', 'SCIM base URL, e.g. https://app.example/scim/v2')
    .option('--profile <profile>', 'entra, okta or mixed', 'entra')
    .option('--rate <req/s>', 'requests per second once ramped up', '25')
    .option('--duration <time>', 'steady phase: 30s, 2m', '60s')
    .option('--ramp <time>', 'linear ramp from 0 to --rate before the steady phase', '0s')
    .option('--users <n>', 'users created for the run before the load (deleted at the end)', '10')
    .option('--max-errors <n>', 'stop after more than this many errors and timeouts')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (both IdPs give up after 60 s)', '60000')
    .option('--token <token>', 'bearer token (default: $SCIMCTL_TOKEN)')
    .option('--header <header>', "extra header 'Name: value' (repeatable)", collect)
    .option('--oauth-token-url <url>', 'get bearer tokens from this OAuth 2.0 token endpoint (client credentials grant)')
    .option('--client-id <id>', 'OAuth 2.0 client id (with --oauth-token-url)')
    .option('--client-secret <secret>', 'OAuth 2.0 client secret (default: $SCIMCTL_CLIENT_SECRET)')
    .option('--scope <scope>', 'OAuth 2.0 scope to ask for')
    .option('--insecure', 'do not verify TLS certificates')
    .option('--ca <file>', 'extra CA certificates (PEM)')
    .option('--reporter <names>', 'comma-separated: pretty, json (default pretty)')
    .option('--output <file>', 'file for the json reporter (default: stdout)')
    .option('--export <format-and-file...>', 'write the traffic as a script instead of running it: --export artillery <file>')
    .option('--group <displayName>', 'with --export: the existing group the exported flows push members to', 'scimctl load')
    .action(async (url: string, flags: LoadFlags) => {
      const { runLoadCommand } = await import('./run-load-command.js');
      ctx.exitCode = await runLoadCommand(url, flags, io);
    });
}
