/**
 * What Okta and Microsoft Entra send that the RFC does not allow, and that the
 * core accepts by default. Each form has a stable name used in code comments,
 * tests and reports; `strict: true` turns every one of them off so a user can
 * see what a strict server would answer.
 */
export const TOLERANCES = {
  /** Entra sends `"op": "Replace"` / `"Add"` (entra.md §4; RFC 7644 §3.5.2 says lower case). */
  'op-case': 'PATCH op names in any case',
  /** Entra (default mode) sends `"active": "False"` (entra.md §2.6). */
  'string-booleans': '"True"/"False" strings accepted for boolean attributes',
  /** Okta and Entra send path-less values keyed by paths (`name.givenName`, `emails[type eq "work"].value`, URN:attr). */
  'pathless-path-keys': 'path-less PATCH value objects whose keys are attribute paths',
  /** Entra (default mode) removes members with `path: members` and a `value` array (entra.md §3). */
  'member-remove-value-array': 'member removal with a value array removes only those members',
  /** Entra (default mode) sends the manager as a bare id string (entra.md §2.5). */
  'manager-bare-string': 'enterprise manager given as a bare id string',
  /** Entra sends several `add`s to one absent value path, one sub-attribute each (entra.md §2.4). */
  'value-path-add-builds-element': 'adds to an absent value path build one element',
  /** Okta follows a membership change with a path-less replace of {id, displayName} (okta.md §7.2). */
  'pathless-replace-repeats-id': 'a path-less replace that repeats id unchanged',
} as const;

export type ToleranceName = keyof typeof TOLERANCES;

/** Options every core operation that judges input accepts. */
export interface CoreOptions {
  /** Turn off every tolerance in TOLERANCES (default false). */
  strict?: boolean;
}

export function tolerates(options: CoreOptions | undefined, _name: ToleranceName): boolean {
  return !options?.strict;
}
