import { isIP } from 'node:net';
import { shown, UsageError } from './errors.js';

/**
 * Where connections for a host and port really go, as curl's --resolve and --connect-to say: the URL,
 * the Host header and TLS (SNI, the certificate's name) keep the URL's host; only the socket goes elsewhere.
 */
export interface Route {
  /** The flag it came from, for the report. */
  flag: '--resolve' | '--connect-to';
  /** The text given, as given. */
  text: string;
  /** Lower-case host name or bare IP address; null matches any host. */
  host: string | null;
  /** null matches any port. */
  port: number | null;
  /** Where to connect instead: null keeps the URL's host (or port). */
  toHost: string | null;
  toPort: number | null;
}

/**
 * `--resolve host:port:address[,address…]` (curl's syntax): connections to host:port go to the address,
 * without a DNS lookup. `*` as the host matches every host. curl tries further addresses when the first
 * fails; corofetch connects to the first.
 */
export function parseResolve(text: string): Route {
  const usage = `--resolve must be host:port:address (e.g. example.com:443:127.0.0.1), got ${shown(text)}`;
  if (text.startsWith('-') || text.startsWith('+')) {
    throw new UsageError(`--resolve ${shown(text)}: curl's +/- prefixes (timed and removed entries) are not supported`);
  }
  const [host, port, addresses] = splitHostPort(text, 3, usage);
  const address = unbracket(addresses!.split(',')[0]!.trim());
  if (isIP(address) === 0) throw new UsageError(`--resolve ${shown(text)}: ${shown(address)} is not an IP address`);
  return {
    flag: '--resolve',
    text,
    host: host === '*' ? null : hostOf(host!, usage),
    port: portOf(port!, usage),
    toHost: address,
    toPort: null,
  };
}

/**
 * `--connect-to HOST1:PORT1:HOST2:PORT2` (curl's syntax): connections to HOST1:PORT1 go to HOST2:PORT2. An
 * empty HOST1 or PORT1 matches any; an empty HOST2 or PORT2 keeps the URL's.
 */
export function parseConnectTo(text: string): Route {
  const usage = `--connect-to must be HOST1:PORT1:HOST2:PORT2 (e.g. example.com:443:staging.internal:8443; an empty part matches any, or keeps the URL's), got ${shown(text)}`;
  const [host, port, toHost, toPort] = splitHostPort(text, 4, usage);
  return {
    flag: '--connect-to',
    text,
    host: host === '' ? null : hostOf(host!, usage),
    port: port === '' ? null : portOf(port!, usage),
    toHost: toHost === '' ? null : hostOf(toHost!, usage),
    toPort: toPort === '' ? null : portOf(toPort!, usage),
  };
}

/**
 * Where a direct connection to hostname:port goes, as curl applies them: the first --connect-to that
 * matches picks the host and port to connect to, then the first --resolve that matches those gives the
 * address. Null when none matches.
 */
export function addressFor(
  routes: readonly Route[],
  hostname: string,
  port: number,
): { host: string; port: number } | null {
  const matches = (flag: Route['flag'], host: string, p: number): Route | undefined =>
    routes.find((r) => r.flag === flag && (r.host === null || r.host === host) && (r.port === null || r.port === p));
  let host = unbracket(hostname).toLowerCase();
  let to = port;
  const connectTo = matches('--connect-to', host, to);
  if (connectTo !== undefined) {
    host = connectTo.toHost ?? host;
    to = connectTo.toPort ?? to;
  }
  const resolve = matches('--resolve', host, to);
  if (connectTo === undefined && resolve === undefined) return null;
  return { host: resolve?.toHost ?? host, port: to };
}

/** Splits on colons outside [brackets] (an IPv6 address); exactly `parts` parts, or a usage error. */
function splitHostPort(text: string, parts: number, usage: string): string[] {
  const found: string[] = [];
  let current = '';
  let inBrackets = false;
  for (const ch of text) {
    if (ch === '[') inBrackets = true;
    if (ch === ']') inBrackets = false;
    if (ch === ':' && !inBrackets && found.length < parts - 1) {
      found.push(current);
      current = '';
    } else current += ch;
  }
  found.push(current);
  if (found.length !== parts) throw new UsageError(usage);
  return found;
}

function hostOf(text: string, usage: string): string {
  const host = unbracket(text.trim()).toLowerCase();
  if (host === '' || /[\s/?#@]/.test(host)) throw new UsageError(usage);
  return host;
}

function portOf(text: string, usage: string): number {
  const port = /^\d{1,5}$/.test(text) ? Number(text) : Number.NaN;
  if (!(port >= 1 && port <= 65_535)) throw new UsageError(usage);
  return port;
}

function unbracket(text: string): string {
  return text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
}
