import { describe, expect, it } from 'vitest';
import { proxyFromEnv } from '../../src/cli/inputs.js';
import { runCli } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { refusedUrl, startForwardProxy, startTlsServer, TEST_CA_FILE } from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();

/**
 * Runs one http:// and one https:// URL with the proxy variables given ({{proxy}} is a recording proxy,
 * {{refused}} a port nothing listens on) and says which target went through the recording proxy.
 */
async function route(env: Record<string, string>): Promise<{ http: string; https: string }> {
  const proxy = await startForwardProxy();
  const tls = await startTlsServer();
  const refused = await refusedUrl();
  try {
    const fill = (value: string) => value.replaceAll('{{proxy}}', proxy.url).replaceAll('{{refused}}', refused);
    const filled = Object.fromEntries(Object.entries(env).map(([name, value]) => [name, fill(value)]));
    const plain = `${workspace.baseUrl}page?bytes=5`;
    const { stdout } = await runCli(
      [plain, tls.url, '--json', '--mode', 'serial', '--ca', TEST_CA_FILE, '-t', '3000'],
      {
        env: filled,
      },
    );
    const [httpResult, httpsResult] = parseReport(stdout).modes.serial!.runs[0]!.results;
    // The proxy records what it carried: an absolute-form GET for http://, a CONNECT tunnel for https://.
    const verdict = (result: typeof httpResult, line: string): string =>
      result!.error !== null ? `failed ${result!.error.code}` : proxy.seen.includes(line) ? 'proxy' : 'direct';
    return {
      http: verdict(httpResult, `GET ${plain}`),
      https: verdict(httpsResult, `CONNECT ${new URL(tls.url).host}`),
    };
  } finally {
    await Promise.all([proxy.close(), tls.close()]);
  }
}

describe('proxies from the environment, as curl reads them (issue 19)', () => {
  it.each([
    ['http_proxy: http:// targets', { http_proxy: '{{proxy}}' }, { http: 'proxy', https: 'direct' }],
    ['HTTP_PROXY alone is ignored (httpoxy)', { HTTP_PROXY: '{{proxy}}' }, { http: 'direct', https: 'direct' }],
    [
      'http_proxy wins over HTTP_PROXY',
      { http_proxy: '{{proxy}}', HTTP_PROXY: '{{refused}}' },
      { http: 'proxy', https: 'direct' },
    ],
    ['HTTPS_PROXY alone: https:// targets', { HTTPS_PROXY: '{{proxy}}' }, { http: 'direct', https: 'proxy' }],
    [
      'https_proxy wins over HTTPS_PROXY',
      { https_proxy: '{{proxy}}', HTTPS_PROXY: '{{refused}}' },
      { http: 'direct', https: 'proxy' },
    ],
    ['ALL_PROXY for both', { ALL_PROXY: '{{proxy}}' }, { http: 'proxy', https: 'proxy' }],
    [
      'all_proxy wins over ALL_PROXY',
      { all_proxy: '{{proxy}}', ALL_PROXY: '{{refused}}' },
      { http: 'proxy', https: 'proxy' },
    ],
    [
      'a scheme’s own variable wins over all_proxy',
      { all_proxy: '{{refused}}', http_proxy: '{{proxy}}', https_proxy: '{{proxy}}' },
      { http: 'proxy', https: 'proxy' },
    ],
    [
      'NO_PROXY with the address',
      { ALL_PROXY: '{{proxy}}', NO_PROXY: '127.0.0.1' },
      { http: 'direct', https: 'direct' },
    ],
    [
      'NO_PROXY with a CIDR range',
      { ALL_PROXY: '{{proxy}}', NO_PROXY: 'example.test, 127.0.0.0/8' },
      { http: 'direct', https: 'direct' },
    ],
    ['NO_PROXY *', { ALL_PROXY: '{{proxy}}', NO_PROXY: '*' }, { http: 'direct', https: 'direct' }],
    [
      'NO_PROXY of another host',
      { ALL_PROXY: '{{proxy}}', NO_PROXY: 'example.test' },
      { http: 'proxy', https: 'proxy' },
    ],
    [
      'no_proxy wins over NO_PROXY',
      { ALL_PROXY: '{{proxy}}', no_proxy: 'example.test', NO_PROXY: '*' },
      { http: 'proxy', https: 'proxy' },
    ],
  ])('%s', async (_name, env, expected) => {
    expect(await route(env)).toEqual(expected);
  });

  it('NO_PROXY with a port exempts that port only', async () => {
    const port = new URL(workspace.baseUrl).port;
    expect(await route({ ALL_PROXY: '{{proxy}}', NO_PROXY: `127.0.0.1:${port}` })).toEqual({
      http: 'direct',
      https: 'proxy',
    });
  });

  it('reads the variables as curl does, and none means no proxy', () => {
    expect(proxyFromEnv({})).toBeNull();
    expect(proxyFromEnv({ HTTP_PROXY: 'http://p:8080' })).toBeNull();
    const settings = proxyFromEnv({ https_proxy: 'p:3128', HTTPS_PROXY: 'http://other', NO_PROXY: 'localhost' })!;
    expect([settings.http, settings.https?.href, settings.noProxy.entries.length]).toEqual([null, 'http://p:3128/', 1]);
    expect(proxyFromEnv({ ALL_PROXY: 'http://all:1' })!.http?.href).toBe('http://all:1/');
    expect(() => proxyFromEnv({ https_proxy: 'socks5://p:1080' })).toThrow(/http:\/\/ proxies only/);
  });
});
