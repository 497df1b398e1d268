/**
 * Reporters by name, and `createReporters(names, { outputDir, output })`,
 * which resolves where each one writes (house style §11).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../core/errors.js';
import { createHtmlReporter } from './html-reporter.js';
import { createJsonReporter } from './json-reporter.js';
import { createJunitReporter } from './junit-reporter.js';
import { createMarkdownReporter } from './markdown-reporter.js';
import { createPrettyReporter } from './pretty-reporter.js';
import { createTapReporter } from './tap-reporter.js';
import type { Reporter, Sink } from './types.js';
import type { Destination } from './write-output.js';

export interface ReporterContext {
  stdout: Sink;
  color: boolean;
  isTTY: boolean;
  githubActions: boolean;
}

type Factory = (dest: Destination, ctx: ReporterContext) => Reporter;

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Each reporter and the file it writes under --output-dir. */
export const reporters = {
  pretty: {
    file: undefined,
    create: ((_d, ctx) =>
      createPrettyReporter(ctx.stdout, { color: ctx.color, live: ctx.isTTY, githubActions: ctx.githubActions, readSource })) as Factory,
  },
  json: { file: 'report.json', create: ((d, ctx) => createJsonReporter(d, ctx.stdout)) as Factory },
  junit: { file: 'junit.xml', create: ((d, ctx) => createJunitReporter(d, ctx.stdout)) as Factory },
  tap: { file: 'report.tap', create: ((d, ctx) => createTapReporter(d, ctx.stdout)) as Factory },
  markdown: { file: 'summary.md', create: ((d, ctx) => createMarkdownReporter(d, ctx.stdout)) as Factory },
  html: { file: 'report.html', create: ((d, ctx) => createHtmlReporter(d, ctx.stdout)) as Factory },
} as const;

export type ReporterName = keyof typeof reporters;
export const REPORTER_NAMES = Object.keys(reporters) as ReporterName[];

export interface CreateReportersOptions {
  outputDir?: string;
  /** The file for the one machine-format reporter. */
  output?: string;
}

/**
 * pretty always writes to the terminal; each other reporter writes to
 * `--output` (when it is the only one), `<output-dir>/<file>`, or the terminal
 * when it is the only reporter at all.
 */
export function createReporters(names: readonly string[], options: CreateReportersOptions, ctx: ReporterContext): Result<Reporter[]> {
  const unknown = names.filter((n) => !(n in reporters));
  if (unknown.length > 0) {
    return {
      ok: false,
      diagnostics: [
        {
          code: 'REPORTER_UNKNOWN',
          severity: 'error',
          message: `unknown reporter ${unknown.map((u) => `\`${u}\``).join(', ')}`,
          hint: `valid reporters: ${REPORTER_NAMES.join(', ')}`,
        },
      ],
    };
  }
  const unique = [...new Set(names)] as ReporterName[];
  const machine = unique.filter((n) => n !== 'pretty');
  if (options.output && machine.length !== 1) {
    return {
      ok: false,
      diagnostics: [{ code: 'USAGE', severity: 'error', message: '--output needs exactly one reporter other than pretty', hint: 'use --output-dir for several' }],
    };
  }
  const out: Reporter[] = [];
  for (const name of unique) {
    const spec = reporters[name];
    let dest: Destination = { kind: 'stdout' };
    if (name !== 'pretty') {
      if (options.output) dest = { kind: 'file', path: options.output };
      else if (options.outputDir) dest = { kind: 'file', path: join(options.outputDir, spec.file ?? name) };
      else if (unique.length > 1) {
        return {
          ok: false,
          diagnostics: [
            {
              code: 'USAGE',
              severity: 'error',
              message: `reporter \`${name}\` needs a file when several reporters run`,
              hint: 'add --output-dir <dir> (or --output <file> for a single reporter)',
            },
          ],
        };
      }
    }
    out.push(spec.create(dest, ctx));
  }
  return { ok: true, value: out };
}

export type { Reporter, RunSummary, Sink } from './types.js';
