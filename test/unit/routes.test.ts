import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/core/errors.js';
import { addressFor, parseConnectTo, parseResolve } from '../../src/core/routes.js';

describe('--resolve and --connect-to (issue 11)', () => {
  it('read curl’s syntax, IPv6 in brackets included', () => {
    expect(parseResolve('example.com:443:127.0.0.1')).toMatchObject({
      host: 'example.com',
      port: 443,
      toHost: '127.0.0.1',
    });
    expect(parseResolve('*:8443:[::1],10.0.0.2')).toMatchObject({ host: null, port: 8443, toHost: '::1' });
    expect(parseConnectTo('example.com:443:staging.internal:8443')).toMatchObject({
      host: 'example.com',
      port: 443,
      toHost: 'staging.internal',
      toPort: 8443,
    });
    expect(parseConnectTo('::127.0.0.1:')).toMatchObject({ host: null, port: null, toHost: '127.0.0.1', toPort: null });
  });

  it('apply as curl does: --connect-to picks host and port, then --resolve gives the address', () => {
    const routes = [parseConnectTo('example.com:443:staging.test:8443'), parseResolve('staging.test:8443:10.1.2.3')];
    expect(addressFor(routes, 'example.com', 443)).toEqual({ host: '10.1.2.3', port: 8443 });
    expect(addressFor(routes, 'EXAMPLE.com', 443)).toEqual({ host: '10.1.2.3', port: 8443 });
    expect(addressFor(routes, 'example.com', 80)).toBeNull();
    expect(addressFor([parseResolve('[::1]:443:127.0.0.1')], '[::1]', 443)).toEqual({ host: '127.0.0.1', port: 443 });
  });

  it.each([
    ['example.com:443', /--resolve must be host:port:address/],
    ['example.com:99999:127.0.0.1', /--resolve must be/],
    ['example.com:443:not-an-address', /is not an IP address/],
    ['+example.com:443:127.0.0.1', /prefixes .* are not supported/],
  ])('refuse a bad --resolve %j', (text, message) => {
    expect(() => parseResolve(text)).toThrow(message);
  });

  it('give back a route or a one-line usage error for any text at all', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
        for (const parse of [parseResolve, parseConnectTo]) {
          try {
            const route = parse(text);
            expect(route.text).toBe(text);
          } catch (err) {
            expect(err).toBeInstanceOf(UsageError);
            expect((err as Error).message).not.toContain('\n');
            expect((err as Error).message.length).toBeLessThan(400);
          }
        }
      }),
      { seed: 11, numRuns: 2000 },
    );
  });
});
