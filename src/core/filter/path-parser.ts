/**
 * PATCH paths (RFC 7644 §3.5.2: PATH = attrPath / valuePath [subAttr]) and the
 * plain attribute paths of `attributes`, `excludedAttributes` (§3.4.2.5) and
 * `sortBy` (§3.4.2.3).
 */
import type { AttrPath, PatchPath } from './ast.js';
import { readAttrPath, readSubAttr, type GrammarOptions } from './attr-path-syntax.js';
import type { Token } from './filter-lexer.js';
import { FilterParser, checkLength, toResult, type ParseResult } from './filter-parser.js';
import { quote, syntaxError } from './syntax-error.js';
import { ScimError } from '../scim-errors.js';

function expectPathStart(token: Token, what: string): void {
  if (token.kind === 'eof') {
    syntaxError(token.start, `the ${what} is empty; expected an attribute path`, { expected: 'attribute path' });
  }
  if (token.kind !== 'word') {
    syntaxError(token.start, `expected an attribute path, found ${quote(token.text)}`, {
      expected: 'attribute path',
    });
  }
}

function expectEnd(token: Token, what: string): void {
  if (token.kind === 'eof') return;
  const hint =
    token.kind === 'word'
      ? 'a path names an attribute; select elements with a value filter such as emails[type eq "work"]'
      : undefined;
  syntaxError(token.start, `expected the end of the ${what}, found ${quote(token.text)}`, {
    expected: 'end',
    ...(hint === undefined ? {} : { hint }),
  });
}

function parsePathSyntax(text: string, options: GrammarOptions): PatchPath {
  checkLength(text, options, 'path');
  const parser = new FilterParser(text, options);
  const { lexer } = parser;
  const word = lexer.next();
  expectPathStart(word, 'path');
  const attr = readAttrPath(word.value, word.start, options);
  const open = lexer.peek();
  if (open.kind !== 'lbracket') {
    expectEnd(open, 'path');
    return { attr };
  }
  if (attr.sub !== undefined || attr.schemaRoot) {
    syntaxError(open.start, `a value filter cannot follow ${quote(word.text)}`, {
      hint: 'filter a multi-valued attribute, e.g. emails[type eq "work"].value',
    });
  }
  lexer.next();
  const filter = parser.parseBracket(word.text, open);
  const close = lexer.lastEnd;
  const dot = lexer.peek();
  if (dot.kind !== 'dot') {
    expectEnd(dot, 'path');
    return { attr, filter };
  }
  if (dot.start !== close) syntaxError(close, "unexpected space before '.'");
  lexer.next();
  const subTok = lexer.next();
  if (subTok.kind !== 'word' || subTok.start !== dot.end) {
    syntaxError(dot.end, "expected a sub-attribute name after '.'", { expected: 'ATTRNAME' });
  }
  const sub = readSubAttr(subTok.value, subTok.start);
  expectEnd(lexer.peek(), 'path');
  return { attr, filter, sub };
}

function parseAttrPathSyntax(text: string, options: GrammarOptions): AttrPath {
  checkLength(text, options, 'attribute path');
  const parser = new FilterParser(text, options);
  const word = parser.lexer.next();
  expectPathStart(word, 'attribute path');
  const path = readAttrPath(word.value, word.start, options);
  const next = parser.lexer.peek();
  if (next.kind === 'lbracket') {
    syntaxError(next.start, 'a value filter is not allowed here', { hint: 'name the attribute, e.g. emails.value' });
  }
  expectEnd(next, 'attribute path');
  return path;
}

/**
 * Parses a PATCH operation's `path`.
 * @throws ScimError `invalidPath` (also for a bad filter inside `[…]`; RFC 7644 §3.12 allows either type there).
 * @example parsePath('emails[type eq "work"].value') // { attr: {name:'emails'}, filter: …, sub: 'value' }
 */
export function parsePath(text: string, options?: GrammarOptions): PatchPath {
  const result = tryParsePath(text, options);
  if (!result.ok) throw new ScimError('invalidPath', result.error.message);
  return result.value;
}

/** Like `parsePath`, but returns the error (with its 0-based offset) instead of throwing. */
export function tryParsePath(text: string, options: GrammarOptions = {}): ParseResult<PatchPath> {
  return toResult(() => parsePathSyntax(text, options));
}

/**
 * Parses one `attributes`/`excludedAttributes` entry or a `sortBy` value:
 * `[URN:]name[.sub]`, or a bare schema URN (`schemaRoot`).
 * @throws ScimError `invalidPath`; callers may re-map it (e.g. to `invalidValue` for `sortBy`).
 */
export function parseAttrPath(text: string, options?: GrammarOptions): AttrPath {
  const result = tryParseAttrPath(text, options);
  if (!result.ok) throw new ScimError('invalidPath', result.error.message);
  return result.value;
}

/** Like `parseAttrPath`, but returns the error instead of throwing. */
export function tryParseAttrPath(text: string, options: GrammarOptions = {}): ParseResult<AttrPath> {
  return toResult(() => parseAttrPathSyntax(text, options));
}
