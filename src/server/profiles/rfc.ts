/** The `rfc` profile: RFC 7643/7644 as written, every endpoint on, no extra rules. */
import type { ServerProfile } from './types.js';

export const rfcProfile: ServerProfile = {
  name: 'rfc',
  basePath: '/scim/v2',
  description: 'RFC 7643/7644 reference behaviour',
  denyWrite: () => undefined,
  checkUser: () => undefined,
  checkGroup: () => undefined,
};
