/**
 * Which IdP sent a request, from what it always carries: Okta's fixed
 * User-Agent (okta.md §1) and Entra's `aadOptscim062020` flag in the URL
 * (entra.md §0). Entra's User-Agent is undocumented, so default-mode Entra
 * traffic stays unknown: name it with `--idp entra`.
 */
import type { RecordedIdp } from './recording-doc.js';

export function guessIdp(target: string, headers: readonly [string, string][]): RecordedIdp | undefined {
  const ua = headers.find(([k]) => k.toLowerCase() === 'user-agent')?.[1] ?? '';
  if (/okta/i.test(ua)) return 'okta';
  if (/[?&]aadOptscim062020(=|&|$)/i.test(target)) return 'entra-aadopt';
  if (/azure|microsoft|entra/i.test(ua)) return 'entra';
  return undefined;
}
