import { describe, expect, it } from 'vitest';
import { formatChange, formatMetric, formatMs, printable } from '../../src/reporters/format.js';

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
