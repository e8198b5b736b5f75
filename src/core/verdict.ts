import type { Comparison, ThresholdCheck } from './types.js';
import { EXIT } from './errors.js';
import { roundMs } from './time.js';

/**
 * Lower bound on the wall time of running these requests c at a time: no schedule beats the longest
 * request, nor the total work spread evenly over c slots. c is capped at the number of requests.
 */
export function idealWallMs(durationsMs: readonly number[], concurrency: number): number {
  if (durationsMs.length === 0) return 0;
  const slots = Math.min(concurrency, durationsMs.length);
  const total = durationsMs.reduce((sum, d) => sum + d, 0);
  // reduce, not Math.max(...list): spreading a list of 100,000 overflows the call stack.
  const longest = durationsMs.reduce((max, d) => Math.max(max, d), 0);
  return roundMs(Math.max(longest, total / slots));
}

/** Ratios of the two modes' median wall times; a zero denominator gives null, not Infinity (JSON has none). */
export function compareModes(serialMs: number, concurrentMs: number, idealMs: number): Comparison {
  return {
    speedup: ratio(serialMs, concurrentMs),
    idealWallMs: idealMs,
    idealSpeedup: ratio(serialMs, idealMs),
    efficiency: ratio(idealMs, concurrentMs),
  };
}

export interface ThresholdLimits {
  /** --min-speedup; null when not given. */
  minSpeedup: number | null;
}

/** A figure that could not be measured fails its check: a gate must never pass on missing data. */
export function checkThresholds(limits: ThresholdLimits, comparison: Comparison | undefined): ThresholdCheck[] {
  if (limits.minSpeedup === null) return [];
  const actual = comparison?.speedup ?? null;
  return [{ name: 'speedup', limit: limits.minSpeedup, actual, passed: actual !== null && actual >= limits.minSpeedup }];
}

/**
 * 0 when every request succeeded and every threshold passed. A failed request (1) wins over a breached
 * threshold (3): timings that include failures are not worth gating on, so the failure is the news.
 */
export function decideExitCode(failedRequests: number, thresholds: readonly ThresholdCheck[]): number {
  if (failedRequests > 0) return EXIT.REQUEST_FAILED;
  if (thresholds.some((t) => !t.passed)) return EXIT.THRESHOLD;
  return EXIT.OK;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
