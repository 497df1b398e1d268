/**
 * Splits one lexed word into an `AttrPath`: `[URI ":"] ATTRNAME ["." ATTRNAME]`
 * (RFC 7644 §3.4.2.2 attrPath, RFC 7643 §2.1 ATTRNAME, §3.10 URN-qualified names).
 */
import type { AttrPath } from './ast.js';
import { quote, shorten, syntaxError } from './syntax-error.js';

/** Options shared by the filter and path parsers. */
export interface GrammarOptions {
  /**
   * Schema URNs that, written alone, name a whole extension object
   * (`urn:…:enterprise:2.0:User`). Added to the RFC 7643 URNs.
   */
  schemaUris?: readonly string[];
  /** Longest accepted input in characters (default 8192). */
  maxLength?: number;
  /** Deepest accepted nesting of `(`, `not (` and `[` (default 64). */
  maxDepth?: number;
}

const RFC_SCHEMA_URIS = [
  'urn:ietf:params:scim:schemas:core:2.0:User',
  'urn:ietf:params:scim:schemas:core:2.0:Group',
  'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
];

// RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar); `$ref` is the one reserved exception.
const ATTRNAME = /^[A-Za-z][A-Za-z0-9_-]*$/;
const VERSION = /^[0-9]+(\.[0-9]+)*$/;

export function isAttrName(text: string): boolean {
  return ATTRNAME.test(text) || text.toLowerCase() === '$ref';
}

/**
 * Whether a URN-shaped word names a schema rather than an attribute in it.
 * The grammar alone cannot tell `…:2.0:User` (a schema) from `…:User:userName`
 * (an attribute), so: a known URN, a last segment that is no ATTRNAME
 * (`urn:okta:custom:group:1.0`), or a last segment right after a version
 * segment (`…:extension:acme:2.0:User`) are schemas.
 */
function isSchemaUri(word: string, options: GrammarOptions): boolean {
  const lower = word.toLowerCase();
  const known = [...RFC_SCHEMA_URIS, ...(options.schemaUris ?? [])];
  if (known.some((uri) => uri.toLowerCase() === lower)) return true;
  const segments = word.split(':');
  const last = segments.at(-1) ?? '';
  const previous = segments.at(-2) ?? '';
  if (last === '') return false;
  if (!/^[A-Za-z$]/.test(last)) return true;
  return !last.includes('.') && VERSION.test(previous);
}

/** Reads `name` or `name.sub` starting at `offset`; `allowSub` false rejects the dot. */
function readNames(text: string, offset: number, allowSub: boolean): { name: string; sub?: string } {
  const parts = text.split('.');
  let at = offset;
  for (const [i, part] of parts.entries()) {
    if (part === '') {
      const what = i === 0 ? 'an attribute name' : "a sub-attribute name after '.'";
      syntaxError(at, `expected ${what}`, { expected: 'ATTRNAME' });
    }
    if (!isAttrName(part)) {
      syntaxError(at, `${quote(part)} is not an attribute name`, {
        hint: 'names start with a letter and contain letters, digits, "-" and "_" (RFC 7643 §2.1)',
      });
    }
    at += part.length + 1;
  }
  const [name = '', sub, extra] = parts;
  if (extra !== undefined) {
    syntaxError(offset + name.length + 1 + (sub ?? '').length, 'a path has at most one sub-attribute level', {
      hint: 'RFC 7644 §3.10 allows `attr.sub` only',
    });
  }
  if (sub !== undefined && !allowSub) {
    syntaxError(offset + name.length, "unexpected '.'", { hint: 'a sub-attribute is not allowed here' });
  }
  return sub === undefined ? { name } : { name, sub };
}

/**
 * The `AttrPath` for a word that starts at `offset` in the source. `simple`
 * (inside a value filter's brackets) allows only a sub-attribute name.
 */
export function readAttrPath(
  word: string,
  offset: number,
  options: GrammarOptions,
  context: { simple?: string } = {},
): AttrPath {
  const lastColon = word.lastIndexOf(':');
  if (context.simple !== undefined) {
    if (lastColon >= 0 || word.includes('.')) {
      syntaxError(offset, `${quote(word)} is not a sub-attribute name of ${quote(context.simple)}`, {
        hint: `inside ${shorten(context.simple)}[…] name sub-attributes directly, e.g. 'type' or 'value'`,
      });
    }
    return readNames(word, offset, false);
  }
  if (lastColon < 0) return readNames(word, offset, true);
  if (isSchemaUri(word, options)) return { name: word, schemaRoot: true };
  const uri = word.slice(0, lastColon);
  if (uri === '' || uri.endsWith(':')) syntaxError(offset, `${quote(word)} is not a valid schema URN`);
  return { uri, ...readNames(word.slice(lastColon + 1), offset + lastColon + 1, true) };
}

/** A lone sub-attribute name (after `attr[…].`), at `offset` in the source. */
export function readSubAttr(word: string, offset: number): string {
  if (word.includes(':') || word.includes('.')) {
    syntaxError(offset, `${quote(word)} is not a sub-attribute name`, { hint: 'write one name, e.g. value' });
  }
  return readNames(word, offset, false).name;
}
