import { isIP } from 'node:net';
import { UsageError } from './errors.js';
import { meanInterval, quantileInterval } from './intervals.js';
import { phaseOf } from './distribution.js';
import { mapList, pickList } from './result-columns.js';
import {
  type InconclusivePolicy,
  type GateInterval,
  type Mode,
  MODES,
  PHASE_NAMES,
  type PhaseName,
  type Report,
  type RunRecord,
  type ThresholdCheck,
  type ThresholdOp,
  type ThresholdOutcome,
} from './types.js';

/** A parsed `--threshold` expression: `<metric> <op> <number>`. */
export interface ThresholdSpec {
  expr: string;
  metric: string;
  op: ThresholdOp;
  limit: number;
}

/** The gates of a session: every threshold, and how an inconclusive outcome counts. */
export interface Gates {
  /** --threshold in the order given, then --min-speedup, then --max-regression per mode. */
  thresholds: readonly ThresholdSpec[];
  inconclusive: InconclusivePolicy;
}

/** What metrics are read from: the finished figures, before the report is assembled. */
export interface MetricFacts {
  modes: Report['modes'];
  comparison: Report['comparison'];
  baseline: Report['baseline'];
}

/**
 * A metric a gate can name: its figure, and — for figures that vary — the 95% interval it is judged on,
 * always an interval of that very figure, so it contains what the report prints: a ratio or a change from
 * the rounds' log times (a paired t-interval, Welch's for a baseline), a mean from Student's t, a median or
 * a percentile from its order statistics (intervals.ts). A maximum and a count have no interval: they are
 * judged as measured.
 */
interface Metric {
  read(facts: MetricFacts): number | null;
  interval?(facts: MetricFacts): GateInterval | null;
  /** The modes it needs (both, or one). */
  needs: Mode[];
  baseline?: true;
}

/** The quantile each percentile statistic names; a median is p50. */
export const PERCENTILE_P = { p50: 0.5, p95: 0.95, p99: 0.99 } as const;

/** A quantile's order-statistic interval; none for a single sample, which is judged as measured. */
const gateQuantile = (samples: readonly number[], p: number): GateInterval | null =>
  samples.length < 2 ? null : quantileInterval(samples, p);

const wall = (mode: Mode, stat: 'median' | 'mean' | 'max'): Metric => ({
  read: ({ modes }) => modes[mode]?.wallMs[stat] ?? null,
  ...(stat === 'median' && {
    interval: ({ modes }) => gateQuantile(modes[mode]?.wallMs.samples ?? [], 0.5),
  }),
  ...(stat === 'mean' && { interval: ({ modes }) => meanInterval(modes[mode]?.wallMs.samples ?? []) }),
  needs: [mode],
});

/** Every request's duration, pooled over the rounds, as requestMs summarises them. */
const durations = (runs: readonly RunRecord[]): number[] =>
  runs.flatMap((run) => mapList(run.results, (r) => r.durationMs));

const request = (mode: Mode, stat: 'p95' | 'p99' | 'max'): Metric => ({
  read: ({ modes }) => modes[mode]?.requestMs[stat] ?? null,
  ...(stat !== 'max' && {
    interval: ({ modes }) => gateQuantile(durations(modes[mode]?.runs ?? []), PERCENTILE_P[stat]),
  }),
  needs: [mode],
});

/** One phase of a mode's requests (dns, connect, tls, ttfb, download), over the requests that had it. */
const phase = (mode: Mode, name: PhaseName, stat: 'p50' | 'p95' | 'max'): Metric => ({
  read: ({ modes }) => modes[mode]?.phasesMs[name]?.[stat] ?? null,
  ...(stat !== 'max' && {
    interval: ({ modes }) =>
      gateQuantile(
        (modes[mode]?.runs ?? []).flatMap((run) => pickList(run.results, (r) => phaseOf(r, name))),
        PERCENTILE_P[stat],
      ),
  }),
  needs: [mode],
});

/** A change since the baseline in percent: (now / then − 1) · 100, its interval from Welch's on the ratio. */
const regression = (mode: Mode): Metric => ({
  read: ({ baseline }) => {
    const ratio = baseline?.modes[mode]?.ratio;
    return ratio === undefined || ratio === null ? null : (ratio - 1) * 100;
  },
  interval: ({ baseline }) => {
    const interval = baseline?.modes[mode]?.interval;
    return interval === undefined
      ? null
      : { ...interval, low: (interval.low - 1) * 100, high: (interval.high - 1) * 100 };
  },
  needs: [mode],
  baseline: true,
});

/** URLs that failed in at least one round of any mode, each counted once. */
const failedUrls = ({ modes }: MetricFacts): number => {
  const failed = new Set<number>();
  for (const mode of MODES) {
    let i = 0;
    for (const url of modes[mode]?.urls ?? []) {
      if (url.failedRounds > 0) failed.add(i);
      i += 1;
    }
  }
  return failed.size;
};

/** Every metric a threshold can name. */
const METRICS: Record<string, Metric> = {
  speedup: {
    read: ({ comparison }) => comparison?.speedup ?? null,
    interval: ({ comparison }) => comparison?.speedupInterval ?? null,
    needs: [...MODES],
  },
  efficiency: {
    read: ({ comparison }) => comparison?.efficiency ?? null,
    // The in-order ideal over the interval of the concurrent median wall time: an interval of this figure.
    interval: ({ modes, comparison }) => {
      const median = gateQuantile(modes.concurrent?.wallMs.samples ?? [], 0.5);
      if (comparison === undefined || median === null || median.low <= 0) return null;
      const { idealWallMs } = comparison;
      return { ...median, low: median.high === null ? 0 : idealWallMs / median.high, high: idealWallMs / median.low };
    },
    needs: [...MODES],
  },
  failed: { read: failedUrls, needs: [] },
  ...Object.fromEntries(
    MODES.flatMap((mode) => [
      [`${mode}.wall.median`, wall(mode, 'median')],
      [`${mode}.wall.mean`, wall(mode, 'mean')],
      [`${mode}.wall.max`, wall(mode, 'max')],
      [`${mode}.request.p95`, request(mode, 'p95')],
      [`${mode}.request.p99`, request(mode, 'p99')],
      [`${mode}.request.max`, request(mode, 'max')],
      [`${mode}.regression`, regression(mode)],
      ...PHASE_NAMES.flatMap((name) =>
        (['p50', 'p95', 'max'] as const).map((stat) => [`${mode}.${name}.${stat}`, phase(mode, name, stat)] as const),
      ),
    ]),
  ),
};

export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);

/** The metric names, brace-compressed for help and messages; test/unit/program.test.ts checks it names every one. */
export const METRICS_HELP =
  'speedup, efficiency, failed, {serial,concurrent}.{wall.{median,mean,max},request.{p95,p99,max},' +
  '{dns,connect,tls,ttfb,download}.{p50,p95,max},regression}';

const EXPRESSION = /^\s*([a-z][a-z0-9.]*)\s*(<=|>=|==|<|>)\s*(-?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*$/i;

/** Parses `speedup>=2`, `concurrent.request.p95 < 250`…; a bad one is a UsageError naming what is wrong. */
export function parseThreshold(typed: string): ThresholdSpec {
  const match = EXPRESSION.exec(typed);
  // Messages quote what was typed, cut short: a pasted paragraph must not become the error.
  const text = typed.length > 80 ? `${typed.slice(0, 80)}…` : typed;
  if (match === null) {
    throw new UsageError(
      `--threshold '${text}' is not '<metric> <op> <number>' (ops: < <= > >= ==), e.g. 'speedup>=2'`,
    );
  }
  const [, rawMetric, op, number] = match as unknown as [string, string, ThresholdOp, string];
  const metric = rawMetric.toLowerCase();
  if (!Object.hasOwn(METRICS, metric)) {
    throw new UsageError(`--threshold '${text}': unknown metric '${rawMetric}'; known: ${METRICS_HELP}`);
  }
  const limit = Number(number);
  if (!Number.isFinite(limit)) throw new UsageError(`--threshold '${text}': the number is too large`);
  return thresholdSpec(metric, op, limit);
}

/** A threshold built from its parts (the shorthands --min-speedup and --max-regression make them so). */
export function thresholdSpec(metric: string, op: ThresholdOp, limit: number): ThresholdSpec {
  return { expr: `${metric} ${op} ${limit}`, metric, op, limit };
}

/** Refuses, before any request, a threshold that this run could never measure. */
export function assertMeasurable(spec: ThresholdSpec, modes: readonly Mode[], hasBaseline: boolean): void {
  const { needs, baseline } = METRICS[spec.metric]!;
  const missing = needs.filter((mode) => !modes.includes(mode));
  if (missing.length > 0) {
    throw new UsageError(
      `threshold '${spec.expr}' needs ${missing.join(' and ')} mode, which --mode ${modes.length === 2 ? 'both' : modes[0]} does not run`,
    );
  }
  if (baseline === true && !hasBaseline) throw new UsageError(`threshold '${spec.expr}' needs --baseline`);
}

/**
 * Judges one threshold. A figure with an interval (2 or more rounds) has three outcomes: the whole interval
 * meets the limit (passed), the whole interval misses it (failed), or it straddles it (inconclusive, which
 * counts as the policy says). `==`, and a figure without an interval, is judged as measured. A regression
 * against a baseline taken with other settings is inconclusive whatever it measures: it compares different
 * work. A figure that could not be measured fails — a gate never passes on missing data — unless the
 * session was interrupted, which decides the exit code itself: then it is not judged.
 */
export function judgeThreshold(
  spec: ThresholdSpec,
  facts: MetricFacts,
  policy: InconclusivePolicy,
  interrupted = false,
): ThresholdCheck {
  const { actual, interval: measured } = measureMetric(spec.metric, facts);
  const metric = METRICS[spec.metric]!;
  const interval = spec.op === '==' ? null : measured;
  const mode = spec.metric.split('.')[0] as Mode;
  const settingsDiffer = metric.baseline === true && facts.baseline?.modes[mode]?.settingsDiffer !== undefined;
  const outcome: ThresholdOutcome =
    actual === null
      ? interrupted
        ? 'not-judged'
        : 'failed'
      : settingsDiffer
        ? 'inconclusive'
        : interval !== null
          ? judgeInterval(spec, interval)
          : holds(actual, spec)
            ? 'passed'
            : 'failed';
  return {
    name: spec.metric,
    expr: spec.expr,
    metric: spec.metric,
    op: spec.op,
    limit: spec.limit,
    actual,
    passed: outcome === 'passed' || outcome === 'not-judged' || (outcome === 'inconclusive' && policy !== 'fail'),
    outcome,
    ...(interval !== null && { interval }),
  };
}

/**
 * Why no request of this list can have the phase a metric names, or null: a gate on it could only fail as
 * not measured after a whole session, so it is refused before (the DNS phase of IP-address hosts, the TLS
 * phase of http:// URLs).
 */
export function phaseNeverSeen(metric: string, urls: readonly string[]): string | null {
  const phase = metric.split('.')[1];
  if (phase === 'dns' && urls.every((url) => isIP(new URL(url).hostname.replace(/^\[|\]$/g, '')) !== 0)) {
    return `${metric} measures DNS lookups, and every URL's host is an IP address: there is none to measure`;
  }
  if (phase === 'tls' && urls.every((url) => url.startsWith('http:'))) {
    return `${metric} measures TLS handshakes, and every URL is http://: there is none to measure`;
  }
  return null;
}

/** A metric's figure, and the 95% interval of it when it has one: what a gate judges. */
export function measureMetric(
  name: string,
  facts: MetricFacts,
): { actual: number | null; interval: GateInterval | null } {
  const metric = METRICS[name]!;
  const actual = metric.read(facts);
  return { actual, interval: actual === null ? null : (metric.interval?.(facts) ?? null) };
}

/**
 * An interval that meets the limit everywhere passes; one that misses it everywhere fails; one that
 * straddles it is inconclusive. An open upper end (too few samples to bound a percentile from above)
 * cannot meet an upper limit, nor miss a lower one.
 */
function judgeInterval(spec: ThresholdSpec, { low, high }: GateInterval): ThresholdOutcome {
  const ends = high === null ? [low, Number.POSITIVE_INFINITY] : [low, high];
  const allHold = ends.every((end) => holds(end, spec));
  const noneHold = ends.every((end) => !holds(end, spec));
  return allHold ? 'passed' : noneHold ? 'failed' : 'inconclusive';
}

function holds(value: number, { op, limit }: ThresholdSpec): boolean {
  switch (op) {
    case '<':
      return value < limit;
    case '<=':
      return value <= limit;
    case '>':
      return value > limit;
    case '>=':
      return value >= limit;
    case '==':
      return value === limit;
  }
}
