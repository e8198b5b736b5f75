import type { SampleStats } from './types.js';
import { roundMs } from './time.js';

/**
 * Median, mean, min, max and the sample standard deviation (Bessel's n − 1, as hyperfine reports it) of
 * a non-empty list of milliseconds, each kept to the microsecond. One sample has no spread to estimate, so
 * its stddev is null rather than a made-up 0.
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
  };
}

/** Median of an ascending list: the middle value, or the mean of the two middle values. */
function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
