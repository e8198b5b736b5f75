/**
 * Servers the project did not write, as Debian ships them (.ci/run installs nginx-light and nghttp2-server):
 * our own fixture server agrees with our own client too easily. Each listens on a free loopback port with
 * the fixture certificate, in a temp folder of its own, and is killed when closed.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestServer } from './servers.js';

const TLS = fileURLToPath(new URL('../../fixtures/tls/', import.meta.url));
export const CERT = join(TLS, 'server.pem');
export const KEY = join(TLS, 'server-key.pem');

/**
 * Whether a server program is installed. Without it its tests are skipped, except where
 * COROFETCH_REQUIRE_SERVERS is set (.ci/run sets it), so CI cannot pass by skipping them.
 */
export function installed(program: string): boolean {
  if (spawnSync('sh', ['-c', `command -v ${program}`]).status === 0) return true;
  if (process.env.COROFETCH_REQUIRE_SERVERS === '1')
    throw new Error(`${program} is missing but COROFETCH_REQUIRE_SERVERS=1`);
  return false;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Resolves once something accepts TCP connections on the port, or rejects after 10 s. */
async function listening(port: number, child: ChildProcess): Promise<void> {
  const { connect } = await import('node:net');
  const until = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        resolve(true);
      }).once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`nothing listened on ${port} within 10 s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Stops a server and every process it started: SIGTERM, which nginx's master passes on to its workers
 * before it exits (SIGKILL would leave them running, holding the port); SIGKILL after 5 s if it has not.
 */
function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill('SIGTERM');
    });
}

/** The processes whose parent is `pid` (nginx's workers), from /proc. */
export function childrenOf(pid: number): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export interface NginxOptions {
  /** Proxied to (an http:// base URL) for every path but /static/. */
  upstream?: string;
  /** Served under /static/, gzip on for text. */
  root?: string;
}

/**
 * nginx with TLS and `http2` on one port (HTTP/2 by ALPN beside HTTP/1.1, as public sites serve), proxying
 * to the fixture server (so pages keep their delays) and serving a folder with gzip on.
 */
export async function startNginx(folder: string, options: NginxOptions): Promise<TestServer & { pid: number }> {
  const port = await freePort();
  mkdirSync(join(folder, 'temp'), { recursive: true });
  const upstream = options.upstream === undefined ? '' : new URL(options.upstream).host;
  const config = `daemon off;
worker_processes 2;
pid ${join(folder, 'nginx.pid')};
error_log ${join(folder, 'error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${join(folder, 'temp')}; proxy_temp_path ${join(folder, 'temp')};
  fastcgi_temp_path ${join(folder, 'temp')}; uwsgi_temp_path ${join(folder, 'temp')}; scgi_temp_path ${join(folder, 'temp')};
  types { text/plain txt; }
  ${upstream === '' ? '' : `upstream fixture { server ${upstream}; keepalive 64; }`}
  server {
    listen 127.0.0.1:${port} ssl http2;
    ssl_certificate ${CERT};
    ssl_certificate_key ${KEY};
    gzip on; gzip_min_length 0; gzip_types text/plain;
    ${options.root === undefined ? '' : `location /static/ { alias ${options.root}/; }`}
    ${upstream === '' ? '' : 'location / { proxy_pass http://fixture; proxy_http_version 1.1; proxy_set_header Connection ""; proxy_buffering off; }'}
  }
}
`;
  const file = join(folder, 'nginx.conf');
  writeFileSync(file, config);
  const child = spawn('nginx', ['-c', file, '-p', folder], { stdio: 'ignore' });
  await listening(port, child);
  return { url: `https://127.0.0.1:${port}/`, close: stopper(child), pid: child.pid! };
}

/** nghttpd: an HTTP/2-only server (TLS, h2 by ALPN and nothing else), serving a folder. */
export async function startNghttpd(root: string): Promise<TestServer> {
  const port = await freePort();
  const child = spawn('nghttpd', ['--address=127.0.0.1', `--htdocs=${root}`, String(port), KEY, CERT], {
    stdio: 'ignore',
  });
  await listening(port, child);
  return { url: `https://127.0.0.1:${port}/`, close: stopper(child) };
}
