import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { createConnector } from './connector.js';
import { OriginPool, type WireProtocol } from './origin-pool.js';
import { addressFor, type Route } from './routes.js';
import { proxyAuthorization, proxyFor, type ProxySettings } from './proxy.js';

/** How connections are opened; fixed for the session. */
export interface ConnectionOptions {
  /** Deadline for opening a connection: DNS, TCP, a proxy's tunnel and TLS. */
  connectTimeoutMs: number;
  /** Skip TLS certificate verification (--insecure). */
  insecure: boolean;
  /** Extra trusted CA certificates in PEM (--ca), on top of Node's bundled roots. */
  extraCaPem: readonly string[];
  /** Proxies from the environment (read by the CLI); null when none is set. */
  proxy: ProxySettings | null;
  /**
   * `reuse`: keep-alive, as browsers and HTTP libraries do. `fresh`: a new connection for every request,
   * closed after it, as the lesson's urlopen does — every request pays its handshake.
   */
  connections: ConnectionReuse;
  /**
   * `auto`: offer HTTP/2 by ALPN on https, as curl and browsers do; HTTP/1.1 on http. `http1`: never
   * HTTP/2. `http2`: HTTP/2 on https too, and by prior knowledge on http (curl's --http2-prior-knowledge).
   */
  protocol: HttpProtocol;
  /** --resolve and --connect-to, in the order given. */
  routes: readonly Route[];
}

export type ConnectionReuse = 'reuse' | 'fresh';
export type HttpProtocol = 'auto' | 'http1' | 'http2';

/**
 * The largest response header block accepted: curl's (MAX_HTTP_RESP_HEADER_SIZE, 300 KiB), where undici's
 * default (Node's 16 KiB) refuses the large cookies and policies real sites send.
 */
export const MAX_HEADER_BYTES = 300 * 1024;

/** The connection pool of one run. */
export interface RunPool {
  dispatcher: Dispatcher;
  /** Connections the run opened so far (a tunnel through a proxy counts once). */
  connectionsOpened(): number;
  /**
   * Ends the pool and every connection it opened, at once. Called when the run is over: every request
   * has its result by then, and a connection still being opened for a request that gave up waiting (its
   * deadline passed) must not keep the process, or the next run, waiting for it.
   */
  destroy(): Promise<void>;
}

/**
 * A fresh connection pool for one run, so no run starts on connections another one warmed. Per origin an
 * OriginPool shares connections as curl and browsers do (see origin-pool.ts): at most `slots` at a time (1
 * for the serial loop, the concurrency for the concurrent fetcher), or one HTTP/2 connection carrying that
 * many streams. undici's own header and body timeouts are off: the whole-request deadline in fetchOne is
 * the only clock, because bodyTimeout bounds just the gap between chunks and a dripping server would slip
 * past it. Connections are opened by connector.ts, which times them, tunnels through proxies and says
 * which protocol each one settled on.
 */
const contexts = new Map<string, SecureContext>();

/**
 * Node's bundled roots plus the --ca certificates, built once: given as `ca`, Node would parse every root
 * again for each connection (about 20 ms of CPU, which would count as connect time). Node's `ca` replaces
 * its roots, so an extra CA is added to them, not swapped in.
 */
function trustingAlso(extraCaPem: readonly string[]): SecureContext {
  const key = extraCaPem.join('\n');
  let context = contexts.get(key);
  if (context === undefined) {
    context = createSecureContext({ ca: [...rootCertificates, ...extraCaPem] });
    contexts.set(key, context);
  }
  return context;
}

export function createRunPool(options: ConnectionOptions, slots: number): RunPool {
  const { proxy } = options;
  const pools = new Map<string, OriginPool>();
  const connector = createConnector({
    connectTimeoutMs: options.connectTimeoutMs,
    tls: {
      rejectUnauthorized: !options.insecure,
      ...(options.extraCaPem.length > 0 && { secureContext: trustingAlso(options.extraCaPem) }),
    },
    tunnelFor: (target) => (proxy === null ? null : proxyFor(target, proxy)),
    offerH2: options.protocol !== 'http1',
    h2PriorKnowledge: options.protocol === 'http2',
    addressFor: (hostname, port) => addressFor(options.routes, hostname, port),
    onOpen: (origin, protocol) => pools.get(origin)?.learned(protocol),
  });
  const client = {
    headersTimeout: 0,
    bodyTimeout: 0,
    maxHeaderSize: MAX_HEADER_BYTES,
    connect: connector.connect,
  };
  const agent = new Agent({
    factory: (origin) => {
      const key = new URL(String(origin)).origin;
      const pool = new OriginPool(key, {
        slots,
        connections: options.connections,
        known: knownProtocol(key, options.protocol),
        client,
      });
      pools.set(key, pool);
      return pool;
    },
  });
  const interceptors = [
    ...(proxy === null ? [] : [absoluteFormThrough(proxy)]),
    ...(options.connections === 'fresh' ? [closeAfterEach] : []),
  ];
  const dispatcher = interceptors.length === 0 ? agent : agent.compose(interceptors);
  return {
    dispatcher,
    connectionsOpened: connector.opened,
    destroy: async () => {
      // Connections still being opened first (nobody else has them; a black hole must not hold the run),
      // then undici's clients, which close their own sockets (an HTTP/2 session reads its socket as it
      // closes, and throws if the socket is already gone), then anything left.
      connector.abandonPending();
      await agent.destroy();
      connector.destroyAll();
    },
  };
}

/** What an origin speaks before any connection says: plain http is HTTP/1.1, or h2c when HTTP/2 is asked for. */
function knownProtocol(origin: string, protocol: HttpProtocol): WireProtocol | null {
  if (protocol === 'http1') return 'h1';
  if (origin.startsWith('http:')) return protocol === 'http2' ? 'h2' : 'h1';
  return null;
}

/** undici's `reset` under HTTP/1.1: the request asks for `Connection: close`, and its connection is not used again. */
const closeAfterEach: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) =>
  dispatch({ ...opts, reset: true }, handler);

/**
 * Sends plain-http requests that have a proxy to that proxy, in absolute form (GET http://host/path
 * HTTP/1.1, RFC 9112 §3.2.2), as curl, wget and Python's requests do: many forward proxies refuse
 * CONNECT to any port but 443. The pool then keeps connections to the proxy, as those clients do.
 */
function absoluteFormThrough(proxy: ProxySettings): Dispatcher.DispatcherComposeInterceptor {
  return (dispatch) => (opts, handler) => {
    const origin = new URL(String(opts.origin));
    const via = origin.protocol === 'http:' ? proxyFor(origin, proxy) : null;
    if (via === null) return dispatch(opts, handler);
    const auth = proxyAuthorization(via);
    const given = (opts.headers as string[] | undefined) ?? [];
    // A Host given with -H stands; otherwise the target's, which the origin (now the proxy's) no longer says.
    const hasHost = given.some((value, i) => i % 2 === 0 && value.toLowerCase() === 'host');
    const headers = hasHost ? [...given] : [...given, 'host', origin.host];
    if (auth !== null) headers.push('proxy-authorization', auth);
    return dispatch({ ...opts, origin: via.origin, path: `${origin.origin}${opts.path}`, headers }, handler);
  };
}
