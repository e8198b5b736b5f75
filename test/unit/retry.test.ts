import { describe, expect, it } from 'vitest';
import { parseRetryAfter, retryDelayMs } from '../../src/core/retry.js';

const outcome = (status: number | null, code: string | null, retryAfter: string | null = null) => ({
  status,
  retryAfter,
  error: code === null ? null : { code, message: code },
});

describe('retryDelayMs', () => {
  it.each([
    ['success', outcome(200, null), null],
    ['503', outcome(503, 'HTTP_STATUS'), 100],
    ['429', outcome(429, 'HTTP_STATUS'), 100],
    ['404', outcome(404, 'HTTP_STATUS'), null],
    ['refused', outcome(null, 'ECONNREFUSED'), 100],
    ['empty reply', outcome(null, 'EMPTY_REPLY'), 100],
    ['deadline', outcome(null, 'TIMEOUT'), null],
    ['interrupted', outcome(null, 'INTERRUPTED'), null],
    ['bad certificate', outcome(null, 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'), null],
  ])('%s → %s', (_name, o, wait) => {
    expect(retryDelayMs(o, 1, 60_000)).toBe(wait);
  });

  it('backs off exponentially up to 2 s', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => retryDelayMs(outcome(503, 'HTTP_STATUS'), attempt, 60_000))).toEqual([
      100, 200, 400, 800, 1600, 2000,
    ]);
  });

  it('takes Retry-After, and no wait that would pass the deadline', () => {
    expect(retryDelayMs(outcome(503, 'HTTP_STATUS', '3'), 1, 60_000)).toBe(3000);
    expect(retryDelayMs(outcome(503, 'HTTP_STATUS', '3'), 1, 2_000)).toBeNull();
  });
});

describe('parseRetryAfter', () => {
  it('reads seconds and HTTP dates', () => {
    const now = Date.parse('2026-11-22T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 22 Nov 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });
});

describe('a 5xx whose body failed too (QA of issue 9)', () => {
  it('is retried: the status decides, not what then went wrong with the error page', () => {
    const outcome = {
      status: 503,
      error: { code: 'MAX_BYTES', message: 'body exceeded --max-bytes' },
      retryAfter: null,
    };
    expect(retryDelayMs(outcome, 1, 10_000)).toBe(100);
  });

  it('is not retried past its deadline or an interruption', () => {
    for (const code of ['TIMEOUT', 'INTERRUPTED']) {
      expect(retryDelayMs({ status: 503, error: { code, message: '' }, retryAfter: null }, 1, 10_000)).toBeNull();
    }
  });
});
