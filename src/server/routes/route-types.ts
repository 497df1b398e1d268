/** What a route handler receives and returns. */
import type { RequestScope, ServerContext } from '../server-context.js';
import type { ScimRequest, ScimResponse } from '../types.js';

export interface RouteCall {
  ctx: ServerContext;
  scope: RequestScope;
  req: ScimRequest;
  /** Decoded query parameters by lower-case name. */
  params: Map<string, string>;
  /** The decoded path segments after the base path (`['Users', 'abc']`). */
  segments: string[];
}

/** Handlers are synchronous: a write and its commit can never interleave with another request. */
export type RouteHandler = (call: RouteCall) => ScimResponse;
