import { coefficientOfVariation, geometricMean, summarize } from './stats.js';
import { measureMetric, metricPerRound, type MetricFacts } from './thresholds.js';
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
  const facts: MetricFacts = { modes: report.modes, comparison: report.comparison, baseline: report.baseline };
  const figure = (metric: string, name: string): BenchmarkFigure | null => {
    const { actual, interval } = measureMetric(metric, facts);
    if (actual === null) return null;
    const perRound = metricPerRound(metric, facts);
    const rsd = perRound.length === 0 ? null : coefficientOfVariation(summarize(perRound));
    const value = perRound.length === 0 ? actual : geometricMean(perRound);
    return { name, value, interval, rounds: perRound.length, rsd };
  };
  const times = MODES.flatMap((mode) =>
    [figure(`${mode}.wall.mean`, `${mode} wall time`), figure(`${mode}.request.p95`, `${mode} request p95`)].filter(
      (f): f is BenchmarkFigure => f !== null,
    ),
  );
  const speedup = figure('speedup', 'speedup');
  return {
    times,
    speedup: speedup === null ? null : { ...speedup, rounds: report.comparison?.pairRatios.length ?? 0 },
  };
}
