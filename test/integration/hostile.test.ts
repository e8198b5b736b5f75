import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConnectionOptions } from '../../src/core/http.js';
import { fetchOne, type RequestOptions } from '../../src/core/fetch-one.js';
import { parseUrlList } from '../../src/core/url-list.js';
import type { FetchResult } from '../../src/core/types.js';
import { fetchContext } from '../helpers/plans.js';
import * as servers from '../helpers/servers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

async function serve<T extends servers.TestServer>(started: Promise<T>): Promise<T> {
  const server = await started;
  cleanups.push(() => server.close());
  return server;
}

/** fetchOne with the CLI's defaults, on a dispatcher of its own. */
async function fetch(
  url: string,
  request: Partial<RequestOptions> = {},
  connection: Partial<ConnectionOptions> = {},
): Promise<FetchResult> {
  const ctx = fetchContext(1, request, connection);
  try {
    const [target] = parseUrlList(url).targets;
    return await fetchOne(target!, ctx);
  } finally {
    await ctx.destroy();
  }
}

describe('deadlines', () => {
  it('ends a server that accepts and never answers at --timeout', async () => {
    const { url } = await serve(servers.startSilentServer());
    const result = await fetch(url, { timeoutMs: 400 });
    expect(result.error!.code).toBe('TIMEOUT');
    expect(result.durationMs).toBeGreaterThanOrEqual(395);
    expect(result.durationMs).toBeLessThan(1_500);
  });

  it('ends a body that drips one byte a second at --timeout, with the bytes it got', async () => {
    const { url } = await serve(servers.startDripServer());
    const result = await fetch(url, { timeoutMs: 1_600 });
    expect(result).toMatchObject({ status: 200, error: { code: 'TIMEOUT' } });
    expect(result.bytes).toBeGreaterThanOrEqual(1);
    expect(result.durationMs).toBeLessThan(2_600);
  });

  it('bounds the connect phase with --connect-timeout (a TLS handshake that never comes)', async () => {
    const { url } = await serve(servers.startSilentServer());
    const result = await fetch(url.replace('http:', 'https:'), { timeoutMs: 10_000 }, { connectTimeoutMs: 300 });
    expect(result.error!.code).toBe('CONNECT_TIMEOUT');
    expect(result.durationMs).toBeLessThan(2_000);
  });
});

describe('truthful bytes', () => {
  it('calls a body shorter than its Content-Length an error, not a success', async () => {
    const { url } = await serve(servers.startShortBodyServer());
    const result = await fetch(url);
    expect(result).toMatchObject({
      status: 200,
      bytes: 3,
      error: { code: 'BODY_INCOMPLETE', message: 'the connection closed after 3 of 100 body bytes' },
    });
  });

  it.each([
    ['a reset connection', servers.startResettingServer, 'ECONNRESET'],
    ['a reply that is not HTTP', servers.startNotHttpServer, 'PROTOCOL_ERROR'],
    ['an empty reply', servers.startEmptyReplyServer, 'EMPTY_REPLY'],
  ])('gives %s its own code', async (_name, start, code) => {
    const { url } = await serve(start());
    const result = await fetch(url);
    expect(result).toMatchObject({ status: null, bytes: 0, error: { code } });
  });
});

describe('--max-bytes', () => {
  it('stops an endless body just past the cap', async () => {
    const { url } = await serve(servers.startEndlessServer());
    const result = await fetch(url, { maxBytes: 1_000_000 });
    expect(result.error!.code).toBe('MAX_BYTES');
    expect(result.bytes).toBeGreaterThan(1_000_000);
    expect(result.bytes).toBeLessThan(1_000_000 + 256 * 1024);
  });

  it('refuses a declared Content-Length over the cap without reading it', async () => {
    const { url } = await serve(servers.startShortBodyServer());
    const result = await fetch(url, { maxBytes: 10 });
    expect(result).toMatchObject({
      bytes: 0,
      error: { code: 'MAX_BYTES', message: 'Content-Length 100 exceeds --max-bytes 10; not read' },
    });
  });
});

describe('redirects', () => {
  it('follows a chain and reports the final URL and the count', async () => {
    const server = await serve(servers.startRedirectingServer());
    const result = await fetch(`${server.url}chain/3`);
    expect(result).toMatchObject({
      status: 200,
      error: null,
      redirects: 3,
      finalUrl: `${server.url}chain/0`,
      url: `${server.url}chain/3`,
    });
    expect(result.phases.reused).toBeNull();
  });

  it('fails a chain longer than --max-redirects and a loop', async () => {
    const server = await serve(servers.startRedirectingServer());
    expect((await fetch(`${server.url}chain/3`, { maxRedirects: 2 })).error!.code).toBe('TOO_MANY_REDIRECTS');
    const loop = await fetch(`${server.url}loop`);
    expect(loop.error).toMatchObject({
      code: 'TOO_MANY_REDIRECTS',
      message: expect.stringMatching(/more than 5 redirects/),
    });
    expect(loop.redirects).toBe(5);
  });

  it('refuses a redirect to file:', async () => {
    const server = await serve(servers.startRedirectingServer());
    const result = await fetch(`${server.url}to-file`);
    expect(result).toMatchObject({
      status: 302,
      error: { code: 'REDIRECT_REFUSED', message: expect.stringMatching(/'file:' URL refused/) },
    });
  });

  it('drops Authorization, Cookie and Proxy-Authorization when the origin changes, keeps the rest', async () => {
    const other = await serve(servers.startRecordingServer());
    const server = await serve(servers.startRedirectingServer(other.url));
    const headers: Array<[string, string]> = [
      ['Authorization', 'Bearer s3cret'],
      ['Cookie', 'session=abc'],
      ['Proxy-Authorization', 'Basic xyz'],
      ['X-Trace', 'kept'],
    ];
    const result = await fetch(`${server.url}away`, { headers });
    expect(result).toMatchObject({ status: 200, redirects: 1, finalUrl: other.url });
    expect(server.requests[0]).toMatchObject({
      authorization: 'Bearer s3cret',
      cookie: 'session=abc',
      'x-trace': 'kept',
    });
    expect(other.requests[0]).not.toHaveProperty('authorization');
    expect(other.requests[0]).not.toHaveProperty('cookie');
    expect(other.requests[0]).not.toHaveProperty('proxy-authorization');
    expect(other.requests[0]!['x-trace']).toBe('kept');
  });
});

describe('TLS', () => {
  it('reports an untrusted certificate per URL with its code and what to do', async () => {
    const { url } = await serve(servers.startTlsServer());
    const result = await fetch(url);
    expect(result.status).toBeNull();
    expect(result.error!.code).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
    expect(result.error!.message).toMatch(/signed by a CA that is not trusted.*--ca FILE.*--insecure/);
  });

  it('trusts an extra CA with --ca, and times the TLS handshake', async () => {
    const { url } = await serve(servers.startTlsServer());
    const result = await fetch(url, {}, { extraCaPem: [readFileSync(servers.TEST_CA_FILE, 'utf8')] });
    expect(result).toMatchObject({ status: 200, error: null, bytes: 6 });
    expect(result.phases.tlsMs).toBeGreaterThan(0);
    expect(result.phases.connectMs).toBeGreaterThan(0);
  });

  it('skips verification with --insecure', async () => {
    const { url } = await serve(servers.startTlsServer());
    expect(await fetch(url, {}, { insecure: true })).toMatchObject({ status: 200, error: null });
  });
});

describe('--retries', () => {
  it('retries 5xx with backoff and records the attempts; the time counts every attempt', async () => {
    const server = await serve(servers.startFlakyServer(2, 503));
    const result = await fetch(server.url, { retries: 3 });
    expect(result).toMatchObject({ status: 200, error: null, attempts: 3 });
    // Backoff 100 ms then 200 ms.
    expect(result.durationMs).toBeGreaterThanOrEqual(290);
    expect(server.hits()).toBe(3);
  });

  it('honours Retry-After, and gives up when it would pass the deadline', async () => {
    const server = await serve(servers.startFlakyServer(1, 429, '1'));
    const patient = await fetch(server.url, { retries: 1 });
    expect(patient).toMatchObject({ status: 200, attempts: 2 });
    expect(patient.durationMs).toBeGreaterThanOrEqual(990);

    const hurried = await serve(servers.startFlakyServer(1, 503, '5'));
    const result = await fetch(hurried.url, { retries: 1, timeoutMs: 2_000 });
    expect(result).toMatchObject({ status: 503, attempts: 1, error: { code: 'HTTP_STATUS' } });
  });

  it('retries a refused connection but not a 404', async () => {
    const refused = await fetch(await servers.refusedUrl(), { retries: 2 });
    expect(refused).toMatchObject({ attempts: 3, error: { code: 'ECONNREFUSED' } });
    const server = await serve(servers.startFlakyServer(5, 404));
    expect(await fetch(server.url, { retries: 2 })).toMatchObject({ attempts: 1, status: 404 });
  });
});
