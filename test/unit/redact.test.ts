import { describe, expect, it } from 'vitest';
import { isSecretName, redactText, redactUrl } from '../../src/core/redact.js';

describe('redactUrl', () => {
  it('replaces user and password', () => {
    expect(redactUrl(new URL('https://bob:hunter2@h.test:8443/p?q=1'))).toBe('https://***@h.test:8443/p?q=1');
  });

  it('replaces a user without a password', () => {
    expect(redactUrl(new URL('http://token@h.test/'))).toBe('http://***@h.test/');
  });

  it('masks the values of secret-named query parameters and keeps the rest as written', () => {
    expect(
      redactUrl(new URL('https://h.test/a?x=1&token=abc&Api_Key=zz&monkey=3&accessToken=q&sig=z%20z&b=%41#frag')),
    ).toBe('https://h.test/a?x=1&token=***&Api_Key=***&monkey=3&accessToken=***&sig=***&b=%41#frag');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl(new URL('http://h.test/a?page=2'))).toBe('http://h.test/a?page=2');
  });
});

describe('isSecretName', () => {
  it.each([
    ['token', true],
    ['TOKEN', true],
    ['api_key', true],
    ['X-Auth', true],
    ['accessToken', true],
    ['access_token', true],
    ['client_secret', true],
    ['password', true],
    ['signature', true],
    ['monkey', false],
    ['keyboard', false],
    ['page', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });
});

describe('redactText', () => {
  it('masks credentials and secret parameters in text that is not a URL', () => {
    expect(redactText('htp:/x?token=abc&b=2 //bob:pw@host')).toBe('htp:/x?token=***&b=2 //***@host');
  });
});
