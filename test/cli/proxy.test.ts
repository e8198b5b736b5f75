import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { startForwardProxy } from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';
import { proxyFromEnv } from '../../src/cli/inputs.js';

const workspace = useWorkspace();

describe('proxies from the environment', () => {
  it('sends requests through http_proxy, and around it for hosts in NO_PROXY', async () => {
    const proxy = await startForwardProxy();
    try {
      const urls = [1, 2].map((i) => `${workspace.baseUrl}page?bytes=${i}`);
      const through = await runCli([...urls, '--json', '--mode', 'serial'], {
        env: { http_proxy: proxy.url, NO_PROXY: undefined, no_proxy: undefined },
      });
      expect(through.code).toBe(0);
      expect(parseReport(through.stdout).modes.serial!.runs[0]!.results.map((r) => r.bytes)).toEqual([1, 2]);
      expect(proxy.used()).toBeGreaterThanOrEqual(1);

      const before = proxy.used();
      const around = await runCli([...urls, '--json', '--mode', 'serial'], {
        env: { http_proxy: proxy.url, NO_PROXY: '127.0.0.1' },
      });
      expect(around.code).toBe(0);
      expect(proxy.used()).toBe(before);
    } finally {
      await proxy.close();
    }
  });

  it('reads the variables as curl does, and none means no proxy', () => {
    expect(proxyFromEnv({})).toBeNull();
    // httpoxy: an uppercase HTTP_PROXY may come from a request header on a CGI server; curl never reads it.
    expect(proxyFromEnv({ HTTP_PROXY: 'http://p:8080' })).toBeNull();
    const settings = proxyFromEnv({ https_proxy: 'p:3128', HTTPS_PROXY: 'http://other', NO_PROXY: 'localhost' })!;
    expect([settings.http, settings.https?.href, settings.noProxy.entries.length]).toEqual([null, 'http://p:3128/', 1]);
    expect(proxyFromEnv({ ALL_PROXY: 'http://all:1' })!.http?.href).toBe('http://all:1/');
    expect(() => proxyFromEnv({ https_proxy: 'socks5://p:1080' })).toThrow(/http:\/\/ proxies only/);
  });
});
