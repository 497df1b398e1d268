/**
 * Tokens of the SCIM filter and path grammar (RFC 7644 §3.4.2.2, §3.5.2), with
 * 0-based offsets. Keywords (`eq`, `and`, `true`, …) are lexed as words; the
 * parser gives them meaning by position, so an operator's case never matters.
 */
import { quote, syntaxError } from './syntax-error.js';

export type TokenKind =
  | 'word'
  | 'string'
  | 'number'
  | 'lparen'
  | 'rparen'
  | 'lbracket'
  | 'rbracket'
  | 'dot'
  | 'eof';

export interface Token {
  kind: TokenKind;
  /** The source text of the token (with quotes and escapes for strings). */
  text: string;
  /** The decoded string for `string` tokens; `text` for every other kind. */
  value: string;
  /** 0-based offset of the first character. */
  start: number;
  /** 0-based offset just past the last character. */
  end: number;
}

const PUNCTUATION: Readonly<Record<string, TokenKind>> = {
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbracket',
  ']': 'rbracket',
  '.': 'dot',
};

/** Hints for characters people type from other query languages. */
const FOREIGN: Readonly<Record<string, string>> = {
  '=': "SCIM compares with 'eq'",
  '!': "SCIM uses 'ne' or 'not (…)'",
  '<': "SCIM orders with 'lt' or 'le'",
  '>': "SCIM orders with 'gt' or 'ge'",
  '&': "SCIM joins with 'and'",
  '|': "SCIM joins with 'or'",
  "'": 'strings must be in double quotes (JSON strings)',
  '`': 'strings must be in double quotes (JSON strings)',
};

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '"': '"',
  '\\': '\\',
  '/': '/',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
};

// A word is an attribute path (`urn:…:2.0:User:name.givenName`, `$ref`) or a keyword.
const WORD_START = /[A-Za-z$]/;
const WORD_PART = /[A-Za-z0-9_\-:.$]/;
const DIGIT = /[0-9]/;
const HEX4 = /^[0-9A-Fa-f]{4}$/;
const WHITESPACE = new Set([' ', '\t', '\n', '\r']);

/** A lazy lexer with one token of lookahead, so errors surface in source order. */
export class FilterLexer {
  private pos = 0;
  private buffered: Token | undefined;
  /** Where the last token returned by `next()` ended. */
  lastEnd = 0;

  constructor(readonly text: string) {}

  peek(): Token {
    this.buffered ??= this.scan();
    return this.buffered;
  }

  next(): Token {
    const token = this.peek();
    this.buffered = undefined;
    this.lastEnd = token.end;
    return token;
  }

  private scan(): Token {
    const { text } = this;
    while (this.pos < text.length && WHITESPACE.has(text.charAt(this.pos))) this.pos++;
    const start = this.pos;
    if (start >= text.length) return { kind: 'eof', text: '', value: '', start, end: start };
    const ch = text.charAt(start);
    const punct = PUNCTUATION[ch];
    if (punct !== undefined) {
      this.pos++;
      return { kind: punct, text: ch, value: ch, start, end: this.pos };
    }
    if (ch === '"') return this.scanString(start);
    if (ch === '-' || DIGIT.test(ch)) return this.scanNumber(start);
    if (WORD_START.test(ch)) {
      while (this.pos < text.length && WORD_PART.test(text.charAt(this.pos))) this.pos++;
      const word = text.slice(start, this.pos);
      return { kind: 'word', text: word, value: word, start, end: this.pos };
    }
    const hint = FOREIGN[ch];
    return syntaxError(start, `unexpected character ${quote(ch)}`, hint === undefined ? {} : { hint });
  }

  /** A JSON string (RFC 8259 §7): every escape, no raw control characters. */
  private scanString(start: number): Token {
    const { text } = this;
    let value = '';
    let i = start + 1;
    for (;;) {
      if (i >= text.length) {
        return syntaxError(start, 'unterminated string starting', { expected: 'a closing \'"\'' });
      }
      const ch = text.charAt(i);
      if (ch === '"') break;
      if (ch === '\\') {
        const esc = text.charAt(i + 1);
        const simple = SIMPLE_ESCAPES[esc];
        if (simple !== undefined) {
          value += simple;
          i += 2;
          continue;
        }
        if (esc === 'u') {
          const hex = text.slice(i + 2, i + 6);
          if (!HEX4.test(hex)) syntaxError(i, 'expected four hex digits after \\u', { expected: 'XXXX' });
          value += String.fromCharCode(Number.parseInt(hex, 16));
          i += 6;
          continue;
        }
        return syntaxError(i, `invalid escape ${quote(`\\${esc}`)} in string`, {
          hint: 'JSON allows \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX',
        });
      }
      if (ch.charCodeAt(0) < 0x20) {
        return syntaxError(i, 'control character in string', { hint: 'escape it, e.g. \\n or \\u0009' });
      }
      value += ch;
      i++;
    }
    this.pos = i + 1;
    return { kind: 'string', text: text.slice(start, this.pos), value, start, end: this.pos };
  }

  /** A JSON number (RFC 8259 §6): `-? (0 | [1-9][0-9]*) (.[0-9]+)? ([eE][+-]?[0-9]+)?`. */
  private scanNumber(start: number): Token {
    const { text } = this;
    let i = start;
    const digits = (): number => {
      const from = i;
      while (i < text.length && DIGIT.test(text.charAt(i))) i++;
      return i - from;
    };
    if (text.charAt(i) === '-') i++;
    const intStart = i;
    const intDigits = digits();
    if (intDigits === 0) syntaxError(i, "expected a digit after '-'", { expected: 'a digit' });
    if (intDigits > 1 && text.charAt(intStart) === '0') {
      syntaxError(intStart, 'a number must not start with 0', { hint: 'JSON numbers have no leading zeros' });
    }
    if (text.charAt(i) === '.') {
      i++;
      if (digits() === 0) syntaxError(i, "expected a digit after '.'", { expected: 'a digit' });
    }
    if (text.charAt(i) === 'e' || text.charAt(i) === 'E') {
      i++;
      if (text.charAt(i) === '+' || text.charAt(i) === '-') i++;
      if (digits() === 0) syntaxError(i, 'expected a digit in the exponent', { expected: 'a digit' });
    }
    const after = text.charAt(i);
    if (after !== '' && (WORD_PART.test(after) || after === '"')) {
      syntaxError(i, `unexpected ${quote(after)} after the number ${quote(text.slice(start, i))}`);
    }
    this.pos = i;
    const raw = text.slice(start, i);
    return { kind: 'number', text: raw, value: raw, start, end: i };
  }
}

/** All tokens of `text`, ending with an `eof` token; throws `FilterSyntaxError`. */
export function lexFilter(text: string): Token[] {
  const lexer = new FilterLexer(text);
  const tokens: Token[] = [];
  for (;;) {
    const token = lexer.next();
    tokens.push(token);
    if (token.kind === 'eof') return tokens;
  }
}
