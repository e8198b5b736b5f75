import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import {
  createSecureServer,
  createServer as createH2cServer,
  type Http2ServerRequest,
  type Http2ServerResponse,
} from 'node:http2';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Server, Socket } from 'node:net';
import { parsePageQuery, type PageSpec } from './page-query.js';

export interface FixtureServerOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** HTTPS with the certificate in fixtures/tls (127.0.0.1 and localhost, signed by its ca.pem). */
  tls?: boolean;
  /** HTTP/2: with tls, offered by ALPN beside HTTP/1.1 (as nginx's `http2 on`); without, h2c by prior knowledge only. */
  http2?: boolean;
  /**
   * Serve at most this many /page requests at once; the others wait in arrival order, and a page's delay
   * starts when its turn comes: a server with K workers, whose knee a sweep should find at K. null: no limit.
   */
  maxInFlight?: number | null;
}

/** The CA that signed the fixture server's certificate, for --ca (shipped in the package with the certificate). */
export const FIXTURE_CA_FILE = new URL('../../fixtures/tls/ca.pem', import.meta.url).pathname;
const CERTIFICATE = {
  cert: new URL('../../fixtures/tls/server.pem', import.meta.url),
  key: new URL('../../fixtures/tls/server-key.pem', import.meta.url),
};

export interface FixtureServer {
  /** Base URL with a trailing slash, e.g. http://127.0.0.1:8750/ (https: with tls). */
  url: string;
  port: number;
  /** Stops listening, drops open connections and cancels pending delays. */
  close(): Promise<void>;
}

// One shared block, sliced for the tail: serving a page allocates nothing per byte. 1 MiB, not 64 KiB: with
// 64 KiB writes the server topped out near 1.6 GB/s on a 1 GiB page (curl as client), with 1 MiB near 3.8.
const BLOCK = Buffer.alloc(1024 * 1024, 'corofetch fixture page\n');

/** What GET /stats reports: how many /page requests were served, and how many were open at once. */
export interface PageStats {
  requests: number;
  inFlight: number;
  /** The most /page requests open at the same time since the start or the last reset. */
  peakInFlight: number;
}

/**
 * Serves GET /page?bytes=N&delay=MS&status=CODE: after MS ms, status CODE with exactly N bytes. GET /stats
 * tells how many pages were served and the peak in flight, so a client's concurrency can be checked from
 * the server's side; GET /stats?reset=1 returns them and starts counting again.
 */
export async function startFixtureServer(options: FixtureServerOptions = {}): Promise<FixtureServer> {
  const host = options.host ?? '127.0.0.1';
  const stats: PageStats = { requests: 0, inFlight: 0, peakInFlight: 0 };
  const slots = new Slots(options.maxInFlight ?? null);
  const server = createListener(options, (req, res) => handle(req, res, stats, slots));
  // Every connection, to end them all at close (an HTTP/2 server has no closeAllConnections).
  const sockets = new Set<Socket>();
  server.on(options.tls === true ? 'secureConnection' : 'connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
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
    url: `${options.tls === true ? 'https' : 'http'}://${hostInUrl}:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

type Request = IncomingMessage | Http2ServerRequest;
type Response = ServerResponse | Http2ServerResponse;

/** HTTP/1.1, HTTPS, HTTPS with HTTP/2 beside HTTP/1.1, or h2c: one handler for all (node:http2's compatibility API). */
function createListener(options: FixtureServerOptions, handler: (req: Request, res: Response) => void): Server {
  const tls =
    options.tls === true ? { cert: readFileSync(CERTIFICATE.cert), key: readFileSync(CERTIFICATE.key) } : null;
  if (options.http2 === true) {
    return tls === null ? createH2cServer(handler) : createSecureServer({ ...tls, allowHTTP1: true }, handler);
  }
  return tls === null ? createServer(handler) : createHttpsServer(tls, handler);
}

function handle(req: Request, res: Response, stats: PageStats, slots: Slots): void {
  const { pathname, searchParams } = new URL(req.url ?? '/', 'http://fixture');
  if (pathname === '/stats') return sendStats(res, stats, searchParams.get('reset') === '1');
  if (pathname !== '/page') return sendText(res, 404, 'not found: try GET /page?bytes=1024&delay=0&status=200\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'only GET and HEAD\n');
  const spec = parsePageQuery(searchParams);
  if (typeof spec === 'string') return sendText(res, 400, `${spec}\n`);

  stats.requests += 1;
  let timer: NodeJS.Timeout | undefined;
  let served = false;
  const release = slots.take(() => {
    served = true;
    stats.inFlight += 1;
    stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
    // setTimeout waits at least 1 ms, which made every 0-delay page take ~1.6 ms and a serial run of a
    // million of them 40 minutes.
    if (spec.delayMs === 0) sendPage(req, res, spec);
    else timer = setTimeout(() => sendPage(req, res, spec), spec.delayMs);
  });
  // A client that gives up must not leave a timer holding the server open, nor its slot taken.
  res.once('close', () => {
    clearTimeout(timer);
    if (served) stats.inFlight -= 1;
    release();
  });
}

/** At most `limit` holders at once, the rest waiting in arrival order; no limit when null. */
class Slots {
  private busy = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number | null) {}

  /** Runs `start` when a slot is free (at once if one is); the function returned gives the slot back. */
  take(start: () => void): () => void {
    let state: 'waiting' | 'holding' | 'done' = 'waiting';
    const begin = (): void => {
      state = 'holding';
      this.busy += 1;
      start();
    };
    if (this.limit === null || this.busy < this.limit) begin();
    else this.waiting.push(() => (state === 'waiting' ? begin() : this.next()));
    return () => {
      if (state === 'holding') {
        this.busy -= 1;
        this.next();
      }
      state = 'done';
    };
  }

  private next(): void {
    if (this.limit !== null && this.busy >= this.limit) return;
    this.waiting.shift()?.();
  }
}

function sendStats(res: Response, stats: PageStats, reset: boolean): void {
  const body = `${JSON.stringify(stats)}\n`;
  if (reset) Object.assign(stats, { requests: 0, peakInFlight: stats.inFlight });
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    'cache-control': 'no-store',
  });
  res.end(body);
}

function sendPage(req: Request, res: Response, spec: PageSpec): void {
  res.writeHead(spec.status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': spec.bytes,
    'cache-control': 'no-store',
  });
  if (req.method === 'HEAD') return void res.end();
  // Both responses are writable streams; TypeScript cannot unite their overloaded write signatures.
  const out = res as ServerResponse;
  let left = spec.bytes;
  const pump = (): void => {
    while (left > 0) {
      const size = Math.min(left, BLOCK.length);
      left -= size;
      if (!out.write(size === BLOCK.length ? BLOCK : BLOCK.subarray(0, size))) {
        out.once('drain', pump);
        return;
      }
    }
    res.end();
  };
  pump();
}

function sendText(res: Response, status: number, body: string): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}
