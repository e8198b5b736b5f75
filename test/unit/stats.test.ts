import { describe, expect, it } from 'vitest';
import { bootstrapInterval, coefficientOfVariation, medianOf, percentiles, summarize } from '../../src/core/stats.js';

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

describe('bootstrapInterval', () => {
  const pairs = [
    [400, 100],
    [410, 110],
    [395, 98],
    [430, 102],
    [405, 105],
  ] as const;
  const speedup = (sample: readonly (readonly [number, number])[]) =>
    medianOf(sample.map((p) => p[0])) / medianOf(sample.map((p) => p[1]));

  it('brackets the point estimate', () => {
    const interval = bootstrapInterval(pairs, speedup)!;
    expect(interval.confidence).toBe(0.95);
    expect(interval.low).toBeLessThanOrEqual(speedup(pairs));
    expect(interval.high).toBeGreaterThanOrEqual(speedup(pairs));
    // No resample can leave the range of medians over the data.
    expect(interval.low).toBeGreaterThanOrEqual(395 / 110);
    expect(interval.high).toBeLessThanOrEqual(430 / 98);
  });

  it('gives the same interval for the same samples', () => {
    expect(bootstrapInterval(pairs, speedup)).toEqual(bootstrapInterval(pairs, speedup));
  });

  it('collapses to a point when every pair is the same', () => {
    const same = [
      [300, 100],
      [300, 100],
      [300, 100],
    ] as const;
    expect(bootstrapInterval(same, speedup)).toEqual({ low: 3, high: 3, confidence: 0.95 });
  });

  it('has no interval for fewer than two pairs or an undefined statistic', () => {
    expect(bootstrapInterval([[1, 1]], speedup)).toBeNull();
    expect(bootstrapInterval(pairs, () => null)).toBeNull();
  });
});
