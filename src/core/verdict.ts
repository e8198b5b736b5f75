import { medianDurations } from './result-columns.js';
import type { Comparison, ModeSummary, ThresholdCheck } from './types.js';
import { EXIT, type InterruptSignal } from './exit-codes.js';
import { inOrderMakespanMs, lowerBoundMs, slowestFirstMakespanMs } from './ideal.js';
import { logRatioInterval } from './intervals.js';
import { geometricMean, maxOf, minOf } from './stats.js';

/** Fewer rounds than this leave the gates to noise, and the report says so (FEW_RUNS). */
export const MIN_ROUNDS_FOR_GATES = 3;

/**
 * Compares the modes round by round: each round's ratio serial / concurrent (its two runs ran back to back,
 * sharing the machine's and the network's state), the speedup as their geometric mean and its t-interval on
 * the log ratios (intervals.ts), and the ideals from the serial per-URL median durations: the in-order
 * ideal the fetcher can reach, the bound no order beats, and what the slowest-first order would reach.
 * A zero denominator gives null, not Infinity (JSON has none).
 */
export function compareModes(serial: ModeSummary, concurrent: ModeSummary, concurrency: number): Comparison {
  const rounds = Math.min(serial.runs.length, concurrent.runs.length);
  const pairRatios: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const value = ratio(serial.runs[i]!.wallMs, concurrent.runs[i]!.wallMs);
    if (value !== null) pairRatios.push(value);
  }
  const complete = pairRatios.length === rounds && rounds > 0;
  const durations = medianDurations(serial.urls);
  const ideal = inOrderMakespanMs(durations, concurrency);
  const interval = complete ? logRatioInterval(pairRatios) : null;
  return {
    speedup: complete ? geometricMean(pairRatios) : null,
    pairRatios,
    pairMin: pairRatios.length > 0 ? minOf(pairRatios) : null,
    pairMax: pairRatios.length > 0 ? maxOf(pairRatios) : null,
    ...(interval !== null && { speedupInterval: { ...interval, method: 't-log-ratio' as const } }),
    idealWallMs: ideal,
    lowerBoundWallMs: lowerBoundMs(durations, concurrency),
    slowestFirstWallMs: slowestFirstMakespanMs(durations, concurrency),
    idealSpeedup: ratio(serial.wallMs.median, ideal),
    efficiency: ratio(ideal, concurrent.wallMs.median),
    ...(rounds < 2 && {
      note: `${rounds} round: no interval; use --runs ${MIN_ROUNDS_FOR_GATES} or more to judge the speedup against noise`,
    }),
  };
}

/**
 * An interruption decides alone (130 for SIGINT, 143 for SIGTERM): the figures are partial. Otherwise 0
 * when every request succeeded and every threshold passed; 3 when a threshold failed; 1 when a request
 * failed, which wins over 3 (timings that include failures are not worth gating on) unless a threshold
 * names `failed`: then that threshold is how the user judges failures, and it alone decides.
 */
export function decideExitCode(
  failedUrls: number,
  thresholds: readonly ThresholdCheck[],
  interruptedBy: InterruptSignal | null = null,
): number {
  if (interruptedBy !== null) return EXIT[interruptedBy];
  const failuresJudged = thresholds.some((t) => t.metric === 'failed');
  if (failedUrls > 0 && !failuresJudged) return EXIT.REQUEST_FAILED;
  if (thresholds.some((t) => !t.passed)) return EXIT.THRESHOLD;
  return EXIT.OK;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
