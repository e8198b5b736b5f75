/** The three defects of issue 9, each run as the issue reproduced it: the built CLI against real sockets. */
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { startAbsoluteOnlyProxy, startStaticServer, startTlsServer } from '../helpers/servers.js';

describe('issue 9', () => {
  it('--max-bytes under a declared Content-Length: a complete report, MAX_BYTES, the run goes on', async () => {
    const server = await startStaticServer(Buffer.alloc(1024, 'x'));
    try {
      const { code, stdout, stderr } = await runCli([
        '--json',
        '--mode',
        'serial',
        '--max-bytes',
        '500',
        server.url,
        `${server.url}again`,
      ]);
      expect(stderr).not.toMatch(STACK_LINE);
      expect(code).toBe(1);
      const results = Array.from(parseReport(stdout).modes.serial!.runs[0]!.results);
      expect(results.map((r) => r.error?.code)).toEqual(['MAX_BYTES', 'MAX_BYTES']);
    } finally {
      await server.close();
    }
  });

  it('sends http:// targets to a proxy in absolute form, and names a refused CONNECT PROXY_ERROR', async () => {
    const proxy = await startAbsoluteOnlyProxy();
    const origin = await startStaticServer(Buffer.from('hello'));
    const tls = await startTlsServer();
    try {
      const { code, stdout, stderr } = await runCli(['--json', '--mode', 'serial', origin.url, tls.url], {
        env: { http_proxy: proxy.url, https_proxy: proxy.url, NO_PROXY: undefined, no_proxy: undefined },
      });
      expect(stderr).not.toMatch(STACK_LINE);
      expect(code).toBe(1);
      const [plain, secure] = parseReport(stdout).modes.serial!.runs[0]!.results;
      expect(plain).toMatchObject({ status: 200, bytes: 5, error: null });
      expect(secure!.error).toMatchObject({ code: 'PROXY_ERROR', message: expect.stringContaining('501') });
      expect(proxy.seen).toEqual([`GET ${origin.url}`, `CONNECT ${new URL(tls.url).host}`]);
    } finally {
      await Promise.all([proxy.close(), origin.close(), tls.close()]);
    }
  });
});
