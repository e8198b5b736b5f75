import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { request } from 'undici';
import { parseReport } from '../helpers/schema.js';
import { BIN, runCli } from '../helpers/cli.js';

describe('corofetch demo', () => {
  it('runs both modes on the three gevent-shaped pages and exits 0', async () => {
    const { code, stdout, stderr } = await runCli(['demo']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toMatch(/^demo: fixture server at http:\/\/127\.0\.0\.1:\d+\//);
    expect(stdout.match(/^GET: /gm)).toHaveLength(6);
    expect(stdout).toMatch(/50000 bytes received from .*site=python\.org/);
    expect(stdout).toMatch(/^speedup\s+[\d.]+×/m);
  });

  it('takes the main command’s options, such as --json', async () => {
    const { code, stdout } = await runCli(['demo', '--json', '-c', '3']);
    expect(code).toBe(0);
    const report = parseReport(stdout);
    expect(report.options.concurrency).toBe(3);
    expect(report.modes.serial!.total.bytes).toBe(800_000);
    // 300 + 500 + 800 ms serially against about 800 ms concurrently.
    expect(report.comparison!.speedup).toBeGreaterThan(1.5);
  });
});

describe('corofetch serve', () => {
  it('prints its URL first, serves pages and stops cleanly on SIGTERM', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15_000,
    });
    try {
      const [firstLine] = (await createInterface({ input: child.stdout })[Symbol.asyncIterator]().next()).value.split(
        '\n',
      );
      expect(firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const res = await request(`${firstLine}page?bytes=77`);
      expect([res.statusCode, (await res.body.arrayBuffer()).byteLength]).toEqual([200, 77]);

      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('says clearly when the port is taken', async () => {
    const first = spawn(process.execPath, [BIN, 'serve', '--port', '0'], {
      stdio: ['ignore', 'pipe', 'ignore'],
      timeout: 15_000,
    });
    try {
      const url = (await createInterface({ input: first.stdout })[Symbol.asyncIterator]().next()).value as string;
      const port = new URL(url).port;
      const second = await runCli(['serve', '--port', port]);
      expect(second.code).toBe(2);
      expect(second.stderr).toBe(
        `corofetch: port ${port} on 127.0.0.1 is in use; choose another with --port (0 picks a free one)\n`,
      );
    } finally {
      first.kill('SIGKILL');
    }
  });
});
