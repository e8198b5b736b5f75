import type { Interval } from '../../src/core/types.js';
import { seededDraws } from '../../src/core/random.js';

/**
 * The percentile bootstrap corofetch used for the speedup interval until issue 14, kept here only as the
 * calibration test's negative control: at 3 rounds it under-covers (about 12% false fails for a 95%
 * interval), which shows that test can catch a bad method.
 */
interface BootstrapOptions {
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
  const random = seededDraws(seed).uniform;
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
