import { describe, expect, it } from 'vitest';
import { parseNoProxy, proxyAuthorization, proxyFor, type ProxySettings } from '../../src/core/proxy.js';

const http = new URL('http://proxy.test:3128');
const https = new URL('http://secure-proxy.test:3129');
const settings = (noProxy: string): ProxySettings => ({ http, https, noProxy: parseNoProxy(noProxy) });
const via = (target: string, noProxy = '') => proxyFor(new URL(target), settings(noProxy))?.host ?? 'direct';

describe('proxyFor: which proxy a target uses', () => {
  it('uses the proxy of the target’s scheme', () => {
    expect(via('http://a.test/')).toBe('proxy.test:3128');
    expect(via('https://a.test/')).toBe('secure-proxy.test:3129');
    expect(proxyFor(new URL('https://a.test/'), { http, https: null, noProxy: parseNoProxy('') })).toBeNull();
  });

  // curl's lib/noproxy.c, case by case.
  it.each([
    ['example.com', 'http://example.com/', 'direct'],
    ['example.com', 'http://www.example.com/', 'direct'],
    ['example.com', 'http://nonexample.com/', 'proxy.test:3128'],
    ['.example.com', 'http://www.example.com/', 'direct'],
    ['.example.com', 'http://example.com/', 'direct'],
    ['EXAMPLE.com', 'http://Example.COM/', 'direct'],
    ['example.com.', 'http://example.com/', 'direct'],
    ['example.com', 'http://example.com./', 'direct'],
    ['*', 'https://anything.test/', 'direct'],
    ['a.test, b.test', 'http://b.test/', 'direct'],
    ['a.test b.test', 'http://b.test/', 'direct'],
    ['127.0.0.1', 'http://127.0.0.1:8750/', 'direct'],
    ['127.0.0.1', 'http://127.0.0.2/', 'proxy.test:3128'],
    ['127.0.0.0/8', 'http://127.9.9.9/', 'direct'],
    ['10.0.0.0/8', 'http://127.0.0.1/', 'proxy.test:3128'],
    ['::1', 'http://[::1]:8080/', 'direct'],
    ['fd00::/8', 'http://[fd12::1]/', 'direct'],
    ['127.0.0.1', 'http://localhost/', 'proxy.test:3128'],
    ['localhost:8750', 'http://localhost:8750/', 'direct'],
    ['localhost:8750', 'http://localhost:9999/', 'proxy.test:3128'],
    ['a.test:443', 'https://a.test/', 'direct'],
    ['[::1]:8080', 'http://[::1]:8080/', 'direct'],
    ['*.test', 'http://a.test/', 'proxy.test:3128'],
  ])('NO_PROXY %j, %s → %s', (noProxy, target, expected) => {
    expect(via(target, noProxy)).toBe(expected);
  });
});

describe('proxyAuthorization', () => {
  it('sends user:password of the proxy URL as Basic credentials', () => {
    expect(proxyAuthorization(new URL('http://al%40ice:s3cret@p.test:1'))).toBe(
      `Basic ${Buffer.from('al@ice:s3cret').toString('base64')}`,
    );
    expect(proxyAuthorization(new URL('http://p.test:1'))).toBeNull();
  });
});
