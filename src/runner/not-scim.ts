/**
 * Is the thing at the base URL a SCIM endpoint at all? Judged from the
 * credentials probe (`GET /Users?startIndex=1&count=1`): a SCIM service
 * answers JSON (RFC 7644 §3.8) with a `schemas` member (RFC 7643 §3, §3.12 for
 * errors), never a login page or a redirect to one. A target that fails this
 * stops the run before any scenario (NOT_SCIM_ENDPOINT, exit 3).
 */
import type { ResponseView } from './checks/check-context.js';

export interface NotScimFinding {
  /** What was seen, in one line: `302 Found redirecting to /login`. */
  seen: string;
  /** The likely cause, in words a user acts on. */
  cause: string;
}

const LOGIN = /log[\s_-]?in|sign[\s_-]?in|signin|auth(orize)?\b|oauth|saml|sso|openid|session/i;
const CAUSE_LOGIN = 'a sign-in page (an SSO or authentication proxy) is in front of the API; give scimctl the API\'s own URL or credentials the proxy lets through';
const CAUSE_PATH = 'a wrong base path (a web application or another API answers here) or a proxy rewriting the request; check the SCIM base URL in the application\'s documentation';

function title(html: string): string | undefined {
  const m = /<title[^>]*>([^<]{0,120})/i.exec(html);
  return m?.[1]?.replace(/\s+/g, ' ').trim() || undefined;
}

function snippet(text: string, max = 60): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 3)}...` : one;
}

/** A finding when `view` cannot be a SCIM answer to a GET on a collection, else undefined. */
export function notScimAnswer(view: ResponseView): NotScimFinding | undefined {
  const type = (view.headers['content-type'] ?? '').split(';')[0]?.trim() || 'no Content-Type';
  if (view.status >= 300 && view.status < 400) {
    const location = view.headers['location'];
    return {
      seen: `${view.status} redirecting to ${location ?? '(no Location)'}`,
      cause: location && LOGIN.test(location) ? CAUSE_LOGIN : CAUSE_PATH,
    };
  }
  // 401 and 403 are the credentials' business (AUTH_REJECTED), whatever their body.
  if (view.status === 401 || view.status === 403) return undefined;
  // A SCIM body mislabelled text/html is a media-type defect the scenarios judge (P-3.8-03), not a web page.
  const html = view.json === undefined && (/html/i.test(type) || view.bodyError?.code === 'HTML_RESPONSE');
  if (html) {
    const t = title(view.bodyText);
    const login = LOGIN.test(t ?? '') || /<input[^>]+type=["']?password/i.test(view.bodyText) || /<form[^>]+action=["'][^"']*(login|signin|auth|sso)/i.test(view.bodyText);
    return { seen: `${view.status} ${type}${t ? ` (a page titled "${t}")` : ` (\`${snippet(view.bodyText)}\`)`}`, cause: login ? CAUSE_LOGIN : CAUSE_PATH };
  }
  if (view.bodyError) return { seen: `${view.status} ${type} that is not JSON (\`${snippet(view.bodyText)}\`)`, cause: CAUSE_PATH };
  if (view.json === undefined) {
    return view.status < 300 ? { seen: `${view.status} with an empty body where a ListResponse belongs`, cause: CAUSE_PATH } : undefined;
  }
  // A failing SCIM service may answer its 5xx in any format: the scenarios report that, not this check.
  if (view.status >= 500) return undefined;
  const json = view.json;
  const obj = typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  // A ListResponse that lost its `schemas` is a SCIM defect the scenarios judge, not another kind of service.
  if (obj && (Array.isArray(obj['schemas']) || 'Resources' in obj || 'totalResults' in obj)) return undefined;
  const keys = typeof json === 'object' && json !== null && !Array.isArray(json) ? Object.keys(json).slice(0, 5) : [];
  const shape = Array.isArray(json) ? 'a JSON array' : keys.length > 0 ? `JSON with ${keys.map((k) => `\`${k}\``).join(', ')} and no \`schemas\`` : 'JSON with no `schemas`';
  return { seen: `${view.status} ${type}: ${shape}`, cause: CAUSE_PATH };
}
