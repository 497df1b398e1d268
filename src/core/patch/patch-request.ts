/**
 * The PATCH request envelope (RFC 7644 §3.5.2): `schemas`, `Operations`, and
 * each operation's `op`, `path` and `value`, checked before anything is applied.
 */
import { ScimError } from '../scim-errors.js';
import { tolerates, type CoreOptions } from '../tolerances.js';

export const PATCH_OP_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOpName = 'add' | 'remove' | 'replace';

/** One operation, checked for shape only; paths and values are judged when it is applied. */
export interface PatchOperation {
  op: PatchOpName;
  /** The raw `path` text, absent when the operation has none. */
  path?: string;
  /** True when the operation object has a `value` member (even `null`). */
  hasValue: boolean;
  value?: unknown;
}

const OP_NAMES: readonly PatchOpName[] = ['add', 'remove', 'replace'];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Checks the envelope and returns the operations in request order. Throws `ScimError`. */
export function parsePatchRequest(body: unknown, options?: CoreOptions): PatchOperation[] {
  if (!isObject(body)) {
    throw new ScimError('invalidSyntax', 'A PATCH body must be a JSON object with `schemas` and `Operations`');
  }
  // RFC 7644 §3.5.2 (P-3.5.2-03): the body declares exactly the PatchOp message schema.
  const schemas = own(body, 'schemas');
  const declared = Array.isArray(schemas) && schemas.length === 1 ? schemas[0] : undefined;
  // URNs compare case-insensitively (RFC 8141 §3.1 for the NID, RFC 7643 §2.1 for SCIM names).
  if (typeof declared !== 'string' || declared.toLowerCase() !== PATCH_OP_SCHEMA.toLowerCase()) {
    throw new ScimError('invalidSyntax', `\`schemas\` must be ["${PATCH_OP_SCHEMA}"]`);
  }
  // RFC 7644 §3.5.2 (P-3.5.2-04): `Operations` is an array of at least one operation.
  const operations = own(body, 'Operations');
  if (!Array.isArray(operations)) {
    throw new ScimError('invalidSyntax', '`Operations` must be an array of PATCH operations');
  }
  if (operations.length === 0) {
    throw new ScimError('invalidSyntax', '`Operations` must hold at least one operation');
  }
  return operations.map((raw: unknown, index) => parseOperation(raw, index, options));
}

function parseOperation(raw: unknown, index: number, options: CoreOptions | undefined): PatchOperation {
  const where = `Operations[${index}]`;
  if (!isObject(raw)) throw new ScimError('invalidSyntax', `${where} must be an object with \`op\``);
  const opText = own(raw, 'op');
  if (typeof opText !== 'string') {
    throw new ScimError('invalidSyntax', `${where}: \`op\` must be one of "add", "remove", "replace"`);
  }
  const op = OP_NAMES.find((name) => name === opText.toLowerCase());
  // RFC 7644 §3.5.2 (P-3.5.2-02, -05): only add/remove/replace; JSON Patch's move/copy/test do not exist.
  if (!op) {
    throw new ScimError('invalidSyntax', `${where}: unknown op \`${opText}\`; use "add", "remove" or "replace"`);
  }
  // Tolerance 'op-case': Entra sends `Add`/`Replace`/`Remove`; the RFC's op names are lower case.
  if (op !== opText && !tolerates(options, 'op-case')) {
    throw new ScimError(
      'invalidSyntax',
      `${where}: op \`${opText}\` must be lower case ("${op}"); tolerance 'op-case' is off in strict mode`,
    );
  }
  const path = own(raw, 'path');
  if (path !== undefined && typeof path !== 'string') {
    throw new ScimError('invalidPath', `${where}: \`path\` must be a string`);
  }
  const hasValue = Object.hasOwn(raw, 'value');
  const operation: PatchOperation = { op, hasValue };
  if (path !== undefined) operation.path = path;
  if (hasValue) operation.value = raw['value'];
  // RFC 7644 §3.5.2.2 (P-3.5.2.2-01): `remove` needs a path.
  if (op === 'remove' && path === undefined) {
    throw new ScimError('noTarget', `${where}: a remove operation needs a \`path\``);
  }
  // RFC 7644 §3.5.2.1, §3.5.2.3 (P-3.5.2.1-01): add and replace carry a value.
  if (op !== 'remove' && !hasValue) {
    throw new ScimError('invalidValue', `${where}: an ${op} operation needs a \`value\``);
  }
  return operation;
}
