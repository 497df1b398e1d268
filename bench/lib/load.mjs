/**
 * One cell: autocannon against one server for one request kind, after a
 * warm-up. A server that took longer than SLOW_MS for the sample request
 * (SCIMMY listing 100k users) is measured with a few sequential requests
 * instead: under load its queue would outlast the window and the cell would
 * report timeouts rather than its real latency.
 */
import { request } from 'node:http';
import autocannon from 'autocannon';

const run = (opts) =>
  new Promise((resolve, reject) => {
    autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
  });

// One counter per request maker across warm-up and measurement, so a POST never repeats a userName.
const counters = new WeakMap();
const next = (make) => {
  const n = counters.get(make) ?? 0;
  counters.set(make, n + 1);
  return n;
};

// Reads may repeat, so they cycle through requests built once: the generator, one thread in this
// process, then spends its time sending rather than formatting (it is what bounds the ceiling).
const PREBUILT = 1024;

function options(url, basePath, make, reads, extra) {
  const prebuilt = reads ? Array.from({ length: PREBUILT }, (_, n) => make(n, basePath)) : undefined;
  let i = 0;
  const build = prebuilt ? () => prebuilt[i++ % PREBUILT] : () => make(next(make), basePath);
  return {
    url,
    timeout: 60,
    requests: [{ setupRequest: (req) => ({ ...req, headers: { ...req.headers }, ...build() }) }],
    ...extra,
  };
}

/**
 * @returns {Promise<{ rps: number, p50: number, p99: number, ok: number, bad: number, errors: number, mode: string }>}
 */
export const SLOW_MS = 100;

export async function measure({ url, basePath, make, reads, connections, warmup, duration, slow, sampleMs }) {
  // Seconds per request: three more would take minutes, so the sample is the measurement.
  if (slow && sampleMs > 10 * SLOW_MS) {
    return { rps: 1000 / sampleMs, p50: sampleMs, p99: sampleMs, ok: 1, bad: 0, errors: 0, mode: 'one request' };
  }
  if (!slow) await run(options(url, basePath, make, reads, { connections, duration: warmup }));
  const result = slow
    ? await run(options(url, basePath, make, reads, { connections: 1, amount: 3 }))
    : await run(options(url, basePath, make, reads, { connections, duration }));
  // Sequential requests: throughput is one over the mean latency (autocannon rounds a short run's duration up to 1 s).
  const rps = slow ? 1000 / result.latency.mean : (result['2xx'] + result.non2xx) / result.duration;
  return {
    rps,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    bad: result.non2xx,
    errors: result.errors + result.timeouts,
    mode: slow ? 'sequential, 3 requests' : `${connections} connections, ${duration} s`,
  };
}

/**
 * One request on a fresh connection: the body the ceiling should send, a check
 * that the server serves it, and whether it is slow. (A pooled connection can
 * be closed by the server's keep-alive timeout while a slow peer cell runs.)
 */
export function sample(url, basePath, make, n = 0) {
  const req = make(n, basePath);
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const out = request(new URL(req.path, url), { method: req.method, headers: req.headers ?? {}, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }),
      );
    });
    out.on('error', reject);
    out.end(req.body);
  });
}
