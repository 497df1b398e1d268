/**
 * SCIM PATCH (RFC 7644 §3.5.2): applies a PatchOp request to a resource,
 * all operations or none.
 */
import { isScimError, ScimError } from '../scim-errors.js';
import { prepareReplace } from '../schema/validate-resource.js';
import type { SchemaRegistry, ScimResource } from '../schema/types.js';
import type { CoreOptions } from '../tolerances.js';
import { writePathless } from './apply-pathless.js';
import { removeTarget } from './apply-remove.js';
import { writeTarget } from './apply-write.js';
import { cloneJson, type JsonObject } from './json-values.js';
import type { PatchContext } from './patch-context.js';
import { parsePatchRequest, type PatchOperation } from './patch-request.js';
import { resolveTarget } from './patch-target.js';

/**
 * Applies the PATCH request `body` to `resource` and returns the patched
 * resource as a new object; `resource` is never modified.
 *
 * Operations apply in order, each seeing the previous one's result (P-3.5.2-15).
 * The request is atomic (P-3.5.2-17): the first failing operation throws and
 * nothing is returned. The result is then checked against the schemas as a
 * replacement would be, so a PATCH never leaves a resource that PUT would refuse.
 * `meta` is returned as given; the caller stamps version and lastModified.
 *
 * @throws ScimError `invalidSyntax`, `invalidPath`, `invalidFilter`, `invalidValue`, `noTarget` or `mutability`,
 *   with a detail naming the operation (`Operations[1]: …`).
 * @example
 * applyPatch(defaultRegistry, 'User', user, {
 *   schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
 *   Operations: [{ op: 'replace', path: 'active', value: false }],
 * });
 */
export function applyPatch(
  registry: SchemaRegistry,
  resourceType: string,
  resource: ScimResource,
  body: unknown,
  opts?: CoreOptions,
): ScimResource {
  if (!registry.resourceType(resourceType)) {
    throw new ScimError('notFound', `unknown resource type "${resourceType}"`);
  }
  const operations = parsePatchRequest(body, opts);
  const ctx: PatchContext = { registry, resourceType, options: opts };
  const working = cloneJson(resource);
  operations.forEach((op, index) => {
    try {
      applyOperation(ctx, working, op);
    } catch (err) {
      if (!isScimError(err)) throw err;
      throw new ScimError(err.key, `Operations[${index}] (${op.op}${describePath(op)}): ${err.detail}`, { cause: err });
    }
  });
  return checkPatchedResource(registry, resourceType, resource, working, opts);
}

/**
 * The engine's final step: the patched resource `working` must still satisfy
 * its schemas (required attributes, types, immutables), judged as a
 * replacement of `resource`. Returns the normalised result.
 * @throws ScimError with a detail starting "the patched resource would not be valid".
 */
export function checkPatchedResource(
  registry: SchemaRegistry,
  resourceType: string,
  resource: ScimResource,
  working: ScimResource,
  opts?: CoreOptions,
): ScimResource {
  try {
    // The result is the complete new state: a writeOnly value missing from it was removed.
    return prepareReplace(registry, resourceType, resource, working, { ...opts, omittedWriteOnly: 'clear' });
  } catch (err) {
    if (!isScimError(err)) throw err;
    throw new ScimError(err.key, `the patched resource would not be valid: ${err.detail}`, { cause: err });
  }
}

function applyOperation(ctx: PatchContext, res: JsonObject, op: PatchOperation): void {
  if (op.path === undefined) {
    // parsePatchRequest guarantees a remove has a path.
    writePathless(ctx, res, op.value, op.op === 'replace' ? 'replace' : 'add');
    return;
  }
  const target = resolveTarget(ctx, op.path);
  if (op.op === 'remove') removeTarget(ctx, res, target, op);
  else writeTarget(ctx, res, target, op.value, op.op);
}

function describePath(op: PatchOperation): string {
  if (op.path === undefined) return '';
  const text = op.path.length > 80 ? `${op.path.slice(0, 77)}...` : op.path;
  return ` ${text}`;
}
