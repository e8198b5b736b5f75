import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher, EnvHttpProxyAgent } from 'undici';
import { timeConnections } from './phases.js';

/** How connections are opened; fixed for the session. */
export interface ConnectionOptions {
  /** Deadline for opening a connection (TCP, and TLS on https). */
  connectTimeoutMs: number;
  /** Skip TLS certificate verification (--insecure). */
  insecure: boolean;
  /** Extra trusted CA certificates in PEM (--ca), on top of Node's bundled roots. */
  extraCaPem: readonly string[];
  /** Proxies from HTTP_PROXY, HTTPS_PROXY and NO_PROXY (read by the CLI); null when none is set. */
  proxy: ProxySettings | null;
}

export interface ProxySettings {
  httpProxy?: string;
  httpsProxy?: string;
  noProxy?: string;
}

/**
 * A fresh connection pool for one run, so no run starts on connections another one warmed. Connections
 * per origin are capped at what the mode can use (`connectionsPerOrigin`: 1 for the serial loop, the
 * concurrency for the concurrent fetcher): undici releases a connection a moment after the body's last
 * byte is delivered, and without the cap the next request would open a new connection instead of waiting
 * that moment, so a serial loop would pay for handshakes a real one does not (seen: every other request on
 * a fresh socket). undici's own header and body timeouts are off: the whole-request deadline in fetchOne is
 * the only clock, because bodyTimeout bounds just the gap between chunks and a dripping server would slip
 * past it. The connector is undici's own, wrapped to time DNS, TCP and TLS (phases.ts).
 */
export function createDispatcher(options: ConnectionOptions, connectionsPerOrigin: number): Dispatcher {
  const tls = {
    timeout: options.connectTimeoutMs,
    rejectUnauthorized: !options.insecure,
    // Node's `ca` replaces its bundled roots; an extra CA must be added to them, not swapped in.
    ...(options.extraCaPem.length > 0 && { ca: [...rootCertificates, ...options.extraCaPem] }),
  };
  const agentOptions = {
    connections: connectionsPerOrigin,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: timeConnections(buildConnector(tls)),
  };
  if (options.proxy === null) return new Agent(agentOptions);
  // undici's own env-proxy agent, as curl users expect. Plain-http targets go to the proxy in absolute form
  // (GET http://host/path), as curl, wget and requests send them: many forward proxies refuse CONNECT to any
  // port but 443. https targets are tunnelled with CONNECT. Connections through a proxy are opened by
  // undici's proxy connector, so their DNS/connect/TLS phases are not observed (null).
  return new EnvHttpProxyAgent({
    ...agentOptions,
    ...options.proxy,
    proxyTunnel: false,
    requestTls: tls,
    proxyTls: tls,
  });
}
