/**
 * The `mezmo` profile: Mezmo's enterprise SCIM endpoint as its setup guide
 * describes it (https://docs.mezmo.com, "Set Up SCIM"). Groups are the
 * enterprise's existing child organizations: they can be read and have members
 * added and removed, but not be created, deleted or renamed; userName is the
 * user's email address.
 */
import { ScimError } from '../../core/scim-errors.js';
import type { ServerProfile } from './types.js';

// Deliberately loose: one `@`, no spaces, a dot in the domain. Mezmo documents only "email address".
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const mezmoProfile: ServerProfile = {
  name: 'mezmo',
  basePath: '/v1/enterprise/scim',
  description: 'Mezmo enterprise SCIM (groups are existing child organizations)',
  defaultSeedFixture: 'mezmo-groups.yaml',
  denyWrite(action, kind) {
    if (kind !== 'Group') return undefined;
    // "we support group sync, we do not support creation and deletion of groups"
    if (action === 'create') {
      return new ScimError(
        'forbidden',
        'Groups are Mezmo child organizations: they cannot be created over SCIM. Create the organization in Mezmo and link the IdP group to it by name.',
      );
    }
    if (action === 'delete') {
      return new ScimError(
        'forbidden',
        'Groups are Mezmo child organizations: they cannot be deleted over SCIM. Unlink the group in the IdP instead.',
      );
    }
    return undefined;
  },
  checkUser(user) {
    const userName = user.userName;
    if (typeof userName !== 'string' || !EMAIL.test(userName)) {
      throw new ScimError('invalidValue', `userName must be the user's email address (got ${JSON.stringify(userName)})`);
    }
  },
  checkGroup(before, after) {
    // Okta repeats the current name in a path-less replace after every membership change (okta.md §7.3): allowed.
    if (before && before.displayName !== after.displayName) {
      throw new ScimError(
        'mutability',
        `displayName is the name of a Mezmo child organization and cannot be changed (it is ${JSON.stringify(before.displayName)})`,
      );
    }
  },
};
