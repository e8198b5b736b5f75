import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { childrenOf, freePort, listening, stopper } from './processes.js';

/** Debian's nginx serving a folder on a free loopback port, for scenarios whose server must never be the bound. */
export interface StaticServer {
  base: string;
  /** The master's pid and its workers': the server's CPU is theirs together. */
  pids(): number[];
  /** Stops nginx and its workers. */
  stop(): Promise<void>;
}

export const nginxInstalled = (): boolean => spawnSync('sh', ['-c', 'command -v nginx']).status === 0;

export async function startStaticNginx(root: string, folder: string): Promise<StaticServer> {
  const port = await freePort();
  const temp = join(folder, 'temp');
  mkdirSync(temp, { recursive: true });
  const config = join(folder, 'nginx.conf');
  writeFileSync(
    config,
    `daemon off;
worker_processes 2;
pid ${join(folder, 'nginx.pid')};
error_log ${join(folder, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  keepalive_requests 1000000;
  client_body_temp_path ${temp}; proxy_temp_path ${temp}; fastcgi_temp_path ${temp};
  uwsgi_temp_path ${temp}; scgi_temp_path ${temp};
  server { listen 127.0.0.1:${port}; root ${root}; }
}
`,
  );
  const child = spawn('nginx', ['-c', config, '-p', folder], { stdio: 'ignore' });
  await listening(port, child);
  return {
    base: `http://127.0.0.1:${port}/`,
    pids: () => [child.pid!, ...childrenOf(child.pid!)],
    stop: stopper(child),
  };
}
