import type { Percentiles, SampleStats } from './types.js';
import { roundMs } from './time.js';

/**
 * Median, mean, min, max and the sample standard deviation (Bessel's n − 1, as hyperfine reports it) of
 * a non-empty list of milliseconds, each kept to the microsecond. One sample has no spread to estimate, so
 * its stddev is null rather than a made-up 0. The samples are kept in the order given.
 */
export function summarize(samples: readonly number[]): SampleStats {
  if (samples.length === 0) throw new RangeError('summarize needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const n = sorted.length;
  const mean = sorted.reduce((sum, x) => sum + x, 0) / n;
  const stddev = n < 2 ? null : Math.sqrt(sorted.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (n - 1));
  return {
    median: roundMs(median(sorted)),
    mean: roundMs(mean),
    min: sorted[0]!,
    max: sorted[n - 1]!,
    stddev: stddev === null ? null : roundMs(stddev),
    samples: [...samples],
  };
}

/** The largest of a non-empty list, without spreading it into arguments (a long list would overflow the stack). */
export function maxOf(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  return max;
}

/** The smallest of a non-empty list; see maxOf. */
export function minOf(values: ArrayLike<number>): number {
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! < min) min = values[i]!;
  return min;
}

/** exp(mean of logs) of positive values: the mean of ratios that treats 2× and ½× as equal and opposite. */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((sum, v) => sum + Math.log(v), 0) / values.length);
}

/** Median of a non-empty list (sorted or not). */
export function medianOf(values: ArrayLike<number>): number {
  return median(sortedCopy(values));
}

/**
 * The values sorted, in a typed array: 8 bytes each and sorted natively, where a spread array sorted with
 * a comparator took twice the memory and several times the time at a million durations.
 */
function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}

/**
 * p50, p95, p99 and max by the nearest-rank method (the smallest value with at least p% of the samples
 * at or below it), so every figure is a duration that was actually measured.
 */
export function percentiles(samples: ArrayLike<number>): Percentiles {
  return percentilesInPlace(Float64Array.from(samples));
}

/**
 * percentiles of samples the caller owns, which it sorts in place: a million durations then cost no
 * second copy.
 */
export function percentilesInPlace(samples: Float64Array): Percentiles {
  if (samples.length === 0) throw new RangeError('percentiles needs at least one sample');
  const sorted = samples.sort();
  const rank = (p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]! };
}

/** Median of values the caller owns, which it sorts in place (see percentilesInPlace). */
export function medianInPlace(values: Float64Array): number {
  return median(values.sort());
}

/** A ratio or share kept to two decimals, as reports give them. */
export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Coefficient of variation (stddev / mean); null when either is missing or the mean is 0. */
export function coefficientOfVariation(stats: SampleStats): number | null {
  return stats.stddev === null || stats.mean === 0 ? null : stats.stddev / stats.mean;
}

function median(sorted: ArrayLike<number>): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
