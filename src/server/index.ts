/**
 * scimctl/server: the in-memory reference SCIM 2.0 server and its adapters.
 * The msw handlers are a separate entry point (`scimctl/msw`) so that msw
 * stays an optional peer dependency.
 */

// The server core
export { createScimServer, PROFILES, DEFAULT_LIMITS } from './create-server.js';
export { ScimStore } from './store.js';
export { withRequestLog } from './request-log.js';

// Adapters
export { startNodeServer } from './adapters/node-http.js';
export { inProcessTransport } from './adapters/in-process.js';

// Seeds and persistence
export { loadSeedFile, defaultSeed } from './seed.js';
export { openSeedFile } from './seed-stream.js';
export { SeedError } from './seed-data.js';
export { loadStoreFile, writeStoreFile, PersistenceError } from './persistence.js';

// Types
export type { ScimServerOptions, ScimServer } from './create-server.js';
export type { ScimHandler, ScimRequest, ScimResponse } from './types.js';
export type { NodeServerOptions, RunningServer } from './adapters/node-http.js';
export type { InProcessTransport } from './adapters/in-process.js';
export type { ServerProfile, ProfileName, WriteAction } from './profiles/types.js';
export type { SeedData, SeedEntry, SeedStream } from './seed-data.js';
export type { StoredResource, StoreSnapshot, StoreStats, ResourceKind } from './store.js';
