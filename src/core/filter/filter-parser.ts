/**
 * RFC 7644 §3.4.2.2 filter grammar. Precedence (erratum 4670): comparisons bind
 * tightest, then `not`, then `and`, then `or`; `and`/`or` are left-associative.
 *
 *   FILTER    = orExpr
 *   orExpr    = andExpr *("or" andExpr)
 *   andExpr   = unary *("and" unary)
 *   unary     = "not" "(" FILTER ")" / "(" FILTER ")" / attrExp / valuePath
 *   attrExp   = attrPath "pr" / attrPath compareOp compValue
 *   valuePath = attrPath "[" valFilter "]" ["." subAttr ("pr" / compareOp compValue)]
 *
 * The trailing `.subAttr` test is how Entra filters on a value path
 * (`emails[type eq "work"].value eq "x"`, entra.md §1). A valFilter cannot hold
 * another valuePath (errata 4690, 7322).
 */
import type { CompareOp, Filter, Literal, SyntaxErrorInfo, TrailingTest } from './ast.js';
import { readAttrPath, readSubAttr, type GrammarOptions } from './attr-path-syntax.js';
import { FilterLexer, type Token } from './filter-lexer.js';
import { FilterSyntaxError, at, quote, shorten, syntaxError } from './syntax-error.js';
import { ScimError } from '../scim-errors.js';

export type { GrammarOptions } from './attr-path-syntax.js';

const COMPARE_OPS: ReadonlySet<string> = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);
const OPERATORS_TEXT = 'eq, ne, co, sw, ew, gt, ge, lt, le or pr';
const VALUE_TEXT = 'a comparison value (a double-quoted string, a number, true, false or null)';

export const DEFAULT_MAX_LENGTH = 8192;
export const DEFAULT_MAX_DEPTH = 64;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: SyntaxErrorInfo };

function isWord(token: Token, keyword: string): boolean {
  return token.kind === 'word' && token.value.toLowerCase() === keyword;
}

function isOperator(token: Token): boolean {
  return token.kind === 'word' && (COMPARE_OPS.has(token.value.toLowerCase()) || isWord(token, 'pr'));
}

/** `, found 'x'` for a token, nothing at the end of input (the position says it). */
function found(token: Token): string {
  return token.kind === 'eof' ? '' : `, found ${quote(token.text)}`;
}

/** Rejects input longer than the limit before any work is done. */
export function checkLength(text: string, options: GrammarOptions, what: string): void {
  // Callers may hand over untyped JSON (a /.search body); answer, never crash.
  if (typeof text !== 'string') syntaxError(0, `the ${what} must be a string`);
  const max = options.maxLength ?? DEFAULT_MAX_LENGTH;
  if (text.length > max) syntaxError(max, `the ${what} is longer than ${max} characters`);
}

/** Recursive-descent parser over a lazy lexer; `FilterPathParser` reuses it for `[…]`. */
export class FilterParser {
  readonly lexer: FilterLexer;
  private depth = 0;

  constructor(
    readonly text: string,
    private readonly options: GrammarOptions = {},
  ) {
    this.lexer = new FilterLexer(typeof text === 'string' ? text : '');
  }

  /** The whole input as one filter. */
  parseToEnd(): Filter {
    checkLength(this.text, this.options, 'filter');
    const first = this.lexer.peek();
    if (first.kind === 'eof') {
      syntaxError(first.start, 'the filter is empty; expected an attribute path', { expected: 'attribute path' });
    }
    const filter = this.parseOr(undefined);
    const end = this.lexer.peek();
    if (end.kind !== 'eof') this.unexpectedAfterExpression(end, 'the end of the filter');
    return filter;
  }

  /**
   * The value filter after `attr[` (already consumed at `open`), through the
   * closing `]`. Paths inside are sub-attribute names of `attrName`.
   */
  parseBracket(attrName: string, open: Token): Filter {
    this.enter(open);
    const first = this.lexer.peek();
    if (first.kind === 'rbracket') {
      syntaxError(first.start, `expected a filter inside ${quote(`${attrName}[…]`)}`, {
        expected: 'filter',
      });
    }
    if (first.kind === 'number') {
      syntaxError(first.start, `expected a filter inside ${quote(`${attrName}[…]`)}`, {
        expected: 'filter',
        hint: 'SCIM has no array indices (RFC 7644 §3.5.2); select elements with a filter such as [type eq "work"]',
      });
    }
    const filter = this.parseOr(attrName);
    const close = this.lexer.peek();
    if (close.kind !== 'rbracket') {
      this.unexpectedAfterExpression(close, "']'", `the value filter opened ${at(open.start)} is not closed`);
    }
    this.lexer.next();
    this.depth--;
    return filter;
  }

  private enter(token: Token): void {
    this.depth++;
    const max = this.options.maxDepth ?? DEFAULT_MAX_DEPTH;
    if (this.depth > max) syntaxError(token.start, `the filter nests deeper than ${max} levels`);
  }

  /** After a complete expression only a logical operator or the closer may follow. */
  private unexpectedAfterExpression(token: Token, closer: string, opened?: string): never {
    if (token.kind === 'lbracket') {
      syntaxError(token.start, "unexpected '['", { hint: 'a value filter follows an attribute name directly' });
    }
    const options: { expected: string; hint?: string } = { expected: `'and', 'or' or ${closer}` };
    if (opened !== undefined) options.hint = opened;
    return syntaxError(token.start, `expected 'and', 'or' or ${closer}${found(token)}`, options);
  }

  private parseOr(bracketOf: string | undefined): Filter {
    let left = this.parseAnd(bracketOf);
    while (isWord(this.lexer.peek(), 'or')) {
      this.lexer.next();
      left = { kind: 'or', left, right: this.parseAnd(bracketOf) };
    }
    return left;
  }

  private parseAnd(bracketOf: string | undefined): Filter {
    let left = this.parseUnary(bracketOf);
    while (isWord(this.lexer.peek(), 'and')) {
      this.lexer.next();
      left = { kind: 'and', left, right: this.parseUnary(bracketOf) };
    }
    return left;
  }

  private parseUnary(bracketOf: string | undefined): Filter {
    const token = this.lexer.peek();
    if (token.kind === 'lparen') {
      this.lexer.next();
      return this.parseGroup(token, bracketOf);
    }
    if (isWord(token, 'not')) {
      this.lexer.next();
      const open = this.lexer.peek();
      if (open.kind !== 'lparen') {
        syntaxError(open.start, `expected '(' after 'not'${found(open)}`, {
          expected: "'('",
          hint: 'RFC 7644 §3.4.2.2 negates a parenthesised filter, e.g. not (title pr)',
        });
      }
      this.lexer.next();
      return { kind: 'not', filter: this.parseGroup(open, bracketOf) };
    }
    if (token.kind === 'word' && !isWord(token, 'and') && !isWord(token, 'or')) return this.parseAttrExp(bracketOf);
    return syntaxError(token.start, `expected an attribute path, '(' or 'not'${found(token)}`, {
      expected: 'attribute path',
    });
  }

  /** `( FILTER )` after the `(` at `open`. */
  private parseGroup(open: Token, bracketOf: string | undefined): Filter {
    this.enter(open);
    const inner = this.parseOr(bracketOf);
    const close = this.lexer.peek();
    if (close.kind !== 'rparen') {
      this.unexpectedAfterExpression(close, "')'", `the '(' ${at(open.start)} is not closed`);
    }
    this.lexer.next();
    this.depth--;
    return inner;
  }

  private parseAttrExp(bracketOf: string | undefined): Filter {
    const word = this.lexer.next();
    if (isOperator(word)) {
      const after = this.lexer.peek();
      if (after.kind === 'string' || after.kind === 'number' || after.kind === 'eof') {
        syntaxError(word.start, `expected an attribute path before ${quote(word.text)}`, {
          expected: 'attribute path',
        });
      }
    }
    const context = bracketOf === undefined ? {} : { simple: bracketOf };
    const path = readAttrPath(word.value, word.start, this.options, context);
    const next = this.lexer.peek();
    if (next.kind === 'lbracket') {
      if (bracketOf !== undefined) {
        syntaxError(next.start, 'value filters cannot be nested', {
          hint: `inside ${shorten(bracketOf)}[…] use sub-attributes only (RFC 7644 §3.4.2.2 valFilter, erratum 4690)`,
        });
      }
      if (path.sub !== undefined || path.schemaRoot) {
        syntaxError(next.start, `a value filter cannot follow ${quote(word.text)}`, {
          hint: 'filter a multi-valued attribute, e.g. emails[type eq "work"]',
        });
      }
      this.lexer.next();
      const filter = this.parseBracket(word.text, next);
      return this.parseValuePathTail({ kind: 'valuePath', path, filter }, word.text);
    }
    const test = this.parseTest(word.text);
    return test.op === 'pr' ? { kind: 'present', path } : { kind: 'compare', path, op: test.op, value: test.value };
  }

  /** `.sub test` after `attr[…]`, or nothing. */
  private parseValuePathTail(node: Extract<Filter, { kind: 'valuePath' }>, attrText: string): Filter {
    const close = this.lexer.lastEnd;
    const next = this.lexer.peek();
    if (next.kind === 'dot') {
      if (next.start !== close) syntaxError(close, "unexpected space before '.'");
      this.lexer.next();
      const subTok = this.lexer.next();
      if (subTok.kind !== 'word' || subTok.start !== next.end) {
        syntaxError(next.end, "expected a sub-attribute name after '.'", { expected: 'ATTRNAME' });
      }
      const sub = readSubAttr(subTok.value, subTok.start);
      const test = this.parseTest(`${attrText}[…].${sub}`);
      return { ...node, sub, test };
    }
    if (isWord(next, 'pr')) {
      syntaxError(next.start, `'pr' cannot follow a value filter`, {
        hint: `test the attribute (${shorten(attrText)} pr) or a sub-attribute (${shorten(attrText)}[…].value pr)`,
      });
    }
    if (isOperator(next)) {
      syntaxError(next.start, `a value filter cannot be compared with ${quote(next.text)}`, {
        hint: `compare a sub-attribute, e.g. ${shorten(attrText)}[…].value ${next.text.toLowerCase()} …`,
      });
    }
    return node;
  }

  /** An operator and, unless it is `pr`, its comparison value. */
  private parseTest(subject: string): TrailingTest {
    const token = this.lexer.next();
    if (token.kind !== 'word') {
      syntaxError(token.start, `expected an operator after ${quote(subject)}${found(token)}`, {
        expected: OPERATORS_TEXT,
      });
    }
    const op = token.value.toLowerCase();
    if (op === 'pr') return { op: 'pr' };
    if (op === 'and' || op === 'or' || op === 'not') {
      syntaxError(token.start, `expected an operator after ${quote(subject)}, found ${quote(token.text)}`, {
        expected: OPERATORS_TEXT,
      });
    }
    if (!COMPARE_OPS.has(op)) {
      syntaxError(token.start, `unknown operator ${quote(token.text)}`, {
        expected: OPERATORS_TEXT,
        hint: `expected ${OPERATORS_TEXT} (RFC 7644 §3.4.2.2)`,
      });
    }
    return { op: op as CompareOp, value: this.parseValue(token) };
  }

  /** compValue = false / null / true / number / string (RFC 7644 §3.4.2.2, JSON literals). */
  private parseValue(opToken: Token): Literal {
    const token = this.lexer.next();
    const after = `after ${quote(opToken.text)}`;
    switch (token.kind) {
      case 'string':
        return { kind: 'string', value: token.value };
      case 'number': {
        const value = Number(token.value);
        if (!Number.isFinite(value)) syntaxError(token.start, `the number ${quote(token.text)} is out of range`);
        return { kind: 'number', value, raw: token.value };
      }
      case 'word': {
        const word = token.value.toLowerCase();
        if (word === 'true' || word === 'false') return { kind: 'boolean', value: word === 'true' };
        if (word === 'null') return { kind: 'null' };
        return syntaxError(token.start, `expected ${VALUE_TEXT} ${after}, found ${quote(token.text)}`, {
          expected: 'comparison value',
          hint: `strings must be double-quoted, e.g. "${shorten(token.text)}"`,
        });
      }
      default:
        return syntaxError(token.start, `expected a comparison value ${after}${found(token)}`, {
          expected: 'comparison value',
        });
    }
  }
}

/** Runs a grammar function, turning syntax errors into a result. */
export function toResult<T>(run: () => T): ParseResult<T> {
  try {
    return { ok: true, value: run() };
  } catch (err) {
    if (err instanceof FilterSyntaxError) return { ok: false, error: err.info };
    throw err;
  }
}

/**
 * Parses a SCIM filter.
 * @throws ScimError `invalidFilter` whose detail names what was expected and where.
 * @example parseFilter('emails[type eq "work"].value eq "a@x.io"')
 */
export function parseFilter(text: string, options?: GrammarOptions): Filter {
  const result = tryParseFilter(text, options);
  if (!result.ok) throw new ScimError('invalidFilter', result.error.message);
  return result.value;
}

/** Like `parseFilter`, but returns the error (with its 0-based offset) instead of throwing. */
export function tryParseFilter(text: string, options?: GrammarOptions): ParseResult<Filter> {
  return toResult(() => new FilterParser(text, options).parseToEnd());
}
