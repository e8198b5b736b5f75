import { maxOf, medianOf, minOf, percentilesInPlace } from './stats.js';
import {
  type ClientResources,
  type FetchResult,
  type HistogramBucket,
  PHASE_NAMES,
  type PhaseName,
  type PhaseStats,
  type RunRecord,
} from './types.js';

/** A request's time in one phase, or null when it had none (see Phases). */
export function phaseOf(result: FetchResult, phase: PhaseName): number | null {
  switch (phase) {
    case 'dns':
      return result.phases.dnsMs;
    case 'connect':
      return result.phases.connectMs;
    case 'tls':
      return result.phases.tlsMs;
    case 'ttfb':
      return result.ttfbMs;
    case 'download':
      return result.phases.downloadMs;
  }
}

/** Each phase over every request of the runs that went through it. */
export function phaseStats(runs: readonly RunRecord[]): Record<PhaseName, PhaseStats | null> {
  // One pass over the results for every phase: each result read is an object built from the columns. A
  // phase's samples go into a buffer as long as the requests: the pages of a phase few requests went
  // through (DNS, connect and TLS on reused connections) are never touched, so they cost no memory.
  const requests = runs.reduce((n, run) => n + run.results.length, 0);
  const samplesOf = PHASE_NAMES.map(() => new Float64Array(requests));
  const counts = PHASE_NAMES.map(() => 0);
  for (const run of runs) {
    for (const result of run.results) {
      PHASE_NAMES.forEach((phase, i) => {
        const ms = phaseOf(result, phase);
        if (ms !== null) samplesOf[i]![counts[i]!++] = ms;
      });
    }
  }
  const stats = {} as Record<PhaseName, PhaseStats | null>;
  for (const [i, phase] of PHASE_NAMES.entries()) {
    const samples = samplesOf[i]!.subarray(0, counts[i]);
    if (samples.length === 0) stats[phase] = null;
    else {
      const { p50, p95, max } = percentilesInPlace(samples);
      stats[phase] = { count: samples.length, p50, p95, max };
    }
  }
  return stats;
}

/**
 * Durations in log-spaced buckets on the 1-2-5 series (…, 10, 20, 50, 100 ms, …), easy to read on an
 * axis: contiguous from the bucket of the fastest to the bucket of the slowest, empty ones included.
 */
export function latencyHistogram(durations: ArrayLike<number> & Iterable<number>): HistogramBucket[] {
  if (durations.length === 0) return [];
  const bounds = boundsCovering(minOf(durations), maxOf(durations));
  const counts = new Array<number>(bounds.length - 1).fill(0);
  for (const d of durations) {
    // The last bound is above the slowest duration, so every duration finds a bucket.
    let i = 0;
    while (d >= bounds[i + 1]!) i++;
    counts[i]! += 1;
  }
  return counts.map((count, i) => ({ fromMs: bounds[i]!, toMs: bounds[i + 1]!, count }));
}

/**
 * 1-2-5 bounds from the largest at or below `min` to the first above `max`. Requests under 1 ms share a
 * first bucket from 0.
 */
function boundsCovering(min: number, max: number): number[] {
  // bound(0) = 1, bound(1) = 2, bound(2) = 5, bound(3) = 10, …
  const bound = (k: number): number => [1, 2, 5][k % 3]! * 10 ** Math.floor(k / 3);
  let k = -1;
  const bounds = [0];
  if (min >= 1) {
    k = 0;
    while (bound(k + 1) <= min) k++;
    bounds[0] = bound(k);
  }
  while (bounds[bounds.length - 1]! <= max) bounds.push(bound(++k));
  return bounds;
}

/**
 * What corofetch's process used over a mode's rounds: the median of each figure over the runs (the max
 * loop delay and the peak memory: the largest), null when no run was measured.
 */
export function clientOverRounds(runs: readonly RunRecord[]): ClientResources | null {
  const measured = runs.flatMap((run) => (run.client === undefined ? [] : [run.client]));
  if (measured.length === 0) return null;
  const delays = measured.flatMap((c) => (c.loopDelayMs === null ? [] : [c.loopDelayMs]));
  return {
    cpuMs: medianOf(measured.map((c) => c.cpuMs)),
    loopDelayMs:
      delays.length === 0
        ? null
        : {
            p50: medianOf(delays.map((d) => d.p50)),
            p99: medianOf(delays.map((d) => d.p99)),
            max: maxOf(delays.map((d) => d.max)),
          },
    peakRssBytes: maxOf(measured.map((c) => c.peakRssBytes)),
  };
}
