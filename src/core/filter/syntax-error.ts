/**
 * The one error the filter and path grammar raise internally. `parseFilter` and
 * `parsePath` turn it into a `ScimError`; the `try*` variants return its info.
 */
import type { SyntaxErrorInfo } from './ast.js';

export class FilterSyntaxError extends Error {
  override readonly name = 'FilterSyntaxError';
  readonly info: SyntaxErrorInfo;

  constructor(info: SyntaxErrorInfo) {
    super(info.message);
    this.info = info;
  }
}

/** Messages count characters from 1 (what a user sees under a caret); `offset` stays 0-based. */
export function at(offset: number): string {
  return `at character ${offset + 1}`;
}

/** Throws a syntax error: `<message> at character N[; <hint>]`. */
export function syntaxError(
  offset: number,
  message: string,
  options: { expected?: string; hint?: string } = {},
): never {
  const hint = options.hint === undefined ? '' : `; ${options.hint}`;
  const info: SyntaxErrorInfo = { message: `${message} ${at(offset)}${hint}`, offset };
  if (options.expected !== undefined) info.expected = options.expected;
  throw new FilterSyntaxError(info);
}

/** Quotes source text for a message, shortened so a huge token cannot flood a log line. */
export function quote(text: string): string {
  return `'${shorten(text)}'`;
}

export function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
