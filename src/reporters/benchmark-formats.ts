import type { BenchmarkFigures } from '../core/benchmark-figures.js';

const NS_PER_MS = 1e6;

/**
 * Bencher Metric Format (bencher.dev/docs/reference/bencher-metric-format): `{ benchmark: { measure: {
 * value, lower_value, upper_value } } }`. Times go to the built-in `latency` measure, which counts
 * nanoseconds; the speedup to a `speedup` measure, which Bencher creates on first use. The bounds are the
 * 95% interval corofetch's gates judge on, where Bencher's own adapters put mean ± one standard deviation.
 */
export function renderBencher({ times, speedup }: BenchmarkFigures): string {
  const bmf: Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>> = {};
  for (const f of times) {
    bmf[f.name] = {
      latency: {
        value: Math.round(f.value * NS_PER_MS),
        ...(f.interval !== null && {
          lower_value: Math.round(f.interval.low * NS_PER_MS),
          upper_value: Math.round(f.interval.high * NS_PER_MS),
        }),
      },
    };
  }
  if (speedup !== null) {
    bmf.speedup = {
      speedup: {
        value: ratio(speedup.value),
        ...(speedup.interval !== null && {
          lower_value: ratio(speedup.interval.low),
          upper_value: ratio(speedup.interval.high),
        }),
      },
    };
  }
  return `${JSON.stringify(bmf, null, 2)}\n`;
}

/**
 * github-action-benchmark's `customSmallerIsBetter` input (its README, "Examples"; src/extract.ts,
 * BenchmarkResult): an array of `{ name, unit, value, range, extra }`, range and extra free text. Only
 * times: a speedup is bigger-is-better and would need a second file and a second tool setting.
 */
export function renderBenchmarkAction({ times }: BenchmarkFigures): string {
  const entries = times.map((f) => ({
    name: f.name,
    unit: 'ms',
    value: milliseconds(f.value),
    ...(f.interval !== null && {
      range: `${milliseconds(f.interval.low)}–${milliseconds(f.interval.high)} (95% interval)`,
    }),
    extra: `${f.rounds} round${f.rounds === 1 ? '' : 's'}\nRSD ${f.rsd === null ? 'n/a' : `${(f.rsd * 100).toFixed(1)}%`}`,
  }));
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** Microseconds, as the JSON report has them. */
const milliseconds = (ms: number): number => Math.round(ms * 1000) / 1000;
const ratio = (value: number): number => Math.round(value * 10_000) / 10_000;
