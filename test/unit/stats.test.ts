import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  coefficientOfVariation,
  geometricMean,
  maxOf,
  medianInPlace,
  medianOf,
  minOf,
  percentiles,
  percentilesInPlace,
  summarize,
} from '../../src/core/stats.js';

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
    expect(summarize([812.5])).toEqual({
      median: 812.5,
      mean: 812.5,
      min: 812.5,
      max: 812.5,
      stddev: null,
      samples: [812.5],
    });
  });

  it('keeps milliseconds to the microsecond', () => {
    expect(summarize([1, 2, 2]).mean).toBe(1.667);
  });

  it('keeps the samples in measured order', () => {
    expect(summarize([3, 1, 2]).samples).toEqual([3, 1, 2]);
  });

  it('refuses an empty list', () => {
    expect(() => summarize([])).toThrow(RangeError);
  });
});

describe('medianOf', () => {
  it('sorts before taking the middle', () => {
    expect(medianOf([9, 1, 5])).toBe(5);
    expect(medianOf([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('percentiles', () => {
  it('uses nearest rank: every figure is a measured value', () => {
    const samples = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentiles(samples)).toEqual({ p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('gives the one value of a single sample for every percentile', () => {
    expect(percentiles([7])).toEqual({ p50: 7, p95: 7, p99: 7, max: 7 });
  });

  it('rounds the rank up for small lists', () => {
    // 5 samples: p50 → rank ceil(2.5) = 3, p95 → ceil(4.75) = 5.
    expect(percentiles([50, 10, 40, 20, 30])).toEqual({ p50: 30, p95: 50, p99: 50, max: 50 });
  });
});

describe('coefficientOfVariation', () => {
  it('is stddev over mean, and null without a spread', () => {
    expect(coefficientOfVariation(summarize([90, 110]))).toBeCloseTo(Math.sqrt(200) / 100, 3);
    expect(coefficientOfVariation(summarize([90]))).toBeNull();
  });
});

describe('maxOf, minOf and geometricMean', () => {
  it('take a list too long to spread into arguments', () => {
    const long = Array.from({ length: 200_000 }, (_, i) => i);
    expect([maxOf(long), minOf(long)]).toEqual([199_999, 0]);
  });

  it('give the mean of ratios that treats 2× and ½× alike', () => {
    expect(geometricMean([2, 0.5])).toBeCloseTo(1, 12);
    expect(geometricMean([4])).toBeCloseTo(4, 12);
  });
});

describe('percentilesInPlace and medianInPlace (issue 18)', () => {
  it('give what percentiles and medianOf give, and leave the buffer sorted', () => {
    const samples = fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(samples, (values) => {
        const owned = Float64Array.from(values);
        expect(percentilesInPlace(owned)).toEqual(percentiles(values));
        expect(Array.from(owned)).toEqual([...values].sort((a, b) => a - b));
        expect(medianInPlace(Float64Array.from(values))).toBe(medianOf(values));
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});
