import { describe, expect, it } from 'vitest';
import { summarize } from '../../src/core/stats.js';

describe('summarize', () => {
  it('gives the middle value as the median of an odd count', () => {
    expect(summarize([30, 10, 20]).median).toBe(20);
  });

  it('averages the two middle values for an even count', () => {
    expect(summarize([4, 1, 3, 2]).median).toBe(2.5);
  });

  it('uses the sample standard deviation (n - 1)', () => {
    // Mean 5, squared deviations sum to 32: sample sd = sqrt(32 / 7), population sd would be 2.
    const stats = summarize([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(stats).toMatchObject({ mean: 5, min: 2, max: 9, median: 4.5 });
    expect(stats.stddev).toBeCloseTo(Math.sqrt(32 / 7), 3);
  });

  it('has no standard deviation for a single sample', () => {
    expect(summarize([812.5])).toEqual({ median: 812.5, mean: 812.5, min: 812.5, max: 812.5, stddev: null });
  });

  it('keeps milliseconds to the microsecond', () => {
    expect(summarize([1, 2, 2]).mean).toBe(1.667);
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});
