/**
 * The IdP-shaped traffic: each flow is what one IdP worker does for one user,
 * request after request (it needs the id the create returns). `scimctl load`
 * paces the requests of all flows together (run-load.ts); the Artillery export
 * turns the same flows into scenarios (artillery-export.ts).
 *
 * - entra: the initial cycle for a new user (lookup by userName, create, group
 *   match with excludedAttributes=members, member add; entra.md §2.1–§3), then
 *   an incremental cycle on it (read by the cached id, PATCH; §2.1 step 6) and
 *   the deprovisioning DELETE (§2.7). Entra's form-style encoding, capitalised ops.
 * - okta: an import page (GET /Users?startIndex&count=100, okta.md §3), then a
 *   push: lookup, create with Okta's body, profile PUT, group lookup, member add
 *   and the rename PATCH Okta sends after every membership change (§4, §5, §7).
 */
import type { RequestKind } from './types.js';

export interface FlowVars {
  userId?: string;
  groupId?: string;
}

export interface FlowContext {
  runId: string;
  /** 1-based flow number within the run: makes the user's name unique. */
  n: number;
  /** The run's group (created before the load). */
  groupName: string;
  /** Users in the directory before the load, for the import pages. */
  directorySize: number;
  vars: FlowVars;
}

export interface FlowRequest {
  method: string;
  /** Below the base URL, e.g. `/Users/abc`. */
  path: string;
  /** Raw query without `?`. */
  query: string;
  body?: unknown;
}

export interface FlowStep {
  kind: RequestKind;
  method: string;
  /** The path shape for reports (`/Users/{id}`). */
  pathShape: string;
  expect: readonly number[];
  /** undefined when a value it needs is missing (an earlier step failed): the flow ends. */
  build(ctx: FlowContext): FlowRequest | undefined;
  /** Reads what later steps need from the JSON answer; returns an error message when it is not there. */
  capture?(json: unknown, ctx: FlowContext): string | undefined;
}

export interface Flow {
  name: 'entra-user' | 'okta-push';
  steps: readonly FlowStep[];
}

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export function userNameOf(runId: string, n: number): string {
  return `scimctl-load-${runId}-${n}@example.com`;
}

export function directoryUserName(runId: string, i: number): string {
  return `scimctl-load-${runId}-d${i}@example.com`;
}

export function groupNameOf(runId: string): string {
  return `scimctl load ${runId}`;
}

/** Entra's query encoding: form style, `+` for spaces (entra.md §2.2). */
const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+');
const quote = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;

const idOf = (json: unknown): string | undefined => {
  const id = (json as { id?: unknown } | undefined)?.id;
  return typeof id === 'string' && id !== '' ? id : undefined;
};
const firstIdOf = (json: unknown): string | undefined => idOf((json as { Resources?: unknown[] } | undefined)?.Resources?.[0]);

const captureUser = (json: unknown, ctx: FlowContext): string | undefined => {
  const id = idOf(json);
  if (!id) return 'the answer has no id';
  ctx.vars.userId = id;
  return undefined;
};
const captureGroup = (json: unknown, ctx: FlowContext): string | undefined => {
  const id = firstIdOf(json);
  if (!id) return `the group "${ctx.groupName}" was not found`;
  ctx.vars.groupId = id;
  return undefined;
};

const enc = encodeURIComponent;

export const ENTRA_FLOW: Flow = {
  name: 'entra-user',
  steps: [
    {
      kind: 'entra.user.lookup',
      method: 'GET',
      pathShape: '/Users?filter=userName eq',
      expect: [200],
      build: (c) => ({ method: 'GET', path: '/Users', query: `filter=${formEncode(`userName eq ${quote(userNameOf(c.runId, c.n))}`)}` }),
    },
    {
      kind: 'entra.user.create',
      method: 'POST',
      pathShape: '/Users',
      expect: [201],
      build: (c) => {
        const userName = userNameOf(c.runId, c.n);
        return {
          method: 'POST',
          path: '/Users',
          query: '',
          body: {
            schemas: [USER, ENTERPRISE],
            externalId: `load-${c.runId}-${c.n}`,
            userName,
            active: true,
            displayName: `Load User ${c.n}`,
            emails: [{ primary: true, type: 'work', value: userName }],
            name: { formatted: `Load User ${c.n}`, familyName: 'User', givenName: 'Load' },
            title: 'Engineer',
            [ENTERPRISE]: { department: 'Load', employeeNumber: String(c.n) },
          },
        };
      },
      capture: captureUser,
    },
    {
      kind: 'entra.group.match',
      method: 'GET',
      pathShape: '/Groups?excludedAttributes=members&filter=displayName eq',
      expect: [200],
      build: (c) => ({ method: 'GET', path: '/Groups', query: `excludedAttributes=members&filter=${formEncode(`displayName eq ${quote(c.groupName)}`)}` }),
      capture: captureGroup,
    },
    {
      kind: 'entra.group.addMember',
      method: 'PATCH',
      pathShape: '/Groups/{id}',
      expect: [200, 204],
      build: (c) =>
        c.vars.groupId && c.vars.userId
          ? {
              method: 'PATCH',
              path: `/Groups/${enc(c.vars.groupId)}`,
              query: '',
              body: { schemas: [PATCH_OP], Operations: [{ op: 'Add', path: 'members', value: [{ $ref: null, value: c.vars.userId }] }] },
            }
          : undefined,
    },
    {
      kind: 'entra.user.get',
      method: 'GET',
      pathShape: '/Users/{id}',
      expect: [200],
      build: (c) => (c.vars.userId ? { method: 'GET', path: `/Users/${enc(c.vars.userId)}`, query: '' } : undefined),
    },
    {
      kind: 'entra.user.patch',
      method: 'PATCH',
      pathShape: '/Users/{id}',
      expect: [200, 204],
      build: (c) =>
        c.vars.userId
          ? {
              method: 'PATCH',
              path: `/Users/${enc(c.vars.userId)}`,
              query: '',
              body: { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'displayName', value: `Load User ${c.n} (renamed)` }] },
            }
          : undefined,
    },
    {
      kind: 'entra.user.delete',
      method: 'DELETE',
      pathShape: '/Users/{id}',
      expect: [204, 200],
      build: (c) => (c.vars.userId ? { method: 'DELETE', path: `/Users/${enc(c.vars.userId)}`, query: '' } : undefined),
    },
  ],
};

function oktaUser(c: FlowContext, id?: string): Record<string, unknown> {
  const userName = userNameOf(c.runId, c.n);
  return {
    schemas: [USER],
    ...(id ? { id } : {}),
    userName,
    name: { givenName: 'Load', familyName: `User ${c.n}` },
    emails: [{ primary: true, value: userName, type: 'work' }],
    displayName: `Load User ${c.n}`,
    locale: 'en-US',
    externalId: `00uload${c.n}`,
    groups: [],
    ...(id ? {} : { password: `Pw-${c.runId}-${c.n}!` }),
    active: true,
  };
}

export const OKTA_FLOW: Flow = {
  name: 'okta-push',
  steps: [
    {
      kind: 'okta.users.import',
      method: 'GET',
      pathShape: '/Users?startIndex&count=100',
      expect: [200],
      build: (c) => {
        const pages = Math.max(1, Math.ceil(c.directorySize / 100));
        return { method: 'GET', path: '/Users', query: `startIndex=${((c.n - 1) % pages) * 100 + 1}&count=100` };
      },
    },
    {
      kind: 'okta.user.lookup',
      method: 'GET',
      pathShape: '/Users?filter=userName eq&startIndex=1&count=100',
      expect: [200],
      build: (c) => ({ method: 'GET', path: '/Users', query: `filter=${enc(`userName eq ${quote(userNameOf(c.runId, c.n))}`)}&startIndex=1&count=100` }),
    },
    {
      kind: 'okta.user.create',
      method: 'POST',
      pathShape: '/Users',
      expect: [201],
      build: (c) => ({ method: 'POST', path: '/Users', query: '', body: oktaUser(c) }),
      capture: captureUser,
    },
    {
      kind: 'okta.user.update',
      method: 'PUT',
      pathShape: '/Users/{id}',
      expect: [200],
      build: (c) => (c.vars.userId ? { method: 'PUT', path: `/Users/${enc(c.vars.userId)}`, query: '', body: oktaUser(c, c.vars.userId) } : undefined),
    },
    {
      kind: 'okta.group.lookup',
      method: 'GET',
      pathShape: '/Groups?filter=displayName eq&startIndex=1&count=100',
      expect: [200],
      build: (c) => ({ method: 'GET', path: '/Groups', query: `filter=${enc(`displayName eq ${quote(c.groupName)}`)}&startIndex=1&count=100` }),
      capture: captureGroup,
    },
    {
      kind: 'okta.group.addMember',
      method: 'PATCH',
      pathShape: '/Groups/{id}',
      expect: [200, 204],
      build: (c) =>
        c.vars.groupId && c.vars.userId
          ? {
              method: 'PATCH',
              path: `/Groups/${enc(c.vars.groupId)}`,
              query: '',
              body: { schemas: [PATCH_OP], Operations: [{ op: 'add', path: 'members', value: [{ value: c.vars.userId, display: userNameOf(c.runId, c.n) }] }] },
            }
          : undefined,
    },
    {
      kind: 'okta.group.rename',
      method: 'PATCH',
      pathShape: '/Groups/{id}',
      expect: [200, 204],
      build: (c) =>
        c.vars.groupId
          ? {
              method: 'PATCH',
              path: `/Groups/${enc(c.vars.groupId)}`,
              query: '',
              body: { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { id: c.vars.groupId, displayName: c.groupName } }] },
            }
          : undefined,
    },
  ],
};

/** The flows a profile starts, in turn. */
export function flowsFor(profile: 'entra' | 'okta' | 'mixed'): readonly Flow[] {
  if (profile === 'entra') return [ENTRA_FLOW];
  if (profile === 'okta') return [OKTA_FLOW];
  return [ENTRA_FLOW, OKTA_FLOW];
}

export const ALL_STEPS: readonly FlowStep[] = [...ENTRA_FLOW.steps, ...OKTA_FLOW.steps];
