import { describe, expect, it } from 'vitest';
import { deadlinePassed, InputError, RequestFailure, toErrorInfo, UsageError } from '../../src/core/errors.js';

describe('toErrorInfo', () => {
  it('keeps our own errors as they are', () => {
    expect(toErrorInfo(deadlinePassed(250))).toEqual({
      code: 'TIMEOUT',
      message: 'no complete response within 250 ms',
    });
    expect(toErrorInfo(new RequestFailure('MAX_BYTES', 'too big'))).toEqual({ code: 'MAX_BYTES', message: 'too big' });
  });

  it('passes Node system codes through', () => {
    expect(toErrorInfo(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }))).toEqual(
      {
        code: 'ECONNREFUSED',
        message: 'connect ECONNREFUSED 127.0.0.1:1',
      },
    );
  });

  it('maps undici codes to stable codes of its own', () => {
    expect(toErrorInfo(Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' })).code).toBe(
      'CONNECTION_CLOSED',
    );
    expect(toErrorInfo(Object.assign(new Error('bad'), { name: 'HTTPParserError' })).code).toBe('PROTOCOL_ERROR');
  });

  it('reads the first error of an AggregateError from a happy-eyeballs connect', () => {
    const inner = Object.assign(new Error('connect ECONNREFUSED ::1:1'), { code: 'ECONNREFUSED' });
    expect(toErrorInfo(new AggregateError([inner], '')).code).toBe('ECONNREFUSED');
  });

  it('reads codes as the maps’ own keys, never Object.prototype’s', () => {
    expect(toErrorInfo(Object.assign(new Error('odd'), { code: 'constructor' }))).toEqual({
      code: 'UNKNOWN',
      message: 'odd',
    });
    expect(toErrorInfo(Object.assign(new Error('odd'), { code: 'toString' }))).toEqual({
      code: 'UNKNOWN',
      message: 'odd',
    });
  });

  it('never loses an unknown error', () => {
    expect(toErrorInfo('boom')).toEqual({ code: 'UNKNOWN', message: 'boom' });
    expect(toErrorInfo(new Error('odd'))).toEqual({ code: 'UNKNOWN', message: 'odd' });
  });
});

describe('TLS advice (issue 19)', () => {
  const tls = (code: string) => toErrorInfo(Object.assign(new Error('tls says no'), { code })).message;

  it.each([
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  ])('%s: trusting a CA can fix it, so --ca is offered', (code) => {
    expect(tls(code)).toMatch(/--ca FILE/);
    expect(tls(code)).toMatch(/\(tls says no\)$/);
  });

  it.each([
    ['CERT_HAS_EXPIRED', /has expired .*clock/],
    ['CERT_NOT_YET_VALID', /not valid yet: check this machine’s clock/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', /does not name this host: use a name it was issued for/],
  ])('%s: no CA can fix it, so --ca is not offered', (code, advice) => {
    expect(tls(code)).toMatch(advice);
    expect(tls(code)).not.toMatch(/--ca/);
  });
});

describe('program errors', () => {
  it('carry exit code 2 for usage and input problems', () => {
    expect(new UsageError('x').exitCode).toBe(2);
    expect(new InputError('x').exitCode).toBe(2);
    expect(new UsageError('x').name).toBe('UsageError');
  });
});
