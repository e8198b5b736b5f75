import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/core/redact.js';

describe('redactUrl', () => {
  it('replaces user and password', () => {
    expect(redactUrl(new URL('https://bob:hunter2@h.test:8443/p?q=1'))).toBe('https://***@h.test:8443/p?q=1');
  });

  it('replaces a user without a password', () => {
    expect(redactUrl(new URL('http://token@h.test/'))).toBe('http://***@h.test/');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl(new URL('http://h.test/a'))).toBe('http://h.test/a');
  });
});
