/**
 * SCIM protocol errors (RFC 7644 §3.12): one template table, one builder.
 *
 * Core code throws `ScimError`; the server turns it into the RFC error body with
 * `scimErrorBody`. The tester uses `SCIM_TYPES` to judge whether a target's
 * `scimType` is one the RFC (and its errata) defines.
 */

export const ERROR_SCHEMA = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 §3.12 Table 9, plus errata 7898/7916/8096 as listed in rfc-checklist.md. */
export const SCIM_TYPES = [
  'invalidFilter',
  'tooMany',
  'uniqueness',
  'mutability',
  'invalidSyntax',
  'invalidPath',
  'noTarget',
  'invalidValue',
  'invalidVers',
  'sensitive',
] as const;
export type ScimType = (typeof SCIM_TYPES)[number];

export interface ScimErrorTemplate {
  readonly status: number;
  readonly scimType?: ScimType;
  readonly title: string;
}

/** Every error the server can answer with. Keys are stable; tests match on them. */
export const SCIM_ERRORS = {
  invalidFilter: { status: 400, scimType: 'invalidFilter', title: 'The filter is not valid' },
  tooMany: { status: 400, scimType: 'tooMany', title: 'The query would return too many results' },
  uniqueness: { status: 409, scimType: 'uniqueness', title: 'A unique attribute value is already in use' },
  mutability: { status: 400, scimType: 'mutability', title: 'The attribute cannot be modified' },
  invalidSyntax: { status: 400, scimType: 'invalidSyntax', title: 'The request body is not valid' },
  invalidPath: { status: 400, scimType: 'invalidPath', title: 'The attribute path is not valid' },
  noTarget: { status: 400, scimType: 'noTarget', title: 'The path matched no value' },
  invalidValue: { status: 400, scimType: 'invalidValue', title: 'A value is missing or not valid' },
  invalidVers: { status: 400, scimType: 'invalidVers', title: 'The SCIM version is not supported' },
  sensitive: { status: 403, scimType: 'sensitive', title: 'The request would expose sensitive information' },
  badRequest: { status: 400, title: 'Bad request' },
  unauthorized: { status: 401, title: 'Authorization failure' },
  forbidden: { status: 403, title: 'The operation is not permitted' },
  notFound: { status: 404, title: 'Resource not found' },
  methodNotAllowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  preconditionFailed: { status: 412, title: 'The resource version does not match' },
  payloadTooLarge: { status: 413, title: 'The request body is too large' },
  unsupportedMediaType: { status: 415, title: 'Unsupported media type' },
  tooManyRequests: { status: 429, title: 'Too many requests' },
  internal: { status: 500, title: 'Internal server error' },
  notImplemented: { status: 501, title: 'Not implemented' },
} as const satisfies Record<string, ScimErrorTemplate>;

export type ScimErrorKey = keyof typeof SCIM_ERRORS;

/** Thrown by core and server code; carries everything needed for the RFC error body. */
export class ScimError extends Error {
  override readonly name = 'ScimError';
  readonly key: ScimErrorKey;
  readonly status: number;
  readonly scimType: ScimType | undefined;
  readonly detail: string;

  constructor(key: ScimErrorKey, detail?: string, options?: { cause?: unknown }) {
    const template: ScimErrorTemplate = SCIM_ERRORS[key];
    super(detail ?? template.title, options);
    this.key = key;
    this.status = template.status;
    this.scimType = template.scimType;
    this.detail = detail ?? template.title;
  }
}

export function isScimError(err: unknown): err is ScimError {
  return err instanceof ScimError;
}

/** The RFC 7644 §3.12 error body: `status` is a string, `scimType` only where Table 9 defines one. */
export interface ScimErrorBody {
  schemas: [typeof ERROR_SCHEMA];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

export function scimErrorBody(err: ScimError | ScimErrorKey, detail?: string): ScimErrorBody {
  const e = typeof err === 'string' ? new ScimError(err, detail) : err;
  const body: ScimErrorBody = { schemas: [ERROR_SCHEMA], status: String(e.status) };
  if (e.scimType) body.scimType = e.scimType;
  body.detail = e.detail;
  return body;
}
