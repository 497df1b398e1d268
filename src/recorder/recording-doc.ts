/**
 * A recording as written to YAML (schemas/recording.schema.json). The runner's
 * `Recording` type is the parsed view; this one is what the recorder emits.
 */

export type RecordedIdp = 'okta' | 'entra' | 'entra-aadopt' | 'mezmo' | 'other';

/** The methods the recording format accepts. */
export const RECORDABLE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface RecordingHeader {
  name: string;
  description?: string;
  idp?: RecordedIdp;
  source?: string;
  basePath: string;
}

export interface RecordedMessageDoc {
  headers?: Record<string, string>;
  body?: unknown;
  bodyText?: string;
}

export interface RecordedExchangeDoc {
  id?: string;
  note?: string;
  request: RecordedMessageDoc & { method: string; path: string };
  response: RecordedMessageDoc & { status: number };
}

/** One HTTP exchange before redaction and filtering: what went over the wire. */
export interface RawExchange {
  method: string;
  /** Request target as on the wire: path and query, percent-encoded. */
  target: string;
  /** Header pairs in wire case and order. */
  requestHeaders: [string, string][];
  requestBody?: string;
  status: number;
  responseHeaders: [string, string][];
  responseBody?: string;
}
