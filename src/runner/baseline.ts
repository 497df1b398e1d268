/**
 * Baselines: a list of accepted blocking failures (`scenario › step › checkId`).
 * `--write-baseline` writes the current ones; `--baseline` gates only on new ones.
 */
import type { Result } from '../core/errors.js';
import type { RunResult } from './types.js';
import { blockingFailureKeys } from './verdict.js';

export interface BaselineFile {
  version: 1;
  failures: string[];
}

export function baselineOf(run: RunResult): BaselineFile {
  return { version: 1, failures: blockingFailureKeys(run).sort() };
}

/** Accepts a baseline file or a JSON report (its blocking failures). */
export function parseBaseline(text: string, file: string): Result<string[]> {
  const bad = (why: string): Result<string[]> => ({
    ok: false,
    diagnostics: [{ code: 'BASELINE_INVALID', severity: 'error', message: `${file}: ${why}`, hint: 'write one with --write-baseline <file>' }],
  });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return bad(`not JSON (${(err as Error).message})`);
  }
  const o = data as Partial<BaselineFile> & Partial<RunResult>;
  if (o && o.version === 1 && Array.isArray(o.failures) && o.failures.every((f) => typeof f === 'string')) {
    return { ok: true, value: o.failures };
  }
  if (o && o.version === 1 && Array.isArray(o.scenarios)) return { ok: true, value: blockingFailureKeys(o as RunResult) };
  return bad('expected `{ "version": 1, "failures": [ … ] }`');
}
