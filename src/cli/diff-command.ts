/**
 * Registers `scimctl diff`: the commander definition only; run-diff.ts is
 * imported when the command runs (docs/diff.md).
 */
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { CommandContext } from './main.js';
import type { DiffFlags } from './run-diff.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

export function registerDiffCommand(program: Command, ctx: CommandContext, io: CliIO = processIO()): void {
  program
    .command('diff')
    .description('run the scenarios against a target and the built-in server, and show per step what the target does differently')
    .argument('[base-url]', 'SCIM base URL of the target')
    .option('--profile <name>', 'built-in server to compare with: rfc or mezmo', 'rfc')
    .option('--token <token>', 'bearer token (default: $SCIMCTL_TOKEN)')
    .option('--header <header>', "extra header 'Name: value' (repeatable)", collect)
    .option('--user <name>', 'basic auth user; the password is read from $SCIMCTL_PASSWORD')
    .option('--capability <name>', 'treat the target as having a capability (repeatable)', collect)
    .option('--group <displayName>', 'an existing group the group scenarios may use (repeatable)', collect)
    .option('--scenarios <paths...>', 'scenario files or folders to run instead of the built-in ones')
    .option('--with-builtin', 'run the built-in scenarios too')
    .option('--tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--grep <text>', 'only scenarios whose name or id contains text')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (default 10000)')
    .option('--insecure', 'do not verify TLS certificates')
    .option('--ca <file>', 'extra CA certificates (PEM)')
    .option('--proxy <url>', 'send requests through an HTTP proxy')
    .option('--reporter <format>', 'pretty (unified diff per step), json or html', 'pretty')
    .option('--output <file>', 'write the diff to a file instead of stdout')
    .option('--fail-on-diff', 'exit 1 when anything differs (for CI)')
    .option('--config <file>', 'configuration file (default: ./scimctl.config.yaml when present)')
    .action(async (url: string | undefined, flags: DiffFlags) => {
      const { runDiffCommand } = await import('./run-diff.js');
      ctx.exitCode = await runDiffCommand(url, flags, io);
    });
}
