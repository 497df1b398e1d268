/**
 * What every route needs: the store, the profile, the schema registry, limits,
 * and the commit hook that persistence uses. Built once by createScimServer.
 */
import type { SchemaRegistry } from '../core/schema/types.js';
import type { ServerProfile } from './profiles/types.js';
import type { ScimStore } from './store.js';

export interface ServerLimits {
  /** Largest request body accepted, in bytes (413 above it). */
  maxBodyBytes: number;
  /** RFC 7644 §3.7.4: advertised in /ServiceProviderConfig and enforced (413). */
  bulkMaxOperations: number;
  bulkMaxPayloadSize: number;
  /** RFC 7643 §5 filter.maxResults: no list response holds more resources. */
  maxResults: number;
}

export interface ServerContext {
  store: ScimStore;
  profile: ServerProfile;
  registry: SchemaRegistry;
  /** Lower-case URNs of the custom extensions (`--schema`, a seed's `schemas:`) the registry adds. */
  customSchemas: ReadonlySet<string>;
  strict: boolean;
  /** Member adds and removes on a Group skip the PATCH engine (member-patch.ts); off only to compare the two. */
  memberFastPath: boolean;
  basePath: string;
  limits: ServerLimits;
  /** userName of the user `/Me` stands for (RFC 7644 §3.11); undefined → 501. */
  meUserName: string | undefined;
  /** Called after every acknowledged change, before the response is built (persistence). */
  commit: () => void;
}

/** Per request: the absolute base URL resources are located under (RFC 7644 §3.1 meta.location). */
export interface RequestScope {
  baseUrl: string;
}
