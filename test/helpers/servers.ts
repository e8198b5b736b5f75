import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';

/**
 * Servers that misbehave on purpose, each on 127.0.0.1 port 0 (after curl's test servers, autocannon's
 * test/helper.js and undici's test/utils/redirecting-servers.js). close() also ends open connections, so
 * nothing outlives its test.
 */
export interface TestServer {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server | NetServer, protocol = 'http'): Promise<TestServer> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    // A client that gives up resets the connection; for a misbehaving server that is the expected end.
    socket.on('error', () => undefined);
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${protocol}://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      }),
  };
}

/** An HTTP server with a request handler of the test's own. */
export function startHttpServer(handler: RequestListener): Promise<TestServer> {
  return listen(createServer(handler));
}

/** A TCP server that does what `onData` says with each request it receives. */
export function startRawServer(onData: (socket: Socket) => void): Promise<TestServer> {
  return listen(createNetServer((socket) => socket.once('data', () => onData(socket))));
}

/** Answers 200 "ok" and remembers every request's headers, so a test can tell what was (not) sent. */
export async function startRecordingServer(): Promise<TestServer & { requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = await startHttpServer((req, res) => {
    requests.push(req.headers);
    res.end('ok');
  });
  return { ...server, requests };
}

/** A URL on which nothing listens: a port that was just bound and released. */
export async function refusedUrl(): Promise<string> {
  const server = await startHttpServer(() => undefined);
  await server.close();
  return server.url;
}

/** Answers every request after `delayMs`, which a test may change between runs (the URL stays the same). */
export async function startAdjustableServer(delayMs: number): Promise<TestServer & { delayMs: number }> {
  const state = { delayMs };
  const listening = await startHttpServer((_req, res) => {
    const timer = setTimeout(() => res.end('steady body'), state.delayMs);
    res.once('close', () => clearTimeout(timer));
  });
  return Object.defineProperty({ ...listening, delayMs }, 'delayMs', {
    get: () => state.delayMs,
    set: (value: number) => (state.delayMs = value),
  });
}

export const never = (): void => undefined;

/** Accepts and reads the request, then says nothing at all. */
export const startSilentServer = (): Promise<TestServer> => startRawServer(never);

/** Sends headers for 1000 bytes, then one byte a second, forever. */
export const startDripServer = (): Promise<TestServer> =>
  startRawServer((socket) => {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n');
    const timer = setInterval(() => socket.write('x'), 1000);
    socket.once('close', () => clearInterval(timer));
  });

/** Announces 100 bytes, sends 3 and closes the connection. */
export const startShortBodyServer = (): Promise<TestServer> =>
  startRawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nabc'));

/** Resets the connection (RST) as soon as the request arrives. */
export const startResettingServer = (): Promise<TestServer> => startRawServer((socket) => socket.resetAndDestroy());

/** Answers with something that is not HTTP. */
export const startNotHttpServer = (): Promise<TestServer> =>
  startRawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n'));

/** Closes the connection without a byte of response. */
export const startEmptyReplyServer = (): Promise<TestServer> => startRawServer((socket) => socket.end());

/** A chunked body that never ends, 64 KiB at a time as fast as the client reads. */
export const startEndlessServer = (): Promise<TestServer> =>
  startHttpServer((_req, res) => {
    const block = Buffer.alloc(64 * 1024, 'z');
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const pump = (): void => {
      while (res.write(block)) if (res.destroyed) return;
      res.once('drain', pump);
    };
    pump();
  });

/** Fails the first `failures` requests with `status` (and Retry-After when given), then answers 200. */
export async function startFlakyServer(
  failures: number,
  status: number,
  retryAfter?: string,
): Promise<TestServer & { hits(): number }> {
  let hits = 0;
  const server = await startHttpServer((_req, res) => {
    hits += 1;
    if (hits <= failures) {
      res.writeHead(status, retryAfter === undefined ? {} : { 'retry-after': retryAfter });
      res.end('try later');
    } else {
      res.end('finally');
    }
  });
  return { ...server, hits: () => hits };
}

/**
 * Redirects: /loop → /loop, /chain/N → /chain/N-1 → … → /chain/0 (200), /to-file → file:///etc/passwd,
 * /away → `elsewhere` (another origin); everything else answers 200 with the request's path.
 */
export async function startRedirectingServer(
  elsewhere = 'http://127.0.0.1:1/',
): Promise<TestServer & { requests: IncomingHttpHeaders[] }> {
  const requests: IncomingHttpHeaders[] = [];
  const server = await startHttpServer((req, res) => {
    requests.push(req.headers);
    const path = req.url ?? '/';
    const chain = /^\/chain\/(\d+)$/.exec(path);
    const location =
      path === '/loop'
        ? '/loop'
        : chain !== null && chain[1] !== '0'
          ? `/chain/${Number(chain[1]) - 1}`
          : path === '/to-file'
            ? 'file:///etc/passwd'
            : path === '/away'
              ? elsewhere
              : null;
    if (location === null) return void res.end(`at ${path}`);
    res.writeHead(302, { location });
    res.end('moved');
  });
  return { ...server, requests };
}

/** The fixture server's CA and its certificate for 127.0.0.1 and localhost (fixtures/tls, valid to 2126). */
export const TEST_CA_FILE = new URL('../../fixtures/tls/ca.pem', import.meta.url).pathname;

/** HTTPS with the test certificate, answering 200 "secure". */
export function startTlsServer(): Promise<TestServer> {
  const server = createHttpsServer(
    {
      key: readFileSync(new URL('../../fixtures/tls/server-key.pem', import.meta.url)),
      cert: readFileSync(new URL('../../fixtures/tls/server.pem', import.meta.url)),
    },
    (_req, res) => res.end('secure'),
  );
  return listen(server, 'https');
}

/**
 * A forward proxy: absolute-form requests (GET http://host/…) are fetched for the client, CONNECT is
 * tunnelled. It counts what it carried, so a test can tell the proxy was (not) used.
 */
export async function startForwardProxy(): Promise<TestServer & { used(): number; seen: string[] }> {
  let used = 0;
  const seen: string[] = [];
  const { request: forward } = await import('node:http');
  const { connect } = await import('node:net');
  const server = createServer((req, res) => {
    used += 1;
    seen.push(`${req.method} ${req.url}`);
    const upstream = forward(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket, head: Buffer) => {
    used += 1;
    seen.push(`CONNECT ${req.url}`);
    const [host, port] = (req.url ?? '').split(':');
    const target = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      target.write(head);
      target.pipe(client);
      client.pipe(target);
    });
    target.on('error', () => client.destroy());
    client.on('error', () => target.destroy());
  });
  return { ...(await listen(server)), used: () => used, seen };
}

/** Serves one fixed body with its Content-Length, as a static file server does. */
export const startStaticServer = (body: Buffer): Promise<TestServer> =>
  startHttpServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    res.end(body);
  });

/** A redirect (302 to /done) that carries a body of `bytes` bytes; /done answers 200 "done". */
export const startHeavyRedirectServer = (bytes: number): Promise<TestServer> =>
  startHttpServer((req, res) => {
    if (req.url === '/done') return void res.end('done');
    res.writeHead(302, { location: '/done', 'content-length': bytes });
    res.end(Buffer.alloc(bytes, 'r'));
  });

/**
 * A forward proxy that only forwards absolute-form requests (GET http://host/path) and refuses CONNECT
 * with 501, as many do for any port but 443. It records the request lines it saw.
 */
export async function startAbsoluteOnlyProxy(): Promise<TestServer & { seen: string[] }> {
  const seen: string[] = [];
  const { request: forward } = await import('node:http');
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    const upstream = forward(req.url!, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  server.on('connect', (req, client: Socket) => {
    seen.push(`CONNECT ${req.url}`);
    client.end('HTTP/1.1 501 Not Implemented\r\nContent-Length: 0\r\n\r\n');
  });
  return { ...(await listen(server)), seen };
}

/** A proxy that reads CONNECT (or anything) and never answers. Counts the connections it got. */
export async function startMuteProxy(): Promise<TestServer & { connections(): number }> {
  let connections = 0;
  const server = await startRawServer(() => {
    connections += 1;
  });
  return { ...server, connections: () => connections };
}

/** A proxy that answers every CONNECT with `reply` (a whole HTTP response) and counts how many it got. */
export async function startScriptedProxy(reply: string): Promise<TestServer & { connects(): number }> {
  let connects = 0;
  const server = await startRawServer((socket) => {
    connects += 1;
    socket.write(reply);
  });
  return { ...server, connects: () => connects };
}

/** Answers every request with endless `100 Continue` interim responses and never a final one. */
export const startContinueFloodServer = (): Promise<TestServer> =>
  startRawServer((socket) => {
    const timer = setInterval(() => socket.write('HTTP/1.1 100 Continue\r\n\r\n'), 5);
    socket.once('close', () => clearInterval(timer));
  });

/** Answers a plain GET with `101 Switching Protocols`, which it did not ask for. */
export const startUnaskedUpgradeServer = (): Promise<TestServer> =>
  startRawServer((socket) =>
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n'),
  );

/** Answers with the status line `HTTP/1.1 000 OK`. */
export const startStatusZeroServer = (): Promise<TestServer> =>
  startRawServer((socket) => socket.end('HTTP/1.1 000 OK\r\nContent-Length: 2\r\n\r\nok'));

/**
 * A TCP port whose accept queue is full, so a new connection's SYN is dropped and connect() hangs: a
 * black hole on loopback. Python's listen(0) without accept() does this (Node's servers always accept);
 * the backlog is filled by connections this helper opens and keeps.
 */
export async function startBlackHole(): Promise<TestServer> {
  const { spawn } = await import('node:child_process');
  const { connect } = await import('node:net');
  const child = spawn(
    'python3',
    [
      '-c',
      'import socket,sys,time\ns=socket.socket()\ns.bind(("127.0.0.1",0))\ns.listen(0)\nprint(s.getsockname()[1],flush=True)\ntime.sleep(120)',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('error', reject);
  });
  // Fill the queue: with listen(0), Linux completes a few handshakes before it starts dropping SYNs.
  const fillers: Socket[] = [];
  for (let i = 0; i < 8; i++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    fillers.push(socket);
  }
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
    },
  };
}

/** A proxy that closes every connection as soon as the CONNECT arrives, without a word. Counts them. */
export async function startHangUpProxy(): Promise<TestServer & { connects(): number }> {
  let connects = 0;
  const server = await startRawServer((socket) => {
    connects += 1;
    socket.end();
  });
  return { ...server, connects: () => connects };
}

/**
 * A server with a tiny accept backlog (Python's listen(0)) that answers each connection after 200 ms on a
 * thread of its own: a burst of connections overflows the queue, Linux drops their SYNs, and the client
 * resends them after 1 s — issue 12's CONNECT_STALL, as a server with a small backlog shows it. It kills
 * itself after 120 s, whatever happens to the test.
 */
export async function startSmallBacklogServer(): Promise<TestServer> {
  const { spawn } = await import('node:child_process');
  const script = [
    'import socket,threading,time,sys',
    'threading.Timer(120, lambda: sys.exit(0)).start()',
    's=socket.socket()',
    's.bind(("127.0.0.1",0))',
    's.listen(0)',
    'print(s.getsockname()[1],flush=True)',
    'def answer(c):',
    '  try:',
    '    c.recv(65536); time.sleep(0.2)',
    '    c.sendall(b"HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\nConnection: close\\r\\n\\r\\nok")',
    '  finally:',
    '    c.close()',
    // Accepting slowly keeps the backlog full even when a loaded machine sends the SYNs apart.
    'while True:',
    '  c,_=s.accept()',
    '  threading.Thread(target=answer,args=(c,),daemon=True).start()',
    '  time.sleep(0.05)',
  ].join('\n');
  const child = spawn('python3', ['-c', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('error', reject);
  });
  return { url: `http://127.0.0.1:${port}/`, close: async () => void child.kill('SIGKILL') };
}

/**
 * Keep-alive HTTP/1.1 with Nagle on (setNoDelay(false)), answering after `delayMs` in two small writes —
 * headers, then body — as some servers do. On a reused connection the body waits for the ACK of the
 * headers, which the client delays (~40 ms on Linux); on a new connection the client ACKs at once (quick
 * ACK mode). So requests on a kept-alive connection are slower: issue 12's IDEAL_EXCEEDED.
 */
export function startTwoWriteServer(delayMs = 100): Promise<TestServer> {
  return listen(
    createNetServer((socket) => {
      socket.setNoDelay(false);
      let pending = '';
      socket.on('data', (chunk: Buffer) => {
        pending += chunk.toString('latin1');
        let end: number;
        while ((end = pending.indexOf('\r\n\r\n')) !== -1) {
          pending = pending.slice(end + 4);
          setTimeout(() => {
            if (socket.destroyed) return;
            socket.write('HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n');
            socket.write('x'.repeat(100));
          }, delayMs);
        }
      });
    }),
  );
}

/** An HTTP server that works on one request at a time, each taking `serviceMs`: issue 12's SERVER_SERIALIZES. */
export function startOneAtATimeServer(serviceMs = 100): Promise<TestServer> {
  let queue: Promise<void> = Promise.resolve();
  return startHttpServer((_req, res) => {
    queue = queue.then(
      () =>
        new Promise<void>((done) =>
          setTimeout(() => {
            res.end('x'.repeat(1000));
            done();
          }, serviceMs),
        ),
    );
  });
}

/** An HTTP server that counts the connections it accepted. */
export async function startConnectionCountingServer(): Promise<TestServer & { connections(): number }> {
  let connections = 0;
  const server = createServer((_req, res) => res.end('ok'));
  server.on('connection', () => (connections += 1));
  return { ...(await listen(server)), connections: () => connections };
}
