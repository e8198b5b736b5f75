import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parsePageQuery, type PageSpec } from './page-query.js';

export interface FixtureServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
}

export interface FixtureServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:8750/ */
  url: string;
  port: number;
  /** Stops listening, drops open connections and cancels pending delays. */
  close(): Promise<void>;
}

// One shared block, sliced for the tail: serving a page allocates nothing per byte.
const BLOCK = Buffer.alloc(64 * 1024, 'corofetch fixture page\n');

/** Serves GET /page?bytes=N&delay=MS&status=CODE: after MS ms, status CODE with exactly N bytes. */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const server = createServer(handle);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0, backlog: 1024 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${hostInUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function handle(req: IncomingMessage, res: ServerResponse): void {
  const { pathname, searchParams } = new URL(req.url ?? '/', 'http://fixture');
  if (pathname !== '/page') return sendText(res, 404, 'not found: try GET /page?bytes=1024&delay=0&status=200\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'only GET and HEAD\n');
  const spec = parsePageQuery(searchParams);
  if (typeof spec === 'string') return sendText(res, 400, `${spec}\n`);

  const timer = setTimeout(() => sendPage(req, res, spec), spec.delayMs);
  // A client that gives up must not leave a timer holding the server open.
  res.once('close', () => clearTimeout(timer));
}

function sendPage(req: IncomingMessage, res: ServerResponse, spec: PageSpec): void {
  res.writeHead(spec.status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': spec.bytes,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  let left = spec.bytes;
  const pump = (): void => {
    while (left > 0) {
      const size = Math.min(left, BLOCK.length);
      left -= size;
      if (!res.write(size === BLOCK.length ? BLOCK : BLOCK.subarray(0, size))) {
        res.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function sendText(res: ServerResponse, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
