/**
 * Reading and writing an attribute in a resource: core attributes live at the
 * top level, extension attributes under their schema URN (RFC 7643 §3.3).
 */
import type { ResolvedAttribute } from '../schema/types.js';
import { findKey, getAttr, isObject, put, removeAttr, type JsonObject } from './json-values.js';

/** The object that holds `attr`'s value; created (with its URN in `schemas`) when `create` is set. */
export function containerOf(res: JsonObject, attr: ResolvedAttribute, create: boolean): JsonObject | undefined {
  if (!attr.extension || attr.extensionRoot) return res;
  const existing = getAttr(res, attr.schema);
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const container: JsonObject = {};
  put(res, attr.schema, container);
  addSchemaUrn(res, attr.schema);
  return container;
}

/** The current value of `attr` in the resource, or undefined. */
export function currentValue(res: JsonObject, attr: ResolvedAttribute): unknown {
  const container = containerOf(res, attr, false);
  return container && getAttr(container, attr.def.name);
}

/** Writes `attr`'s value, creating the extension container when needed. */
export function setValue(res: JsonObject, attr: ResolvedAttribute, value: unknown): void {
  const container = containerOf(res, attr, true);
  if (container) put(container, attr.def.name, value);
}

/** Unassigns `attr`; an extension left with no attributes is dropped from the resource and `schemas`. */
export function clearValue(res: JsonObject, attr: ResolvedAttribute): void {
  const container = containerOf(res, attr, false);
  if (!container) return;
  removeAttr(container, attr.def.name);
  if (attr.extension && !attr.extensionRoot && Object.keys(container).length === 0) removeExtension(res, attr.schema);
}

/** RFC 7644 §3.5.2 (P-3.5.2-14): writing an extension attribute adds the extension URN to `schemas`. */
export function addSchemaUrn(res: JsonObject, urn: string): void {
  const schemas = getAttr(res, 'schemas');
  const list = Array.isArray(schemas) ? schemas : [];
  if (list.some((s) => typeof s === 'string' && s.toLowerCase() === urn.toLowerCase())) return;
  put(res, 'schemas', [...list, urn]);
}

/** Drops an extension's object and its URN from `schemas`. */
export function removeExtension(res: JsonObject, urn: string): void {
  const key = findKey(res, urn);
  if (key !== undefined) delete res[key];
  const schemas = getAttr(res, 'schemas');
  if (Array.isArray(schemas)) {
    put(
      res,
      'schemas',
      schemas.filter((s) => !(typeof s === 'string' && s.toLowerCase() === urn.toLowerCase())),
    );
  }
}
