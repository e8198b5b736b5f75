import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatChange,
  formatMetric,
  formatMs,
  hangingWrap,
  rowLabels,
  sharedOrigin,
} from '../../src/reporters/format.js';
import { printable } from '../../src/reporters/printable.js';

describe('printable', () => {
  it('shows control characters and bidi overrides as escapes instead of obeying them', () => {
    expect(printable('a\u001b[31mred\u0007\u009b\u202eb\n')).toBe('a\\u001b[31mred\\u0007\\u009b\\u202eb\\u000a');
  });

  it('leaves ordinary text, Unicode included, alone', () => {
    expect(printable('https://例え.テスト/päge?q=1 — ok')).toBe('https://例え.テスト/päge?q=1 — ok');
  });
});

describe('formatters', () => {
  it('formats milliseconds with digits where they matter', () => {
    expect([formatMs(1234.5), formatMs(12.345), formatMs(1.2345)]).toEqual(['1,235 ms', '12.3 ms', '1.23 ms']);
  });

  it('signs changes and metrics', () => {
    expect([formatChange(1.031), formatChange(0.9), formatChange(null)]).toEqual(['+3.1%', '−10.0%', 'n/a']);
    expect([
      formatMetric('speedup', 1.9996),
      formatMetric('efficiency', 0.9876),
      formatMetric('serial.regression', -4.2),
    ]).toEqual(['2.000×', '98.8%', '−4.2%']);
  });
});

describe('hangingWrap (QA of issue 15)', () => {
  it('fits every line, and adds nothing inside a word: a cut URL joins back whole', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant(' '), fc.string({ minLength: 1, maxLength: 90, unit: 'grapheme-ascii' })), {
          maxLength: 12,
        }),
        fc.integer({ min: 40, max: 120 }),
        (pieces, width) => {
          const line = pieces.join('').replace(/\n/g, '');
          const wrapped = hangingWrap(line, width);
          for (const l of wrapped.split('\n')) expect(l.length).toBeLessThanOrEqual(width);
          // Only spaces at the breaks (and the continuation indent) differ.
          expect(wrapped.replace(/\s/g, '')).toBe(line.replace(/\s/g, ''));
        },
      ),
      { seed: 15, numRuns: 500 },
    );
    const url = `http://127.0.0.1:8750/page?bytes=300&delay=50&status=500&label=${'x'.repeat(60)}`;
    expect(
      hangingWrap(`failed (serial): ${url}: HTTP_STATUS: HTTP 500`, 40)
        .split('\n')
        .map((l) => l.trim())
        .join(''),
    ).toContain(url);
  });
});

describe('sharedOrigin (issue 18)', () => {
  const url = fc
    .tuple(
      fc.constantFrom('http://a.test/', 'https://a.test/', 'http://a.test:8080/', 'HTTP://A.test/', 'http://a.test'),
      fc.constantFrom('', 'x', 'p?i=1', '#f', '/deep/path'),
    )
    .map(([origin, rest]) => origin + rest);

  it("finds the origin every URL shares as a set of each URL's origin would, and rowLabels labels by it", () => {
    fc.assert(
      fc.property(fc.array(url, { maxLength: 8 }), (urls) => {
        const origins = new Set(urls.map((u) => /^https?:\/\/[^/?#]+\//i.exec(u)?.[0] ?? null));
        const [only] = origins;
        const expected = origins.size === 1 && only !== null && only !== undefined ? only : null;
        expect(sharedOrigin(urls)).toBe(expected);
        const { origin, labels } = rowLabels(urls);
        expect(origin).toBe(expected);
        expect(labels).toEqual(
          urls.map((u) => (expected === null ? u.replace(/^https?:\/\//, '') : u.slice(expected.length))),
        );
      }),
      { numRuns: 500, seed: 18 },
    );
  });
});
