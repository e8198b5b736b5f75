import { type AddressInfo, createServer, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOne } from '../../src/core/fetch-one.js';
import { parseUrlList } from '../../src/core/url-list.js';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/server.js';
import { refusedUrl, startRecordingServer } from '../helpers/servers.js';
import { fetchContext } from '../helpers/plans.js';

let server: FixtureServer;
let ctx: ReturnType<typeof fetchContext>;

beforeAll(async () => {
  server = await startFixtureServer();
  ctx = fetchContext(16, { userAgent: 'corofetch/test' });
});

afterAll(async () => {
  await ctx.destroy();
  await server.close();
});

const target = (url: string) => parseUrlList(url).targets.at(0)!;

describe('fetchOne', () => {
  it.each([0, 1, 65_536, 5_000_000])('counts exactly %i body bytes', async (bytes) => {
    const result = await fetchOne(target(`${server.url}page?bytes=${bytes}`), ctx);
    expect(result).toMatchObject({ status: 200, bytes, error: null });
  });

  it('times the request: headers after the delay, last byte after the headers', async () => {
    const result = await fetchOne(target(`${server.url}page?bytes=1000&delay=200`), ctx);
    expect(result.ttfbMs).toBeGreaterThanOrEqual(195);
    expect(result.durationMs).toBeGreaterThanOrEqual(result.ttfbMs!);
    expect(result.startMs).toBeGreaterThanOrEqual(0);
  });

  it('splits the time into phases, none invented', async () => {
    const fresh = fetchContext(1, { userAgent: 'corofetch/test' });
    try {
      const first = await fetchOne(target(`${server.url}page?bytes=100000&delay=150`), fresh);
      // An IP-literal host needs no lookup; a new connection has a connect phase and no TLS on http.
      expect(first.phases).toMatchObject({ dnsMs: null, tlsMs: null, reused: false });
      expect(first.phases.connectMs).toBeGreaterThan(0);
      expect(first.phases.firstByteMs).toBeGreaterThanOrEqual(145);
      expect(first.phases.firstByteMs!).toBeLessThanOrEqual(first.ttfbMs!);
      expect(first.phases.downloadMs).toBeCloseTo(first.durationMs - first.ttfbMs!, 0);

      const second = await fetchOne(target(`${server.url}page?bytes=10`), fresh);
      expect(second.phases).toMatchObject({ dnsMs: null, connectMs: null, tlsMs: null, reused: true });

      const byName = await fetchOne(target(server.url.replace('127.0.0.1', 'localhost') + 'page'), fresh);
      expect(byName.phases.reused).toBe(false);
      expect(byName.phases.dnsMs).toBeGreaterThanOrEqual(0);
    } finally {
      await fresh.destroy();
    }
  });

  it('records the wait for a slot when there is a queue', async () => {
    const queued = await fetchOne(target(`${server.url}page`), ctx, performance.now() - 40);
    expect(queued.queuedMs).toBeGreaterThanOrEqual(40);
    expect((await fetchOne(target(`${server.url}page`), ctx)).queuedMs).toBeNull();
  });

  it('records a non-2xx status as a failure, with the body it got', async () => {
    const result = await fetchOne(target(`${server.url}page?bytes=12&status=503`), ctx);
    expect(result).toMatchObject({ status: 503, bytes: 12, error: { code: 'HTTP_STATUS', message: 'HTTP 503' } });
  });

  it('records a refused connection as a result, not a throw', async () => {
    const result = await fetchOne(target(await refusedUrl()), ctx);
    expect(result).toMatchObject({ status: null, bytes: 0, ttfbMs: null, error: { code: 'ECONNREFUSED' } });
  });

  it('ends a request that outlives its deadline', async () => {
    const result = await fetchOne(target(`${server.url}page?delay=5000`), {
      ...ctx,
      request: { ...ctx.request, timeoutMs: 300 },
    });
    expect(result.error).toEqual({ code: 'TIMEOUT', message: 'no complete response within 300 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(295);
    expect(result.durationMs).toBeLessThan(2_000);
  });

  it('sends URL credentials as Basic auth and a User-Agent', async () => {
    const recorder = await startRecordingServer();
    try {
      const url = recorder.url.replace('http://', 'http://alice:s%3Acret@');
      const result = await fetchOne(target(url), ctx);
      expect(result.url).not.toContain('alice');
      expect(recorder.requests[0]!.authorization).toBe(`Basic ${Buffer.from('alice:s:cret').toString('base64')}`);
      expect(recorder.requests[0]!['user-agent']).toBe('corofetch/test');
    } finally {
      await recorder.close();
    }
  });

  it('sends Accept: */* as curl does, Accept-Encoding only with --compressed, and lets -H replace either (issue 11)', async () => {
    const recorder = await startRecordingServer();
    const compressed = fetchContext(1, { compressed: true });
    const replaced = fetchContext(1, { headers: [['Accept', 'text/html']] });
    try {
      await fetchOne(target(recorder.url), ctx);
      await fetchOne(target(recorder.url), compressed);
      await fetchOne(target(recorder.url), replaced);
      const [plain, asked, given] = recorder.requests;
      expect(plain).toMatchObject({ accept: '*/*' });
      expect(plain!['accept-encoding']).toBeUndefined();
      expect(asked!['accept-encoding']).toMatch(/^gzip, deflate, br(, zstd)?$/);
      expect(given).toMatchObject({ accept: 'text/html' });
    } finally {
      await Promise.all([recorder.close(), compressed.destroy(), replaced.destroy()]);
    }
  });

  it('sends a GET again on a new connection when a kept-alive one was closed under it', async () => {
    // Answers each connection's first request, then closes it without saying so (no Connection: close),
    // as some servers and load balancers do; the next request is often written before the close arrives.
    const sockets = new Set<Socket>();
    let connections = 0;
    const closer = createServer((socket) => {
      connections += 1;
      sockets.add(socket);
      socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok'));
      socket.on('error', () => {});
    });
    await new Promise<void>((resolve) => closer.listen(0, '127.0.0.1', resolve));
    const { port } = closer.address() as AddressInfo;
    const serial = fetchContext(1, { userAgent: 'corofetch/test' });
    try {
      const results = [];
      for (let i = 0; i < 6; i++) results.push(await fetchOne(target(`http://127.0.0.1:${port}/${i}`), serial));
      expect(results.map((r) => r.error?.code ?? r.status)).toEqual([200, 200, 200, 200, 200, 200]);
      expect(connections).toBeGreaterThanOrEqual(6);
    } finally {
      await serial.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => closer.close(resolve));
    }
  });
});
