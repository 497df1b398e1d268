/**
 * `add`/`replace` without a path (RFC 7644 §3.5.2.1, §3.5.2.3): the value is an
 * object whose keys are attribute names, or extension URNs holding an object of
 * that extension's attributes (P-3.5.2-21). Each key is applied as an op of its own.
 */
import { ScimError } from '../scim-errors.js';
import { tolerates } from '../tolerances.js';
import { writeTarget, type WriteMode } from './apply-write.js';
import { getAttr, isObject, jsonEqual, type JsonObject } from './json-values.js';
import type { PatchContext } from './patch-context.js';
import { resolveTarget, type Target } from './patch-target.js';
import { quoteName } from './patch-values.js';

/** An RFC 7643 §2.1 ATTRNAME: the only key form the RFC gives a path-less value besides URNs. */
const ATTR_NAME = /^[A-Za-z][\w$-]*$/;

export function writePathless(ctx: PatchContext, res: JsonObject, value: unknown, mode: WriteMode): void {
  if (!isObject(value)) {
    throw new ScimError('invalidValue', `an ${mode} without \`path\` needs an object of attributes as its value`);
  }
  for (const [key, v] of Object.entries(value)) {
    const target = keyTarget(ctx, key);
    if (isResourceId(target)) {
      // Tolerance 'pathless-replace-repeats-id': Okta's group rename repeats the unchanged id (okta.md §7.2).
      const same = jsonEqual(v, getAttr(res, 'id'));
      if (mode === 'replace' && same && tolerates(ctx.options, 'pathless-replace-repeats-id')) continue;
      const hint = same && mode === 'replace' ? " (tolerance 'pathless-replace-repeats-id' is off in strict mode)" : '';
      throw new ScimError('mutability', `\`id\` is readOnly; the service provider sets it${hint}`);
    }
    writeTarget(ctx, res, target, v, mode);
  }
}

function keyTarget(ctx: PatchContext, key: string): Target {
  const direct = ctx.registry.resolve(ctx.resourceType, { name: key });
  // An attribute name, or a bare extension URN whose value holds that extension's attributes.
  if (direct && (ATTR_NAME.test(key) || direct.extensionRoot)) return { attr: direct, text: key };
  if (ATTR_NAME.test(key)) {
    throw new ScimError('invalidValue', `${quoteName(key)} is not an attribute of ${ctx.resourceType}`);
  }
  // Tolerance 'pathless-path-keys': Okta and Entra key values by paths (`name.givenName`,
  // `emails[type eq "work"].value`, `urn:…:enterprise:2.0:User:employeeNumber`; entra.md §4).
  if (!tolerates(ctx.options, 'pathless-path-keys')) {
    throw new ScimError(
      'invalidValue',
      `${quoteName(key)} is an attribute path; a value without \`path\` is keyed by attribute names (tolerance 'pathless-path-keys' is off in strict mode)`,
    );
  }
  return resolveTarget(ctx, key);
}

function isResourceId(target: Target): boolean {
  const { attr, filter, sub } = target;
  return !attr.extension && filter === undefined && sub === undefined && attr.def.name === 'id';
}
