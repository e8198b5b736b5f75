/**
 * Issue 9: `--max-bytes` crashed the process with an unhandled 'error' event, because the body stream was
 * destroyed before anything listened for its error. Every place a response is abandoned part-way — over
 * the cap (declared or counted), a redirect's body, a retried response, the deadline, an interruption —
 * must end as a result, with the process unharmed and the next request on the same pool unaffected.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Abort } from '../../src/core/abort.js';
import { RequestFailure } from '../../src/core/errors.js';
import { type FetchContext, fetchOne } from '../../src/core/fetch-one.js';
import { parseUrlList } from '../../src/core/url-list.js';
import { fetchContext } from '../helpers/plans.js';
import * as servers from '../helpers/servers.js';

const crashes: unknown[] = [];
const onCrash = (err: unknown): void => void crashes.push(err);
beforeAll(() => {
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
});
afterAll(() => {
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
});

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
  // Give a stray 'error' event the turns it needs to surface before judging.
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(crashes).toEqual([]);
});

async function serve<T extends servers.TestServer>(started: Promise<T>): Promise<T> {
  const server = await started;
  cleanups.push(() => server.close());
  return server;
}

function context(...args: Parameters<typeof fetchContext>): FetchContext {
  const ctx = fetchContext(...args);
  cleanups.push(() => ctx.destroy());
  return ctx;
}

const target = (url: string) => parseUrlList(url).targets.at(0)!;

describe('abandoned bodies (issue 9)', () => {
  it('a declared Content-Length over --max-bytes: MAX_BYTES, and the pool serves the next request', async () => {
    const big = await serve(servers.startStaticServer(Buffer.alloc(1024, 'a')));
    const small = await serve(servers.startStaticServer(Buffer.alloc(10, 'b')));
    const ctx = context(1, { maxBytes: 500 });
    for (let i = 0; i < 3; i++) {
      expect(await fetchOne(target(big.url), ctx)).toMatchObject({ bytes: 0, error: { code: 'MAX_BYTES' } });
      expect(await fetchOne(target(small.url), ctx)).toMatchObject({ status: 200, bytes: 10, error: null });
    }
  });

  it('a body counted past --max-bytes mid-stream: MAX_BYTES with the bytes received', async () => {
    const endless = await serve(servers.startEndlessServer());
    const result = await fetchOne(target(endless.url), context(1, { maxBytes: 10_000 }));
    expect(result.error!.code).toBe('MAX_BYTES');
    expect(result.bytes).toBeGreaterThan(10_000);
  });

  it('a redirect with a body too big to drain: followed, connection dropped', async () => {
    const server = await serve(servers.startHeavyRedirectServer(4 * 1024 * 1024));
    const result = await fetchOne(target(`${server.url}start`), context(1));
    expect(result).toMatchObject({ status: 200, bytes: 4, redirects: 1, error: null });
  });

  it('a retried response with a body: the next attempt succeeds', async () => {
    const server = await serve(servers.startFlakyServer(1, 503));
    const result = await fetchOne(target(server.url), context(1, { retries: 1 }));
    expect(result).toMatchObject({ status: 200, attempts: 2, error: null });
  });

  it('the deadline mid-body: TIMEOUT with the bytes received', async () => {
    const drip = await serve(servers.startDripServer());
    const result = await fetchOne(target(drip.url), context(1, { timeoutMs: 1_300 }));
    expect(result).toMatchObject({ status: 200, error: { code: 'TIMEOUT' } });
    expect(result.bytes).toBeGreaterThanOrEqual(1);
  });

  it('an interruption mid-body: INTERRUPTED', async () => {
    const endless = await serve(servers.startEndlessServer());
    const interrupt = new Abort();
    const ctx = { ...context(1), interrupt };
    const pending = fetchOne(target(endless.url), ctx);
    setTimeout(() => interrupt.abort(new RequestFailure('INTERRUPTED', 'interrupted by SIGINT')), 200);
    const result = await pending;
    expect(result.error).toEqual({ code: 'INTERRUPTED', message: 'interrupted by SIGINT' });
    expect(result.bytes).toBeGreaterThan(0);
  });
});
