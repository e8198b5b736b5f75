import { rootCertificates } from 'node:tls';
import { Agent, type Dispatcher } from 'undici';
import { createConnector } from './connector.js';
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
   * closed after it (`Connection: close`), as the lesson's urlopen does — every request pays its handshake.
   */
  connections: ConnectionReuse;
}

export type ConnectionReuse = 'reuse' | 'fresh';

/** The connection pool of one run. */
export interface RunPool {
  dispatcher: Dispatcher;
  /**
   * Ends the pool and every connection it opened, at once. Called when the run is over: every request
   * has its result by then, and a connection still being opened for a request that gave up waiting (its
   * deadline passed) must not keep the process, or the next run, waiting for it.
   */
  destroy(): Promise<void>;
}

/**
 * A fresh connection pool for one run, so no run starts on connections another one warmed. Connections
 * per origin are capped at what the mode can use (`connectionsPerOrigin`: 1 for the serial loop, the
 * concurrency for the concurrent fetcher): undici releases a connection a moment after the body's last
 * byte is delivered, and without the cap the next request would open a new connection instead of waiting
 * that moment, so a serial loop would pay for handshakes a real one does not (seen: every other request on
 * a fresh socket). undici's own header and body timeouts are off: the whole-request deadline in fetchOne is
 * the only clock, because bodyTimeout bounds just the gap between chunks and a dripping server would slip
 * past it. Connections are opened by connector.ts, which times them and tunnels through proxies.
 */
export function createRunPool(options: ConnectionOptions, connectionsPerOrigin: number): RunPool {
  const { proxy } = options;
  const connector = createConnector({
    connectTimeoutMs: options.connectTimeoutMs,
    tls: {
      rejectUnauthorized: !options.insecure,
      // Node's `ca` replaces its bundled roots; an extra CA must be added to them, not swapped in.
      ...(options.extraCaPem.length > 0 && { ca: [...rootCertificates, ...options.extraCaPem] }),
    },
    tunnelFor: (target) => (proxy === null ? null : proxyFor(target, proxy)),
  });
  const agent = new Agent({
    connections: connectionsPerOrigin,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: connector.connect,
  });
  const interceptors = [
    ...(proxy === null ? [] : [absoluteFormThrough(proxy)]),
    ...(options.connections === 'fresh' ? [closeAfterEach] : []),
  ];
  const dispatcher = interceptors.length === 0 ? agent : agent.compose(interceptors);
  return {
    dispatcher,
    destroy: async () => {
      connector.destroyAll();
      await agent.destroy();
    },
  };
}

/** undici's `reset`: the request asks for `Connection: close`, and its connection is not used again. */
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
