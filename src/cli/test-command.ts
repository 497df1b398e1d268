/**
 * Registers `scimctl test`, `scimctl list` and `scimctl validate`. Each action
 * stores its exit code in ctx.exitCode (docs/testing.md, "Exit codes").
 * The actions import their implementation when they run, so `--help` loads
 * no runner, reporters, undici, ajv or yaml.
 */
import { Option } from 'commander';
import type { Command } from 'commander';
import type { CliIO } from './cli-io.js';
import { processIO } from './cli-io.js';
import type { ListFlags } from './list-command.js';
import type { CommandContext } from './main.js';
import type { TestFlags } from './test-options.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** `--no-capability <name>` takes a value, so it must not be commander's negation of `--capability`. */
function noCapabilityOption(): Option {
  const opt = new Option('--no-capability <name>', 'treat the target as lacking a capability (repeatable)').argParser(collect);
  opt.negate = false;
  opt.attributeName = () => 'withoutCapability';
  return opt;
}

export function registerTestCommands(program: Command, ctx: CommandContext, io: CliIO = processIO()): void {
  program
    .command('test')
    .description('replay scenarios against a SCIM endpoint and judge every response')
    .argument('[base-url]', 'SCIM base URL, e.g. https://app.example/scim/v2 (its query is kept; ?aadOptscim062020 selects Entra flag mode and is not sent)')
    .option('--mock', 'test the built-in server in process (no sockets)')
    .option('--profile <name>', 'built-in server profile for --mock: rfc or mezmo', 'rfc')
    .option('--token <token>', 'bearer token (default: $SCIMCTL_TOKEN)')
    .option('--header <header>', "extra header 'Name: value' (repeatable)", collect)
    .option('--user <name>', 'basic auth user; the password is read from $SCIMCTL_PASSWORD')
    .option('--oauth-token-url <url>', 'get bearer tokens from this OAuth 2.0 token endpoint (client credentials grant)')
    .option('--client-id <id>', 'OAuth 2.0 client id (with --oauth-token-url)')
    .option('--client-secret <secret>', 'OAuth 2.0 client secret (default: $SCIMCTL_CLIENT_SECRET)')
    .option('--scope <scope>', 'OAuth 2.0 scope to ask for')
    .option('--capability <name>', 'treat the target as having a capability (repeatable)', collect)
    .addOption(noCapabilityOption())
    .option('--group <displayName>', 'an existing group the group scenarios may use (repeatable)', collect)
    .option('--entra-mode <mode>', 'Entra traffic to replay: default, aadopt or both (default: aadopt when the URL has ?aadOptscim062020, else both)')
    .option('--scenarios <paths...>', 'scenario files or folders to run instead of the built-in ones')
    .option('--with-builtin', 'run the built-in scenarios too')
    .option('--tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--grep <text>', 'only scenarios whose name or id contains text')
    .option('--schema-checks', "also run checks generated from the target's /Schemas and /ResourceTypes (custom attributes)")
    .option('--bail', 'stop after the first failing scenario (teardown still runs)')
    .option('--concurrency <n>', 'scenarios run in parallel (default 1)')
    .option('--order <order>', 'scenario order: file, reverse or random (default file)')
    .option('--seed <n>', 'seed for --order random (default 1)')
    .option('--timeout <ms>', 'per-request timeout in milliseconds (default 10000)')
    .option('--insecure', 'do not verify TLS certificates')
    .option('--ca <file>', 'extra CA certificates (PEM)')
    .option('--proxy <url>', 'send requests through an HTTP proxy')
    .option('--reporter <names>', 'comma-separated: pretty, json, junit, tap, markdown, html (default pretty)')
    .option('--verbose', 'pretty: list every failing check after the defects')
    .option('--output-dir <dir>', 'directory for reporter files')
    .option('--output <file>', 'file for the single non-pretty reporter')
    .option('--baseline <file>', 'accept the failures listed in file; fail only on new ones')
    .option('--write-baseline <file>', "write this run's blocking failures as a baseline")
    .option('--har <file>', 'write the traffic as HAR 1.2 (secrets redacted)')
    .option('--config <file>', 'configuration file (default: ./scimctl.config.yaml when present)')
    .action(async (url: string | undefined, flags: TestFlags) => {
      const { runTestCommand } = await import('./run-test.js');
      ctx.exitCode = await runTestCommand(url, flags, io);
    });

  program
    .command('list')
    .description('list scenarios, their tags and counts')
    .option('--scenarios <paths...>', 'scenario files or folders instead of the built-in ones')
    .option('--with-builtin', 'list the built-in scenarios too')
    .option('--tag <tag>', 'only scenarios with this tag (repeatable)', collect)
    .option('--grep <text>', 'only scenarios whose name or id contains text')
    .action(async (flags: ListFlags) => {
      const { runListCommand } = await import('./list-command.js');
      ctx.exitCode = runListCommand(flags, io);
    });

  program
    .command('validate')
    .description('check scenario, recording and config files without running them')
    .argument('<files...>', 'files or folders')
    .action(async (files: string[]) => {
      const { runValidateCommand } = await import('./validate-command.js');
      ctx.exitCode = runValidateCommand(files, io);
    });
}
