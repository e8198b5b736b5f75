import { describe, expect, it } from 'vitest';
import { isSecretName, redactText, redactUrl, SECRET_WORDS } from '../../src/core/redact.js';

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
    expect(redactUrl(new URL('http://h.test/loop?token=T1&mytoken=T5&apitoken=T11&sessionkey=T12&page=2'))).toBe(
      'http://h.test/loop?token=***&mytoken=***&apitoken=***&sessionkey=***&page=2',
    );
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl(new URL('http://h.test/a?page=2'))).toBe('http://h.test/a?page=2');
  });
});

describe('isSecretName', () => {
  // Real parameter names from common APIs (issue 19): each carries a credential and must be masked.
  it.each([
    ['token', 'generic'],
    ['access_token', 'OAuth 2.0 (RFC 6750 §2.3)'],
    ['refresh_token', 'OAuth 2.0'],
    ['id_token', 'OpenID Connect'],
    ['client_secret', 'OAuth 2.0 (RFC 6749 §2.3.1)'],
    ['oauth_token', 'OAuth 1.0a'],
    ['oauth_signature', 'OAuth 1.0a'],
    ['hub.verify_token', 'WebSub, Facebook webhooks'],
    ['key', 'Google APIs'],
    ['api_key', 'many'],
    ['apikey', 'many'],
    ['apiKey', 'many'],
    ['access_key', 'object stores'],
    ['AWSAccessKeyId', 'Amazon S3 query auth v2'],
    ['Signature', 'Amazon S3 query auth v2'],
    ['X-Amz-Signature', 'AWS Signature v4'],
    ['X-Amz-Credential', 'AWS Signature v4'],
    ['X-Amz-Security-Token', 'AWS Signature v4'],
    ['X-Goog-Signature', 'Google Cloud Storage signed URLs'],
    ['X-Goog-Credential', 'Google Cloud Storage signed URLs'],
    ['sig', 'Azure SAS'],
    ['private_token', 'GitLab'],
    ['auth', 'generic'],
    ['authToken', 'generic'],
    ['X-Auth', 'generic'],
    ['password', 'generic'],
    ['passwd', 'generic'],
    ['pwd', 'generic'],
    ['sessionid', 'generic'],
    ['session_id', 'generic'],
    ['JSESSIONID', 'Java servlets'],
    ['PHPSESSID', 'PHP'],
    ['jwt', 'generic'],
    ['mytoken', 'issue 19'],
    ['apitoken', 'issue 19'],
    ['sessionkey', 'issue 19'],
  ])('%s (%s) is masked', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each([
    'page',
    'per_page',
    'limit',
    'offset',
    'sort',
    'q',
    'id',
    'lang',
    'format',
    'utm_source',
    'v',
    'se',
    'sv',
    'sp',
  ])('%s is not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });

  it.each(['keyword', 'Keywords', 'monkey', 'keyboard', 'design', 'author', 'sign_up'])(
    '%s holds a secret word but is a common one, and is not masked',
    (name) => {
      expect(isSecretName(name)).toBe(false);
    },
  );
});

describe('redactText', () => {
  it('masks credentials and secret parameters in text that is not a URL', () => {
    expect(redactText('htp:/x?token=abc&b=2 //bob:pw@host')).toBe('htp:/x?token=***&b=2 //***@host');
  });
});

describe('the one list of secret words', () => {
  it('is the list the README promises', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const row = readme.split('\n').find((line) => line.startsWith('| secrets |'))!;
    const promised = row
      .slice(row.indexOf('one of'), row.indexOf('— so'))
      .match(/`(\w+)`/g)!
      .map((w) => w.slice(1, -1));
    expect(promised).toEqual([...SECRET_WORDS]);
  });
});
