import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'undici';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/server.js';
import { DEMO_SITES, demoUrlList } from '../../src/fixture-server/demo.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer({ port: 0 });
});
afterAll(() => server.close());

async function get(path: string) {
  const res = await request(`${server.url}${path}`);
  return { status: res.statusCode, headers: res.headers, body: await res.body.text() };
}

describe('fixture server', () => {
  it('listens on loopback and reports its base URL', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  it('serves exactly the bytes asked for, with a Content-Length', async () => {
    const page = await get('page?bytes=70000');
    expect(page.status).toBe(200);
    expect(page.headers['content-length']).toBe('70000');
    expect(page.body.length).toBe(70_000);
  });

  it('serves 1024 bytes with status 200 by default', async () => {
    const page = await get('page');
    expect([page.status, page.body.length]).toEqual([200, 1024]);
  });

  it('answers with the status asked for', async () => {
    expect((await get('page?status=503&bytes=3')).status).toBe(503);
  });

  it('explains a bad query with 400 and an unknown path with 404', async () => {
    const bad = await get('page?delay=soon');
    expect(bad.status).toBe(400);
    expect(bad.body).toMatch(/delay must be a whole number/);
    expect((await get('nope')).status).toBe(404);
  });

  it('waits the delay before answering', async () => {
    const started = performance.now();
    await get('page?delay=250');
    expect(performance.now() - started).toBeGreaterThanOrEqual(245);
  });

  it('serves hundreds of delayed requests at once without queueing them', async () => {
    const started = performance.now();
    const pages = await Promise.all(Array.from({ length: 300 }, () => get('page?delay=500&bytes=2000')));
    expect(pages.every((p) => p.status === 200 && p.body.length === 2000)).toBe(true);
    // Serially this would be 150 s; anything near one delay means the server did not serialise them.
    expect(performance.now() - started).toBeLessThan(3_000);
  });

  it('counts pages served and the peak in flight, and resets on request', async () => {
    await get('stats?reset=1');
    await Promise.all(Array.from({ length: 7 }, () => get('page?delay=200&bytes=1')));
    const stats = JSON.parse((await get('stats?reset=1')).body) as Record<string, number>;
    expect(stats).toEqual({ requests: 7, inFlight: 0, peakInFlight: 7 });
    expect(JSON.parse((await get('stats')).body)).toEqual({ requests: 0, inFlight: 0, peakInFlight: 0 });
  });

  it('closes promptly even with a long delay pending', async () => {
    const other = await startFixtureServer();
    const pending = request(`${other.url}page?delay=60000`).catch((err: Error) => err);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const started = performance.now();
    await other.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(await pending).toBeInstanceOf(Error);
  });

  it('gives the demo three pages shaped like the gevent lesson’s sites', () => {
    const lines = demoUrlList(server.url).trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(DEMO_SITES.map((s) => s.delayMs)).toEqual([300, 500, 800]);
    expect(lines[0]).toBe(`${server.url}page?site=python.org&bytes=50000&delay=300`);
  });
});

describe('fixture server --max-in-flight (issue 16)', () => {
  it('serves at most K pages at once, the rest in turn, and a client that leaves gives its turn up', async () => {
    const limited = await startFixtureServer({ port: 0, maxInFlight: 2 });
    try {
      const { Agent } = await import('undici');
      const agent = new Agent({ connections: 10 });
      const started = performance.now();
      const pages = Array.from({ length: 6 }, (_, i) =>
        request(`${limited.url}page?delay=100&i=${i}`, { dispatcher: agent }).then((res) => res.body.text()),
      );
      // One that gives up while it waits for a turn: it must neither be served nor hold a slot.
      const leaving = new AbortController();
      const left = request(`${limited.url}page?delay=100&i=left`, { dispatcher: agent, signal: leaving.signal }).catch(
        () => 'left',
      );
      setTimeout(() => leaving.abort(), 50);
      await Promise.all(pages);
      const elapsed = performance.now() - started;
      expect(await left).toBe('left');
      const stats = JSON.parse(await (await request(`${limited.url}stats`)).body.text()) as { peakInFlight: number };
      expect(stats.peakInFlight).toBe(2);
      // Six pages two at a time: three turns of 100 ms.
      expect(elapsed).toBeGreaterThanOrEqual(290);
      await agent.close();
    } finally {
      await limited.close();
    }
  });
});
