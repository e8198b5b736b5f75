import { Agent, buildConnector, interceptors, type Dispatcher } from 'undici';
import { timeConnections } from './phases.js';

/** Redirects followed before the 3xx response itself is reported (curl's and browsers' order of size). */
const MAX_REDIRECTIONS = 5;

/**
 * A fresh connection pool for one run, so no run starts on connections another one warmed. Connections
 * per origin are capped at what the mode can use (1 for serial, the concurrency for concurrent): undici
 * releases a connection a moment after the body's last byte is delivered, and without the cap the next
 * request would open a new connection instead of waiting that moment, so a serial loop would pay for
 * handshakes a real one does not (seen: every other request on a fresh socket). undici's own
 * header and body timeouts are off: the whole-request deadline in fetchOne is the only clock, because
 * bodyTimeout bounds just the gap between chunks and a dripping server would slip past it. The connector
 * is undici's own, wrapped to time DNS, TCP and TLS (phases.ts).
 */
export function createDispatcher(connectionsPerOrigin: number): Dispatcher {
  return new Agent({
    connections: connectionsPerOrigin,
    headersTimeout: 0,
    bodyTimeout: 0,
    connect: timeConnections(buildConnector({})),
  }).compose(
    interceptors.redirect({ maxRedirections: MAX_REDIRECTIONS }),
  );
}
