/**
 * The run's traffic as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
 * built from the already-redacted exchanges in the result tree.
 */
import type { RunResult } from './types.js';

interface HarHeader {
  name: string;
  value: string;
}

const pairs = (h: Record<string, string>): HarHeader[] => Object.entries(h).map(([name, value]) => ({ name, value }));

export function toHar(run: RunResult): object {
  const entries: object[] = [];
  const startMs = Date.parse(run.startedAt);
  let offset = 0;
  for (const scenario of run.scenarios) {
    for (const step of scenario.steps) {
      const ex = step.exchange;
      if (!ex) continue;
      const url = new URL(ex.request.url);
      const reqType = Object.entries(ex.request.headers).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      const resType = Object.entries(ex.response?.headers ?? {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1];
      entries.push({
        startedDateTime: new Date((Number.isFinite(startMs) ? startMs : 0) + offset).toISOString(),
        time: Math.max(0, ex.durationMs),
        comment: `${scenario.id} › ${step.name}`,
        request: {
          method: ex.request.method,
          url: ex.request.url,
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: pairs(ex.request.headers),
          queryString: [...url.searchParams].map(([name, value]) => ({ name, value })),
          ...(ex.request.body !== undefined ? { postData: { mimeType: reqType ?? 'application/scim+json', text: ex.request.body } } : {}),
          headersSize: -1,
          bodySize: ex.request.body?.length ?? 0,
        },
        response: {
          status: ex.response?.status ?? 0,
          statusText: '',
          httpVersion: 'HTTP/1.1',
          cookies: [],
          headers: pairs(ex.response?.headers ?? {}),
          content: { size: ex.response?.body?.length ?? 0, mimeType: resType ?? '', ...(ex.response?.body !== undefined ? { text: ex.response.body } : {}) },
          redirectURL: '',
          headersSize: -1,
          bodySize: ex.response?.body?.length ?? -1,
          ...(ex.response ? {} : { _error: step.reason ?? step.checks.find((c) => c.status === 'errored')?.checkId ?? 'no response' }),
        },
        cache: {},
        timings: { send: 0, wait: Math.max(0, ex.durationMs), receive: 0 },
      });
      offset += Math.max(0, Math.round(ex.durationMs));
    }
  }
  return { log: { version: '1.2', creator: { name: run.tool.name, version: run.tool.version }, entries } };
}
