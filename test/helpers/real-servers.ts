/**
 * Servers the project did not write, as Debian ships them (.ci/run installs nginx-light and nghttp2-server):
 * our own fixture server agrees with our own client too easily. Each listens on a free loopback port with
 * the fixture certificate, in a temp folder of its own, and is killed when closed.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, listening, stopper } from '../../bench/processes.js';
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
