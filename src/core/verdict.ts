import type { Comparison, ModeSummary, ThresholdCheck } from './types.js';
import { EXIT, type InterruptSignal } from './exit-codes.js';
import { bootstrapInterval, maxOf, medianOf, minOf } from './stats.js';
import { roundMs } from './time.js';

/** Fewer paired runs than this give no interval, and the comparison says so. */
export const MIN_RUNS_FOR_INTERVAL = 3;

/**
 * Lower bound on the wall time of running these requests c at a time: no schedule beats the longest
 * request, nor the total work spread evenly over c slots. c is capped at the number of requests.
 */
export function idealWallMs(durationsMs: readonly number[], concurrency: number): number {
  if (durationsMs.length === 0) return 0;
  const slots = Math.min(concurrency, durationsMs.length);
  const total = durationsMs.reduce((sum, d) => sum + d, 0);
  const longest = maxOf(durationsMs);
  return roundMs(Math.max(longest, total / slots));
}

/**
 * Compares the modes: the speedup as a ratio of medians (robust to one odd run), the ratio of each pair
 * of runs (run i of each mode ran back to back), a bootstrap interval over the pairs, and the ideal from
 * the serial per-URL median durations. A zero denominator gives null, not Infinity (JSON has none).
 */
export function compareModes(serial: ModeSummary, concurrent: ModeSummary, concurrency: number): Comparison {
  const pairs = serial.runs.map((run, i) => [run.wallMs, concurrent.runs[i]?.wallMs ?? Number.NaN] as const);
  const pairRatios = pairs.map(([s, c]) => ratio(s, c)).filter((r): r is number => r !== null && Number.isFinite(r));
  const ideal = idealWallMs(
    serial.urls.map((u) => u.durationMs.median),
    concurrency,
  );
  const interval =
    pairs.length >= MIN_RUNS_FOR_INTERVAL
      ? bootstrapInterval(pairs, (sample) =>
          ratio(medianOf(sample.map((p) => p[0])), medianOf(sample.map((p) => p[1]))),
        )
      : null;
  return {
    speedup: ratio(serial.wallMs.median, concurrent.wallMs.median),
    pairRatios,
    pairMin: pairRatios.length > 0 ? minOf(pairRatios) : null,
    pairMax: pairRatios.length > 0 ? maxOf(pairRatios) : null,
    ...(interval !== null && { speedupInterval: interval }),
    idealWallMs: ideal,
    idealSpeedup: ratio(serial.wallMs.median, ideal),
    efficiency: ratio(ideal, concurrent.wallMs.median),
    ...(pairs.length < MIN_RUNS_FOR_INTERVAL && {
      note: `${pairs.length} run${pairs.length === 1 ? '' : 's'} per mode: no confidence interval; use --runs ${MIN_RUNS_FOR_INTERVAL} or more to judge the speedup against noise`,
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
  failedRequests: number,
  thresholds: readonly ThresholdCheck[],
  interruptedBy: InterruptSignal | null = null,
): number {
  if (interruptedBy !== null) return EXIT[interruptedBy];
  const failuresJudged = thresholds.some((t) => t.metric === 'failed');
  if (failedRequests > 0 && !failuresJudged) return EXIT.REQUEST_FAILED;
  if (thresholds.some((t) => !t.passed)) return EXIT.THRESHOLD;
  return EXIT.OK;
}

function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
