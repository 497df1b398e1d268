/**
 * The field servers: which script starts each, the banner it prints, and the
 * packages whose exact installed versions the report records.
 */
export const FIELD_SERVERS = [
  {
    key: 'scimmy',
    label: 'SCIMMY + scimmy-routers',
    banner: 'SCIMMY',
    script: 'servers/scimmy.mjs',
    packages: ['scimmy', 'scimmy-routers', 'express'],
    host: 'express 5 app; the host adds a Map store per resource type, ids, meta, the bearer check and an error logger after the router (so Express does not reset a connection whose 5xx was already sent). Everything else is SCIMMY.',
  },
  {
    key: 'better-auth',
    label: 'Better Auth + @better-auth/scim',
    banner: 'BETTER-AUTH',
    script: 'servers/better-auth.mjs',
    packages: ['better-auth', '@better-auth/scim', '@better-auth/core', '@better-auth/utils', 'better-call', '@better-auth/memory-adapter'],
    host: 'node:http + toNodeHandler under /api/auth; memory adapter; one code-defined connection with one static bearer credential; rate limiting off.',
  },
];
