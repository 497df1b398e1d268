/**
 * Reporters by name, and `createReporters(names, { outputDir, output })`,
 * which resolves where each one writes (house style §11).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '../core/errors.js';
import type { RunEvents } from '../runner/run-suite.js';
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
  /** Pretty: keep the per-check list after the defects (`--verbose`). */
  verbose?: boolean;
}

export interface ReporterSpec {
  /** The file it writes under --output-dir; pretty always writes to the terminal. */
  file?: string;
  create(dest: Destination, ctx: ReporterContext): Reporter;
}

export const REPORTER_NAMES = ['pretty', 'json', 'junit', 'tap', 'markdown', 'html'] as const;
export type ReporterName = (typeof REPORTER_NAMES)[number];

function readSource(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Each reporter and the file it writes under --output-dir. */
export const reporters: Readonly<Record<ReporterName, ReporterSpec>> = {
  pretty: {
    create: (_d, ctx) =>
      createPrettyReporter(ctx.stdout, { color: ctx.color, live: ctx.isTTY, githubActions: ctx.githubActions, verbose: ctx.verbose ?? false, readSource }),
  },
  json: { file: 'report.json', create: (d, ctx) => createJsonReporter(d, ctx.stdout) },
  junit: { file: 'junit.xml', create: (d, ctx) => createJunitReporter(d, ctx.stdout) },
  tap: { file: 'report.tap', create: (d, ctx) => createTapReporter(d, ctx.stdout) },
  markdown: { file: 'summary.md', create: (d, ctx) => createMarkdownReporter(d, ctx.stdout) },
  html: { file: 'report.html', create: (d, ctx) => createHtmlReporter(d, ctx.stdout) },
};

export function isReporterName(name: string): name is ReporterName {
  return REPORTER_NAMES.some((n) => n === name);
}

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
  const unknown = names.filter((n) => !isReporterName(n));
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
  const unique = [...new Set(names.filter(isReporterName))];
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

/** The run's events, passed to every reporter in turn (typed per hook, no casts). */
export function fanOutEvents(list: readonly Reporter[]): Required<RunEvents> {
  return {
    async onRunStart(info) {
      for (const r of list) await r.onRunStart?.(info);
    },
    async onScenarioStart(scenario) {
      for (const r of list) await r.onScenarioStart?.(scenario);
    },
    async onStepEnd(scenario, step) {
      for (const r of list) await r.onStepEnd?.(scenario, step);
    },
    async onScenarioEnd(result) {
      for (const r of list) await r.onScenarioEnd?.(result);
    },
  };
}

export type { Reporter, RunSummary, Sink } from './types.js';
