import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Answers 200 "ok" and remembers every request's headers, so a test can tell what was (not) sent. */
export async function startRecordingServer(): Promise<TestServer & { requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    requests.push(req.headers);
    res.end('ok');
  });
  return { ...(await listen(server)), requests };
}

/** A URL on which nothing listens: a port that was just bound and released. */
export async function refusedUrl(): Promise<string> {
  const server = await listen(createServer());
  await server.close();
  return server.url;
}

/** Answers every request after `delayMs`, which a test may change between runs (the URL stays the same). */
export async function startAdjustableServer(delayMs: number): Promise<TestServer & { delayMs: number }> {
  const state = { delayMs };
  const server = createServer((_req, res) => {
    const timer = setTimeout(() => res.end('steady body'), state.delayMs);
    res.once('close', () => clearTimeout(timer));
  });
  const listening = await listen(server);
  return Object.defineProperty({ ...listening, delayMs }, 'delayMs', {
    get: () => state.delayMs,
    set: (value: number) => (state.delayMs = value),
  });
}
