/**
 * What the target can do, from /ServiceProviderConfig (RFC 7644 §5), with
 * defaults where discovery is silent and the user's overrides on top.
 */
import type { Capabilities, Capability } from './types.js';

/** Used when /ServiceProviderConfig cannot be read: what Okta and Entra assume of every target. */
export const DEFAULT_CAPABILITIES: Capabilities = {
  patch: true,
  bulk: false,
  sort: false,
  etag: false,
  filter: true,
  changePassword: false,
  groups: true,
  'groups.create': true,
  'groups.delete': true,
  me: false,
};

const SPC_KEYS = ['patch', 'bulk', 'sort', 'etag', 'filter', 'changePassword'] as const;

/** Reads `<feature>.supported` flags; unknown or malformed values keep the default. */
export function capabilitiesFromSpc(spc: unknown): Capabilities {
  const caps: Capabilities = { ...DEFAULT_CAPABILITIES };
  if (!spc || typeof spc !== 'object') return caps;
  for (const key of SPC_KEYS) {
    const supported = (spc as Record<string, { supported?: unknown } | undefined>)[key]?.supported;
    if (typeof supported === 'boolean') caps[key] = supported;
  }
  return caps;
}

export function applyOverrides(caps: Capabilities, overrides: Partial<Record<Capability, boolean>>): Capabilities {
  const out = { ...caps };
  for (const [k, v] of Object.entries(overrides)) if (typeof v === 'boolean') out[k as Capability] = v;
  // A target without Groups cannot create or delete them either.
  if (!out.groups) {
    out['groups.create'] = false;
    out['groups.delete'] = false;
  }
  return out;
}

/** Why a scenario or step cannot run here, or undefined when it can. */
export function missingCapabilities(needs: readonly Capability[], caps: Capabilities): string | undefined {
  const missing = needs.filter((c) => !caps[c]);
  if (missing.length === 0) return undefined;
  return `the target lacks ${missing.map((m) => `\`${m}\``).join(', ')} (see /ServiceProviderConfig, --capability)`;
}
