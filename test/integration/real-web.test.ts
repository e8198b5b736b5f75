/**
 * Issue 11: the real web's protocols, against servers the project did not write (nginx with TLS and
 * http2, nghttpd speaking only HTTP/2) and against misbehaving ones of the test's own, through the built CLI.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/core/types.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { childrenOf } from '../../bench/processes.js';
import { installed, startNghttpd, startNginx } from '../helpers/real-servers.js';
import { parseReport } from '../helpers/schema.js';
import { TEST_CA_FILE, type TestServer } from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const TEXT = 'corofetch measures the real web\n'.repeat(4096); // 131,072 bytes, very compressible

async function measure(args: string[], expectCode = 0): Promise<Report> {
  const { code, stdout, stderr } = await runCli([...args, '--json'], { timeoutMs: 60_000 });
  expect(stderr).not.toMatch(STACK_LINE);
  expect(code, stderr).toBe(expectCode);
  return parseReport(stdout);
}

const results = (report: Report, mode: 'serial' | 'concurrent') => Array.from(report.modes[mode]!.runs[0]!.results);

describe.skipIf(!installed('nginx'))('nginx with TLS and http2 on (issue 11)', () => {
  let nginx: TestServer;
  let root: string;
  beforeAll(async () => {
    root = join(workspace.temp.path, 'static');
    mkdirSync(root, { recursive: true });
    // nginx's workers run as an unprivileged user: the temp folder (0700) must let them through.
    chmodSync(workspace.temp.path, 0o755);
    writeFileSync(join(root, 'text.txt'), TEXT);
    nginx = await startNginx(join(workspace.temp.path, 'nginx'), { upstream: workspace.baseUrl, root });
  });
  afterAll(() => nginx?.close());

  const pages = () => Array.from({ length: 8 }, (_, i) => `${nginx.url}page?bytes=2000&delay=100&i=${i}`);

  it('is stopped with its workers: no nginx process is left holding a port', { timeout: 30_000 }, async () => {
    const own = await startNginx(join(workspace.temp.path, 'nginx-stop'), { root });
    const workers = childrenOf(own.pid);
    expect(workers.length).toBeGreaterThanOrEqual(1);
    await own.close();
    const alive = (pid: number): boolean => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const until = Date.now() + 10_000;
    while (workers.some(alive) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 50));
    expect(workers.filter(alive)).toEqual([]);
  });

  it('speaks HTTP/2 by ALPN, the concurrent requests as streams on one connection', { timeout: 60_000 }, async () => {
    const report = await measure([...pages(), '--ca', TEST_CA_FILE]);
    for (const mode of ['serial', 'concurrent'] as const) {
      expect(results(report, mode).map((r) => r.httpVersion)).toEqual(Array(8).fill('2'));
      expect(report.modes[mode]!.runs[0]!.connections).toBe(1);
    }
    // The first stream opened the connection; the others had no connect or TLS phase of their own.
    const concurrent = results(report, 'concurrent');
    expect(concurrent.filter((r) => r.phases.tlsMs !== null)).toHaveLength(1);
    expect(report.comparison!.speedup!).toBeGreaterThan(2);
  });

  it('keeps to HTTP/1.1 with --protocol http1: a connection per request in flight', { timeout: 60_000 }, async () => {
    const report = await measure([...pages(), '--ca', TEST_CA_FILE, '--protocol', 'http1']);
    expect(results(report, 'concurrent').every((r) => r.httpVersion === '1.1')).toBe(true);
    expect(report.modes.concurrent!.runs[0]!.connections).toBe(8);
    expect(report.modes.serial!.runs[0]!.connections).toBe(1);
    expect(report.options.protocol).toBe('http1');
  });

  it('--compressed: gzip asked for and decoded, the decoded bytes the file’s length', { timeout: 60_000 }, async () => {
    const url = `${nginx.url}static/text.txt`;
    const plain = await measure([url, '--mode', 'serial', '--ca', TEST_CA_FILE]);
    expect(results(plain, 'serial')[0]).toMatchObject({ bytes: TEXT.length, decodedBytes: null });
    const compressed = await measure([url, '--mode', 'serial', '--ca', TEST_CA_FILE, '--compressed']);
    const [r] = results(compressed, 'serial');
    expect(r!.decodedBytes).toBe(TEXT.length);
    expect(r!.bytes).toBeLessThan(TEXT.length / 10);
    expect(compressed.options.compressed).toBe(true);
  });
});

describe.skipIf(!installed('nghttpd'))('nghttpd, which speaks HTTP/2 only (issue 11)', () => {
  let server: TestServer;
  beforeAll(async () => {
    const root = join(workspace.temp.path, 'h2only');
    mkdirSync(root, { recursive: true });
    writeFileSync(join(root, 'page.txt'), TEXT);
    server = await startNghttpd(root);
  });
  afterAll(() => server?.close());

  it('gets the page over HTTP/2, where an HTTP/1.1-only client gets nothing', { timeout: 60_000 }, async () => {
    const report = await measure([`${server.url}page.txt`, '--ca', TEST_CA_FILE]);
    expect(results(report, 'serial')[0]).toMatchObject({ status: 200, bytes: TEXT.length, httpVersion: '2' });
    const refused = await measure([`${server.url}page.txt`, '--ca', TEST_CA_FILE, '--protocol', 'http1'], 1);
    expect(results(refused, 'serial')[0]!.error).not.toBeNull();
  });
});

describe('the fixture server over TLS and HTTP/2 (issue 11)', () => {
  it(
    'serve --tls --http2 and demo --http2: the same pages, over HTTP/2 on one connection',
    { timeout: 60_000 },
    async () => {
      const report = await measure(['demo', '--http2']);
      expect(report.urls.every((url) => url.startsWith('https://127.0.0.1:'))).toBe(true);
      expect(report.modes.concurrent!.runs[0]!.connections).toBe(1);
      expect(results(report, 'concurrent').map((r) => r.httpVersion)).toEqual(['2', '2', '2']);
    },
  );

  it('h2c by prior knowledge with --protocol http2 on an http:// URL', { timeout: 60_000 }, async () => {
    const { startFixtureServer } = await import('../../src/fixture-server/server.js');
    const h2c = await startFixtureServer({ http2: true });
    try {
      const report = await measure([`${h2c.url}page?bytes=100`, `${h2c.url}page?bytes=200`, '--protocol', 'http2']);
      expect(results(report, 'concurrent').map((r) => [r.httpVersion, r.bytes])).toEqual([
        ['2', 100],
        ['2', 200],
      ]);
    } finally {
      await h2c.close();
    }
  });
});

describe('compression bombs, big headers, --resolve (issue 11)', () => {
  it('stops a gzip bomb at --max-bytes of decoded body, in bounded memory', { timeout: 60_000 }, async () => {
    // 256 MiB of zeros gzipped: about 256 KiB on the wire.
    const bomb = gzipSync(Buffer.alloc(256 * 1024 * 1024));
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.length });
      res.end(bomb);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
      const report = await measure([url, '--mode', 'serial', '--compressed', '--max-bytes', '10M'], 1);
      const [r] = results(report, 'serial');
      expect(r!.error!.code).toBe('MAX_BYTES');
      expect(r!.decodedBytes!).toBeGreaterThan(10 * 1024 * 1024);
      expect(r!.decodedBytes!).toBeLessThan(20 * 1024 * 1024);
      expect(report.modes.serial!.client!.peakRssBytes).toBeLessThan(300 * 1024 * 1024);
    } finally {
      server.close();
    }
  });

  it('takes a 100 KiB header block, as curl does, and refuses one past 300 KiB', { timeout: 60_000 }, async () => {
    const server = createHttpServer({ maxHeaderSize: 1024 * 1024 }, (req, res) => {
      res.setHeader('x-big', 'x'.repeat(req.url === '/huge' ? 400 * 1024 : 100 * 1024));
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const report = await measure([`${base}/big`, `${base}/huge`, '--mode', 'serial'], 1);
      const [big, huge] = results(report, 'serial');
      expect(big).toMatchObject({ status: 200, error: null });
      expect(huge!.error!.code).toBe('HEADERS_TOO_LARGE');
    } finally {
      server.close();
    }
  });

  it(
    '--resolve and --connect-to reach a server whose certificate names a host no DNS knows',
    { timeout: 60_000 },
    async () => {
      // A CA and a certificate for corofetch.test, made here: that name resolves nowhere.
      const dir = join(workspace.temp.path, 'named');
      mkdirSync(dir, { recursive: true });
      const ssl = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
      ssl(
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'ca.key',
        '-out',
        'ca.pem',
        '-days',
        '2',
        '-subj',
        '/CN=corofetch test CA',
      );
      ssl(
        'req',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-keyout',
        'server.key',
        '-out',
        'server.csr',
        '-subj',
        '/CN=corofetch.test',
      );
      writeFileSync(join(dir, 'ext.cnf'), 'subjectAltName=DNS:corofetch.test\n');
      ssl(
        'x509',
        '-req',
        '-in',
        'server.csr',
        '-CA',
        'ca.pem',
        '-CAkey',
        'ca.key',
        '-CAcreateserial',
        '-out',
        'server.pem',
        '-days',
        '2',
        '-extfile',
        'ext.cnf',
      );
      const { readFileSync } = await import('node:fs');
      const server = createHttpsServer(
        { key: readFileSync(join(dir, 'server.key')), cert: readFileSync(join(dir, 'server.pem')) },
        (req, res) => res.end(`host ${req.headers.host}`),
      );
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const port = (server.address() as { port: number }).port;
        const ca = join(dir, 'ca.pem');
        const resolved = await measure([
          `https://corofetch.test:${port}/`,
          '--mode',
          'serial',
          '--ca',
          ca,
          '--resolve',
          `corofetch.test:${port}:127.0.0.1`,
        ]);
        expect(results(resolved, 'serial')[0]).toMatchObject({
          status: 200,
          bytes: `host corofetch.test:${port}`.length,
        });
        expect(resolved.options.routes).toEqual([`--resolve corofetch.test:${port}:127.0.0.1`]);
        const redirected = await measure([
          'https://corofetch.test/',
          '--mode',
          'serial',
          '--ca',
          ca,
          '--connect-to',
          `corofetch.test:443:127.0.0.1:${port}`,
        ]);
        expect(results(redirected, 'serial')[0]).toMatchObject({ status: 200, bytes: 'host corofetch.test'.length });
        // Without them the name does not resolve: a failure with its code, not a crash.
        const unresolved = await measure([`https://corofetch.test:${port}/`, '--mode', 'serial', '--ca', ca], 1);
        expect(results(unresolved, 'serial')[0]!.error!.code).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
      } finally {
        server.close();
      }
    },
  );
});
