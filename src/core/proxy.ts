import { BlockList, isIP } from 'node:net';

/**
 * The proxies a session uses, as the CLI read them from the environment (curl's variables and order of
 * precedence: see cli/inputs.ts proxyFromEnv). Only http:// proxies: corofetch speaks plain HTTP to them.
 */
export interface ProxySettings {
  /** For http:// targets (http_proxy, or all_proxy). */
  http: URL | null;
  /** For https:// targets (https_proxy, or all_proxy). */
  https: URL | null;
  /** Hosts reached directly (no_proxy). */
  noProxy: NoProxy;
}

/** A parsed NO_PROXY list. */
export interface NoProxy {
  /** `*`: no target uses a proxy. */
  all: boolean;
  entries: NoProxyEntry[];
}

type NoProxyEntry =
  { kind: 'name'; name: string; port: number | null } | { kind: 'address'; list: BlockList; port: number | null };

/**
 * NO_PROXY as curl reads it (lib/noproxy.c): entries separated by commas or blanks; `*` alone exempts
 * everything; a name matches itself and its subdomains (`example.com` and `.example.com` both match
 * www.example.com, not nonexample.com), case-insensitively, trailing dots ignored; an IP address or a
 * CIDR range (`10.0.0.0/8`, `::1/128`) matches addresses in it. `host:port` limits an entry to that port,
 * as Go's and Python's readers allow (curl ignores such entries).
 */
export function parseNoProxy(text: string): NoProxy {
  const tokens = text.split(/[\s,]+/).filter((token) => token !== '');
  if (tokens.length === 1 && tokens[0] === '*') return { all: true, entries: [] };
  const entries: NoProxyEntry[] = [];
  for (const token of tokens) {
    const entry = parseEntry(token);
    if (entry !== null) entries.push(entry);
  }
  return { all: false, entries };
}

function parseEntry(token: string): NoProxyEntry | null {
  const { host, port } = splitPort(token);
  const [address, bits] = host.split('/') as [string, string | undefined];
  const family = isIP(address);
  if (family !== 0) {
    const list = new BlockList();
    const type = family === 4 ? 'ipv4' : 'ipv6';
    const prefix = bits === undefined ? (family === 4 ? 32 : 128) : Number(bits);
    if (!Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return null;
    list.addSubnet(address, prefix, type);
    return { kind: 'address', list, port };
  }
  const name = host.toLowerCase().replace(/^\./, '').replace(/\.$/, '');
  return name === '' ? null : { kind: 'name', name, port };
}

/** `host:port`, `[v6]:port`, or a bare host; a bare IPv6 address has colons and no port. */
function splitPort(token: string): { host: string; port: number | null } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(token);
  if (bracketed !== null)
    return { host: bracketed[1]!, port: bracketed[2] === undefined ? null : Number(bracketed[2]) };
  const colon = token.lastIndexOf(':');
  if (colon === -1 || token.indexOf(':') !== colon || !/^\d+$/.test(token.slice(colon + 1))) {
    return { host: token, port: null };
  }
  return { host: token.slice(0, colon), port: Number(token.slice(colon + 1)) };
}

const DEFAULT_PORTS: Record<string, number> = { 'http:': 80, 'https:': 443 };

/** The proxy a request to `target` goes through, or null to connect directly. */
export function proxyFor(target: URL, settings: ProxySettings): URL | null {
  const proxy = target.protocol === 'https:' ? settings.https : settings.http;
  if (proxy === null || isExempt(target, settings.noProxy)) return null;
  return proxy;
}

function isExempt(target: URL, noProxy: NoProxy): boolean {
  if (noProxy.all) return true;
  const host = target.hostname
    .replace(/^\[|\]$/g, '')
    .toLowerCase()
    .replace(/\.$/, '');
  const port = target.port === '' ? (DEFAULT_PORTS[target.protocol] ?? 0) : Number(target.port);
  const family = isIP(host);
  return noProxy.entries.some((entry) => {
    if (entry.port !== null && entry.port !== port) return false;
    if (entry.kind === 'address') return family !== 0 && entry.list.check(host, family === 4 ? 'ipv4' : 'ipv6');
    return family === 0 && (host === entry.name || host.endsWith(`.${entry.name}`));
  });
}

/** The Proxy-Authorization header for a proxy URL with user:password, or null. */
export function proxyAuthorization(proxy: URL): string | null {
  if (proxy.username === '' && proxy.password === '') return null;
  const credentials = `${safeDecode(proxy.username)}:${safeDecode(proxy.password)}`;
  return `Basic ${Buffer.from(credentials).toString('base64')}`;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
