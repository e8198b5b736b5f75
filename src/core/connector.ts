import { connect as connectTcp, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { SecureContext } from 'node:tls';
import { buildConnector } from 'undici';
import { RequestFailure } from './errors.js';
import { type ConnectionTimes, timeConnection } from './phases.js';
import type { WireProtocol } from './origin-pool.js';
import { proxyAuthorization } from './proxy.js';
import { redactUrl } from './redact.js';

type Connector = buildConnector.connector;
type ConnectOptions = buildConnector.Options;

export interface ConnectorOptions {
  /** One deadline over everything it takes to open a connection: DNS, TCP, a proxy's tunnel, TLS. */
  connectTimeoutMs: number;
  /** Node TLS options for https targets (verification, extra CAs). */
  tls: { rejectUnauthorized: boolean; secureContext?: SecureContext };
  /** The proxy an https target's connection is tunnelled through (CONNECT), or null to connect directly. */
  tunnelFor(target: URL): URL | null;
  /** Offer HTTP/2 by ALPN on https (`h2`, then `http/1.1`, as curl and browsers do). */
  offerH2: boolean;
  /** Speak HTTP/2 on plain http at once, without asking (prior knowledge, curl's --http2-prior-knowledge). */
  h2PriorKnowledge: boolean;
  /** Where a direct connection to host:port really goes (--resolve, --connect-to); null: where it says. */
  addressFor(hostname: string, port: number): { host: string; port: number } | null;
  /** Told of every connection opened, with the origin it serves and the protocol it settled on. */
  onOpen(origin: string, protocol: WireProtocol): void;
}

/** Opens the connections of one run, and can end every one of them at once. */
export interface RunConnector {
  connect: Connector;
  /** Destroys the sockets of connections still being opened: nobody has them yet. */
  abandonPending(): void;
  /** Destroys every socket it opened that is still open, a connection still being opened included. */
  destroyAll(): void;
  /** Connections opened so far (a tunnel through a proxy counts once). */
  opened(): number;
}

// The most a proxy may say in answer to CONNECT before the tunnel starts.
const CONNECT_REPLY_LIMIT = 16 * 1024;

/**
 * undici's own connector (TLS session reuse, servername, happy eyeballs) with corofetch's clock on top:
 * undici checks its connect timeout on a ~1 s timer tick (a 300 ms setting fired at ~1,005 ms), and does
 * not cover a proxy's tunnel at all, so its timeout is off and one precise timer covers the whole open.
 * Connections through a proxy are tunnelled here too, so a proxy that never answers, refuses, or answers
 * CONNECT with a body ends with its own code within the deadline, once per connection (not a retry storm).
 */
export function createConnector(options: ConnectorOptions): RunConnector {
  // useH2c (undici 7's prior-knowledge switch for plain sockets) is missing from its typings.
  const settings: buildConnector.BuildOptions & { useH2c: boolean } = {
    ...options.tls,
    timeout: 0,
    allowH2: options.offerH2,
    useH2c: options.h2PriorKnowledge,
  };
  const open = buildConnector(settings);
  const sockets = new Set<Socket>();
  /** Sockets of open connections, handed to undici: its clients close them (an HTTP/2 session must). */
  const handed = new WeakSet<Socket>();
  let opened = 0;
  const track = (socket: Socket): Socket => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    // Whoever owns the socket (undici, the tunnel, TLS) reports its errors; one that comes after they
    // stopped listening (a socket abandoned at a deadline) must not become an uncaught exception.
    socket.on('error', ignore);
    return socket;
  };

  const connect: Connector = (target, callback) => {
    const times: ConnectionTimes = timeConnection();
    let settled = false;
    let current: Socket | null = null;
    /** This connection's sockets: the TCP one, a tunnel's, the TLS one over it. */
    const own: Socket[] = [];
    const settle = (err: Error | null, socket?: Socket): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err === null) {
        opened += 1;
        const protocol: WireProtocol =
          (socket as Socket & { alpnProtocol?: string }).alpnProtocol === 'h2' ? 'h2' : 'h1';
        times.protocol = protocol;
        options.onOpen(new URL(`${target.protocol}//${target.host}`).origin, protocol);
        for (const s of own) handed.add(s);
        return callback(null, socket!);
      }
      current?.destroy();
      callback(err, null);
    };
    const timer = setTimeout(
      () =>
        settle(
          new RequestFailure(
            'CONNECT_TIMEOUT',
            `no connection within ${options.connectTimeoutMs} ms (--connect-timeout)`,
          ),
        ),
      options.connectTimeoutMs,
    );
    // A socket closed before it connected (destroyAll at the end of a run) ends its open and its timer.
    const closedEarly = (): void => settle(new RequestFailure('CONNECT_TIMEOUT', 'the connection was abandoned'));
    const direct = (httpSocket?: Socket): void => {
      // --resolve and --connect-to change where a direct connection goes; TLS still names the URL's host
      // (undici takes the server name from `host`, which stays the URL's).
      const to = httpSocket === undefined ? options.addressFor(target.hostname, portOf(target)) : null;
      const where = to === null ? {} : { hostname: to.host, port: String(to.port) };
      current = track(
        open({ ...target, ...where, ...(httpSocket !== undefined && { httpSocket }) }, (err, socket) =>
          settle(err, socket as Socket),
        ) as unknown as Socket,
      );
      own.push(current);
      current.once('close', closedEarly);
      times.watch(current, httpSocket === undefined);
    };

    const proxy = target.protocol === 'https:' ? options.tunnelFor(targetUrl(target)) : null;
    if (proxy === null) {
      direct();
    } else {
      current = track(tunnel(proxy, target, times, (err, socket) => (err === null ? direct(socket) : settle(err))));
      own.push(current);
    }
    // undici's typings say the connector returns nothing; it returns the socket (phases.ts reads it).
    return current as unknown as void;
  };

  return {
    connect,
    abandonPending: () => {
      for (const socket of sockets) if (!handed.has(socket)) socket.destroy();
    },
    destroyAll: () => {
      for (const socket of sockets) socket.destroy();
      sockets.clear();
    },
    opened: () => opened,
  };
}

function portOf({ protocol, port }: ConnectOptions): number {
  return port === '' || port === undefined ? (protocol === 'https:' ? 443 : 80) : Number(port);
}

function ignore(): void {}

function targetUrl({ protocol, hostname, port }: ConnectOptions): URL {
  const host = hostname.includes(':') && !hostname.startsWith('[') ? `[${hostname}]` : hostname;
  return new URL(`${protocol}//${host}${port === '' || port === undefined ? '' : `:${port}`}`);
}

/**
 * Opens a tunnel to the target through an http:// proxy (RFC 9110 §9.3.6): CONNECT host:port, then a
 * 2xx status line and headers, and nothing more before the tunnel is used.
 */
function tunnel(
  proxy: URL,
  target: ConnectOptions,
  times: ConnectionTimes,
  done: (err: Error | null, socket?: Socket) => void,
): Socket {
  const authority = `${target.hostname.includes(':') ? `[${target.hostname}]` : target.hostname}:${target.port || 443}`;
  const label = redactUrl(proxy);
  const socket = connectTcp({ host: proxy.hostname.replace(/^\[|\]$/g, ''), port: Number(proxy.port || 80) });
  times.watch(socket, false);
  let reply = Buffer.alloc(0);
  const fail = (code: 'PROXY_ERROR' | 'PROXY_AUTH_REQUIRED', message: string): void => {
    cleanup();
    done(new RequestFailure(code, message));
  };
  const onData = (chunk: Buffer): void => {
    reply = Buffer.concat([reply, chunk]);
    const end = reply.indexOf('\r\n\r\n');
    if (end === -1) {
      if (reply.length > CONNECT_REPLY_LIMIT)
        fail('PROXY_ERROR', `the proxy ${label} sent no end to its answer to CONNECT`);
      return;
    }
    const head = reply.subarray(0, end).toString('latin1');
    const status = /^HTTP\/1\.[01] (\d{3})(?: ([^\r\n]*))?/.exec(head);
    if (status === null)
      return fail('PROXY_ERROR', `the proxy ${label} answered CONNECT with something that is not HTTP`);
    const code = Number(status[1]);
    const reason = status[2] === undefined || status[2] === '' ? '' : ` ${status[2].slice(0, 80)}`;
    if (code === 407) {
      return fail(
        'PROXY_AUTH_REQUIRED',
        `the proxy ${label} requires authentication (407${reason}); give user:password in the proxy URL`,
      );
    }
    if (code < 200 || code > 299) {
      return fail('PROXY_ERROR', `the proxy ${label} refused CONNECT to ${authority}: ${code}${reason}`);
    }
    const declaresBody = /\r\n(content-length: *[1-9]|transfer-encoding:)/i.test(head);
    if (declaresBody || reply.length > end + 4) {
      return fail('PROXY_ERROR', `the proxy ${label} answered CONNECT with a body; a tunnel must start empty`);
    }
    cleanup();
    times.connectMs = performance.now();
    done(null, socket);
  };
  const onClose = (): void => fail('PROXY_ERROR', `the proxy ${label} closed the connection before answering CONNECT`);
  const onError = (err: Error): void =>
    fail('PROXY_ERROR', `cannot reach the proxy ${label}: ${(err as NodeJS.ErrnoException).code ?? err.message}`);
  const cleanup = (): void => {
    socket.off('data', onData).off('close', onClose).off('error', onError);
  };
  socket.on('data', onData).once('close', onClose).once('error', onError);
  socket.once('connect', () => {
    const auth = proxyAuthorization(proxy);
    socket.write(
      `CONNECT ${authority} HTTP/1.1\r\nHost: ${authority}\r\n${auth === null ? '' : `Proxy-Authorization: ${auth}\r\n`}\r\n`,
    );
  });
  return socket;
}
