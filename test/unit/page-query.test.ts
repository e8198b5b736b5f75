import { describe, expect, it } from 'vitest';
import { PAGE_DEFAULTS, parsePageQuery } from '../../src/fixture-server/page-query.js';

const parse = (query: string) => parsePageQuery(new URLSearchParams(query));

describe('parsePageQuery', () => {
  it('uses the defaults for missing values and ignores labels', () => {
    expect(parse('site=python.org')).toEqual(PAGE_DEFAULTS);
    expect(PAGE_DEFAULTS).toEqual({ bytes: 1024, delayMs: 0, status: 200 });
  });

  it('reads bytes, delay and status', () => {
    expect(parse('bytes=0&delay=250&status=503')).toEqual({ bytes: 0, delayMs: 250, status: 503 });
  });

  it.each(['bytes=-1', 'bytes=1.5', 'bytes=abc', 'delay=99999999', 'status=100', 'status=600', 'bytes='])(
    'explains why %s is refused',
    (query) => {
      expect(parse(query)).toMatch(/must be a whole number from \d+ to \d+, got/);
    },
  );
});
