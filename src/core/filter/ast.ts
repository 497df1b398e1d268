/**
 * Typed AST for SCIM filters (RFC 7644 §3.4.2.2) and PATCH paths (§3.5.2).
 * Nodes are plain data; `kind` discriminates. Names keep the case they were
 * written in; every consumer compares them case-insensitively (RFC 7643 §2.1).
 */

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';

/**
 * A comparison value. dateTime values are written as JSON strings; they are
 * compared as instants when the attribute's type is dateTime.
 */
export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number; raw: string }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'null' };

/**
 * `[uri:]name[.sub]`. `uri` is the schema URN when the name was qualified
 * (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber`).
 */
export interface AttrPath {
  uri?: string;
  name: string;
  sub?: string;
  /**
   * Set when the path is a bare schema URN (`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`),
   * meaning the whole extension object (RFC 7644 §3.5.2, §3.10). Then `name` holds the whole URN
   * and there is no `uri` and no `sub` (the schema registry resolves such a name to the extension root).
   */
  schemaRoot?: true;
}

/** The test applied to a sub-attribute after a value path: `emails[type eq "work"].value eq "x"`. */
export type TrailingTest = { op: CompareOp; value: Literal } | { op: 'pr' };

export type Filter =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: Literal }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: Filter; right: Filter }
  | { kind: 'or'; left: Filter; right: Filter }
  | { kind: 'not'; filter: Filter }
  /**
   * `emails[type eq "work"]` (true when some element matches), optionally
   * followed by `.sub <op> value`, which must hold for a matching element itself.
   * `path` has no `sub`; the inner filter's paths are relative to the element.
   */
  | { kind: 'valuePath'; path: AttrPath; filter: Filter; sub?: string; test?: TrailingTest };

/** A PATCH `path` (RFC 7644 §3.5.2 PATH = attrPath / valuePath [subAttr]). */
export interface PatchPath {
  /** The attribute, possibly with `sub` when no filter is given (`name.givenName`). */
  attr: AttrPath;
  /** The value filter of `members[value eq "x"]`; paths inside are relative to the element. */
  filter?: Filter;
  /** The sub-attribute after the filter: `emails[type eq "work"].value`. */
  sub?: string;
}

/** A syntax error with the 0-based character offset where it was found. */
export interface SyntaxErrorInfo {
  message: string;
  offset: number;
  /** What the parser expected there, for "expected X" messages. */
  expected?: string;
}
