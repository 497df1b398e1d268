/**
 * Conditional requests on weak ETags (RFC 7644 §3.14, RFC 9110 §13.1).
 * Versions are weak (`W/"n"`), so comparison is the weak one: the opaque
 * tags must match, the `W/` prefix is ignored.
 */

function opaque(tag: string): string {
  const t = tag.trim();
  return t.startsWith('W/') ? t.slice(2) : t;
}

/** The entity tags of an If-Match / If-None-Match header value, or '*' for the wildcard. */
export function parseEntityTags(header: string): string[] | '*' {
  if (header.trim() === '*') return '*';
  const tags: string[] = [];
  // Tags are quoted strings that may not contain `"`, so a simple scan suffices.
  const re = /(W\/)?"[^"]*"/g;
  for (let m = re.exec(header); m; m = re.exec(header)) tags.push(m[0]);
  return tags;
}

/** True when the header names the current version (weak comparison) or is `*`. */
export function etagMatches(header: string, currentVersion: string): boolean {
  const tags = parseEntityTags(header);
  if (tags === '*') return true;
  const current = opaque(currentVersion);
  return tags.some((t) => opaque(t) === current);
}
