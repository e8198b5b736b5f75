import { logMeanInterval } from './intervals.js';
import { mapList } from './result-columns.js';
import { coefficientOfVariation, geometricMean, percentiles, summarize } from './stats.js';
import { type Interval, MODES, type Report } from './types.js';

/**
 * One figure continuous-benchmarking services keep history of: the geometric mean of its per-round values
 * — the centre of the 95% interval its gate is judged on, so the value always lies within its bounds (a
 * median or a pooled percentile need not) — with that interval (none for one round), the rounds it comes
 * from and their relative standard deviation.
 */
export interface BenchmarkFigure {
  /** The benchmark's name there, e.g. `concurrent wall time`. */
  name: string;
  /** Milliseconds, or a ratio for the speedup. */
  value: number;
  interval: Interval | null;
  rounds: number;
  /** Standard deviation over the mean of the per-round figures; null under two rounds. */
  rsd: number | null;
}

/** The figures to export: each mode's median wall time and request p95 (ms), and the speedup. */
export interface BenchmarkFigures {
  times: BenchmarkFigure[];
  speedup: BenchmarkFigure | null;
}

export function benchmarkFigures(report: Report): BenchmarkFigures {
  const figure = (name: string, perRound: number[]): BenchmarkFigure | null => {
    if (perRound.length === 0) return null;
    const interval = logMeanInterval(perRound);
    return {
      name,
      value: geometricMean(perRound),
      interval: interval === null ? null : { ...interval, method: 't-log-mean' },
      rounds: perRound.length,
      rsd: coefficientOfVariation(summarize(perRound)),
    };
  };
  const times = MODES.flatMap((mode) => {
    const runs = report.modes[mode]?.runs ?? [];
    const p95s = runs.flatMap((run) =>
      run.results.length === 0 ? [] : [percentiles(mapList(run.results, (r) => r.durationMs)).p95],
    );
    return [
      figure(
        `${mode} wall time`,
        runs.map((run) => run.wallMs),
      ),
      figure(`${mode} request p95`, p95s),
    ].filter((f): f is BenchmarkFigure => f !== null);
  });
  return { times, speedup: figure('speedup', report.comparison?.pairRatios ?? []) };
}
