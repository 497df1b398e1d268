/**
 * The run's traffic as HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/),
 * built from the already-redacted exchanges in the result tree.
 */
import type { ExchangeLog, RunResult } from './types.js';

interface HarHeader {
  name: string;
  value: string;
}

const pairs = (h: Record<string, string>): HarHeader[] => Object.entries(h).map(([name, value]) => ({ name, value }));
const headerOf = (h: Record<string, string>, name: string) => Object.entries(h).find(([k]) => k.toLowerCase() === name)?.[1];

function entry(ex: ExchangeLog, label: string, reason: string | undefined, started: Date): object {
  const url = new URL(ex.request.url);
  const reqType = headerOf(ex.request.headers, 'content-type');
  const resType = headerOf(ex.response?.headers ?? {}, 'content-type');
  return {
    startedDateTime: started.toISOString(),
    time: Math.max(0, ex.durationMs),
    comment: label,
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
      ...(ex.response ? {} : { _error: reason ?? 'no response' }),
    },
    cache: {},
    timings: { send: 0, wait: Math.max(0, ex.durationMs), receive: 0 },
  };
}

export function toHar(run: RunResult): object {
  const startMs = Date.parse(run.startedAt);
  const all = [
    ...run.discovery.map((exchange) => ({ label: 'discovery', exchange, reason: undefined as string | undefined })),
    ...run.scenarios.flatMap((scenario) =>
      scenario.steps.map((step) => ({
        label: `${scenario.id} › ${step.name}`,
        exchange: step.exchange,
        reason: step.reason ?? step.checks.find((c) => c.status === 'errored')?.checkId,
      })),
    ),
  ];
  const entries: object[] = [];
  // HAR wants start times; the tree keeps durations only, so entries are laid end to end from the run's start.
  let offset = 0;
  for (const { label, exchange, reason } of all) {
    if (!exchange) continue;
    entries.push(entry(exchange, label, reason, new Date((Number.isFinite(startMs) ? startMs : 0) + offset)));
    offset += Math.max(0, Math.round(exchange.durationMs));
  }
  return { log: { version: '1.2', creator: { name: run.tool.name, version: run.tool.version }, entries } };
}
