/**
 * `scimctl record`: the commander definition only. The proxy is in
 * run-record.ts, imported when the command runs, so help loads no recorder.
 */
import { Option, type Command } from 'commander';
import type { CommandContext } from './main.js';
import { RECORDED_IDPS } from './recorded-idps.js';
import type { RecordFlags } from './run-record.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',').map((s) => s.trim()).filter(Boolean)];

export function registerRecordCommand(program: Command, ctx: CommandContext): void {
  program
    .command('record')
    .description('record what an IdP sends through a reverse proxy, as a replayable recording')
    .option('--target <url>', 'SCIM base URL to forward to (e.g. https://app.example/scim/v2)')
    .option('--mock', 'forward to the built-in server instead (point your IdP, through a tunnel, at the proxy)')
    .option('--profile <profile>', 'built-in server profile with --mock: rfc or mezmo', 'rfc')
    .option('--token <token>', 'with --mock: bearer token the built-in server requires (default: none)')
    .option('--out <file>', 'recording to write (fixtures/<idp>/<name>.yaml)')
    .option('--name <name>', 'recording name (default: the file name)')
    .option('--idp <idp>', `who sends the traffic: ${RECORDED_IDPS.join(', ')} (default: guessed from the first request)`)
    .option('--base-path <path>', "recorded base path (default: the target URL's path or the profile's)")
    .addOption(new Option('--redact <field>', 'also redact this JSON field or header (repeatable, or comma-separated)').argParser(collect).default([], 'none'))
    .option('--force', 'replace --out if it exists')
    .option('--host <host>', 'interface to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on; 0 picks any free port', '8090')
    .option('--timeout <ms>', 'upstream timeout in milliseconds', '60000')
    .option('--insecure', 'do not verify the target TLS certificate')
    .option('--ca <file>', 'PEM file with extra CA certificates for the target')
    .action(async (flags: RecordFlags) => {
      const { runRecord } = await import('./run-record.js');
      ctx.exitCode = await runRecord(flags);
    });
}
