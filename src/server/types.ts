/**
 * The server core speaks plain objects. node:http, msw and the in-process
 * transport are thin adapters that build a ScimRequest and send a ScimResponse.
 *
 * The body travels as raw text so that every adapter shares one JSON parser,
 * one size limit and one `invalidSyntax` answer.
 */
export interface ScimRequest {
  method: string;
  /** The URL path without query, percent-encoded as on the wire (`/scim/v2/Users/abc`). */
  path: string;
  /** The raw query string without `?` (`filter=userName+eq+%22a%22`), '' when absent. */
  query: string;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** Raw body text; undefined when the request has none. */
  body?: string;
  /**
   * `scheme://host[:port]` the client addressed, for absolute `meta.location`
   * values; when absent the server uses the Host header over http.
   */
  origin?: string;
}

export interface ScimResponse {
  status: number;
  /** Header names in their canonical case (`Content-Type`, `ETag`, `Location`). */
  headers: Record<string, string>;
  /** A JSON value serialised by the adapter, or undefined for 204/304. */
  body?: unknown;
  /**
   * Set by fault injection only: the adapter should destroy the connection
   * instead of answering (a "dropped connection").
   */
  drop?: boolean;
}

/** The handler every adapter wraps. */
export type ScimHandler = (req: ScimRequest) => Promise<ScimResponse>;
