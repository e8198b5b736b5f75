import type { Interval, Percentiles, SampleStats } from './types.js';
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
export function maxOf(values: readonly number[]): number {
  return values.reduce((max, x) => (x > max ? x : max), Number.NEGATIVE_INFINITY);
}

/** The smallest of a non-empty list; see maxOf. */
export function minOf(values: readonly number[]): number {
  return values.reduce((min, x) => (x < min ? x : min), Number.POSITIVE_INFINITY);
}

/** Median of a non-empty list (sorted or not). */
export function medianOf(values: readonly number[]): number {
  return median([...values].sort((a, b) => a - b));
}

/**
 * p50, p95, p99 and max by the nearest-rank method (the smallest value with at least p% of the samples
 * at or below it), so every figure is a duration that was actually measured.
 */
export function percentiles(samples: readonly number[]): Percentiles {
  if (samples.length === 0) throw new RangeError('percentiles needs at least one sample');
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number): number => sorted[Math.max(1, Math.ceil((p / 100) * sorted.length)) - 1]!;
  return { p50: rank(50), p95: rank(95), p99: rank(99), max: sorted[sorted.length - 1]! };
}

/** Coefficient of variation (stddev / mean); null when either is missing or the mean is 0. */
export function coefficientOfVariation(stats: SampleStats): number | null {
  return stats.stddev === null || stats.mean === 0 ? null : stats.stddev / stats.mean;
}

export interface BootstrapOptions {
  resamples?: number;
  confidence?: number;
  /** Fixed so that the same samples always give the same interval: a CI verdict must not flicker. */
  seed?: number;
}

/**
 * Percentile bootstrap interval of `statistic` over paired samples (Efron & Tibshirani, An Introduction to
 * the Bootstrap, ch. 13): resample whole pairs with replacement, so what each pair shares (drift of the
 * machine or the network during that pair) stays together. Null when the statistic is undefined for any
 * resample or for fewer than two pairs.
 */
export function bootstrapInterval<T>(
  pairs: readonly T[],
  statistic: (sample: readonly T[]) => number | null,
  { resamples = 2000, confidence = 0.95, seed = 0x5eed }: BootstrapOptions = {},
): Interval | null {
  if (pairs.length < 2) return null;
  const random = mulberry32(seed);
  const estimates: number[] = [];
  const sample: T[] = new Array<T>(pairs.length);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < pairs.length; i++) sample[i] = pairs[Math.floor(random() * pairs.length)]!;
    const value = statistic(sample);
    if (value === null || !Number.isFinite(value)) return null;
    estimates.push(value);
  }
  estimates.sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const at = (q: number): number =>
    estimates[Math.min(estimates.length - 1, Math.max(0, Math.floor(q * estimates.length)))]!;
  return { low: at(tail), high: at(1 - tail), confidence };
}

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A small, well-known 32-bit PRNG (Tommy Ettinger's mulberry32): deterministic for a given seed. */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
