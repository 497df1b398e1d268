/**
 * A server profile: the hooks that make the reference server behave like a
 * particular SCIM service. Handlers call the hooks; nothing else in the server
 * asks which profile is running.
 */
import type { ScimError } from '../../core/scim-errors.js';
import type { ScimResource } from '../../core/schema/types.js';
import type { ResourceKind } from '../store.js';

export type ProfileName = 'rfc' | 'mezmo';

/** A write the profile may refuse before it touches the store. */
export type WriteAction = 'create' | 'replace' | 'patch' | 'delete';

export interface ServerProfile {
  name: ProfileName;
  /** Where the SCIM endpoints live (`/scim/v2`). */
  basePath: string;
  /** One sentence for `--help` and the start line. */
  description: string;
  /** Refuse a whole action on a resource type (e.g. group creation), or undefined to allow it. */
  denyWrite(action: WriteAction, kind: ResourceKind): ScimError | undefined;
  /** Extra rules on a User about to be stored (after schema validation); throws ScimError. */
  checkUser(user: ScimResource): void;
  /** Extra rules on a Group about to be stored; `before` is undefined on create. Throws ScimError. */
  checkGroup(before: ScimResource | undefined, after: ScimResource): void;
  /** Seed needed when none is given: the path of a fixture under fixtures/, or undefined. */
  defaultSeedFixture?: string;
}
