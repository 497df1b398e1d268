/**
 * The cancellation wrappers (compose.ts, with-abort.ts, with-timeout.ts): a caller's abort is
 * ABORTED with its reason, at once even when the transport below ignores the signal; only the
 * deadline is TIMEOUT.
 */
import { describe, expect, it } from 'vitest';
import { ScimctlError } from '../../../../src/core/errors.js';
import { compose } from '../../../../src/runner/client/compose.js';
import type { OutgoingRequest, Transport } from '../../../../src/runner/client/transport.js';
import { withAbort } from '../../../../src/runner/client/with-abort.js';
import { withTimeout } from '../../../../src/runner/client/with-timeout.js';

const REQ: OutgoingRequest = { method: 'GET', url: 'http://127.0.0.1:9/scim/v2/Users/1', headers: {} };

/** Never answers and ignores its signal, like a handler that cannot be interrupted. */
const deaf = (): Transport & { calls: number } => {
  const t = { calls: 0, send: () => { t.calls++; return new Promise<never>(() => undefined); }, close: async () => undefined };
  return t;
};

/** Never answers, but rejects as undici does when its signal fires. */
const listening: Transport = {
  send: (_req, signal) => new Promise((_, reject) => signal?.addEventListener('abort', () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' })))),
  close: async () => undefined,
};

async function failure(p: Promise<unknown>): Promise<ScimctlError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ScimctlError);
  return err as ScimctlError;
}

describe('transport cancellation', () => {
  it('compose applies wrappers inside out: the last sees the request first', async () => {
    const order: string[] = [];
    const tag = (name: string) => (inner: Transport): Transport => ({ send: (r, s) => (order.push(name), inner.send(r, s)), close: () => inner.close() });
    const base: Transport = { send: async () => ({ status: 204, headers: {}, bodyText: '' }), close: async () => undefined };
    await compose(base, tag('inner'), tag('outer')).send(REQ);
    expect(order).toEqual(['outer', 'inner']);
  });

  it('an abort during a request is ABORTED with the reason, even if the transport ignores the signal', async () => {
    const ctl = new AbortController();
    const pending = compose(deaf(), withAbort()).send(REQ, ctl.signal);
    ctl.abort(new Error('interrupted (Ctrl-C)'));
    const err = await failure(pending);
    expect(err.code).toBe('ABORTED');
    expect(err.message).toBe('GET 127.0.0.1:9/scim/v2/Users/1 was cancelled: interrupted (Ctrl-C)');
  });

  it('a request after the abort is not sent at all', async () => {
    const inner = deaf();
    const ctl = new AbortController();
    ctl.abort(new Error('--bail: scenario x failed'));
    expect((await failure(compose(inner, withAbort()).send(REQ, ctl.signal))).code).toBe('ABORTED');
    expect(inner.calls).toBe(0);
  });

  it('the caller\'s abort stays ABORTED under a deadline; the deadline alone is TIMEOUT', async () => {
    const ctl = new AbortController();
    const aborted = compose(listening, withTimeout(60_000), withAbort()).send(REQ, ctl.signal);
    ctl.abort(new Error('interrupted (Ctrl-C)'));
    expect((await failure(aborted)).code).toBe('ABORTED');

    const timedOut = await failure(compose(listening, withTimeout(5), withAbort()).send(REQ, new AbortController().signal));
    expect(timedOut.code).toBe('TIMEOUT');
    expect(timedOut.message).toContain('not complete after 5 ms');
  });
});
