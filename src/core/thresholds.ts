import {
  MODES,
  type Interval,
  type Mode,
  type ModeSummary,
  type Report,
  type ThresholdCheck,
  type ThresholdOp,
  type ThresholdOutcome,
} from './types.js';
import { UsageError } from './errors.js';

/** A parsed `--threshold` expression: `<metric> <op> <number>`. */
export interface ThresholdSpec {
  expr: string;
  metric: string;
  op: ThresholdOp;
  limit: number;
}

export type InconclusivePolicy = 'pass' | 'fail';

/** The gates of a session: every threshold, and how an inconclusive outcome counts. */
export interface Gates {
  /** --threshold in the order given, then --min-speedup, then --max-regression per mode. */
  thresholds: readonly ThresholdSpec[];
  inconclusive: InconclusivePolicy;
}

type Reader = (facts: MetricFacts) => number | null;

/** What metrics are read from: the finished figures, before the report is assembled. */
export interface MetricFacts {
  modes: Report['modes'];
  comparison: Report['comparison'];
  baseline: Report['baseline'];
}

const wall =
  (mode: Mode, stat: 'median' | 'mean' | 'max'): Reader =>
  ({ modes }) =>
    modes[mode]?.wallMs[stat] ?? null;
const request =
  (mode: Mode, stat: 'p95' | 'p99' | 'max'): Reader =>
  ({ modes }) =>
    modes[mode]?.requestMs[stat] ?? null;
const regression =
  (mode: Mode): Reader =>
  ({ baseline }) => {
    const ratio = baseline?.modes[mode]?.ratio;
    return ratio === undefined || ratio === null ? null : (ratio - 1) * 100;
  };
const failedCount: Reader = ({ modes }) =>
  Object.values(modes).reduce((sum, summary: ModeSummary | undefined) => sum + (summary?.failed ?? 0), 0);

/** Every metric a threshold can name, with the modes it needs (both, or one) and whether it needs a baseline. */
const METRICS: Record<string, { read: Reader; needs: Mode[]; baseline?: true }> = {
  speedup: { read: ({ comparison }) => comparison?.speedup ?? null, needs: [...MODES] },
  efficiency: { read: ({ comparison }) => comparison?.efficiency ?? null, needs: [...MODES] },
  failed: { read: failedCount, needs: [] },
  ...Object.fromEntries(
    MODES.flatMap((mode) => [
      [`${mode}.wall.median`, { read: wall(mode, 'median'), needs: [mode] }],
      [`${mode}.wall.mean`, { read: wall(mode, 'mean'), needs: [mode] }],
      [`${mode}.wall.max`, { read: wall(mode, 'max'), needs: [mode] }],
      [`${mode}.request.p95`, { read: request(mode, 'p95'), needs: [mode] }],
      [`${mode}.request.p99`, { read: request(mode, 'p99'), needs: [mode] }],
      [`${mode}.request.max`, { read: request(mode, 'max'), needs: [mode] }],
      [`${mode}.regression`, { read: regression(mode), needs: [mode], baseline: true as const }],
    ]),
  ),
};

export const METRIC_NAMES: readonly string[] = Object.keys(METRICS);

/** The metric names, brace-compressed for help and messages; test/unit/program.test.ts checks it names every one. */
export const METRICS_HELP =
  'speedup, efficiency, failed, {serial,concurrent}.wall.{median,mean,max}, ' +
  '{serial,concurrent}.request.{p95,p99,max}, {serial,concurrent}.regression';

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
 * Judges one threshold. With an interval (the speedup over 3 or more paired runs) there are three
 * outcomes: the whole interval meets the limit (passed), the whole interval misses it (failed), or it
 * straddles it (inconclusive, which passes or fails as the policy says). Without one, the point figure
 * decides. A figure that could not be measured fails: a gate never passes on missing data.
 */
export function judgeThreshold(spec: ThresholdSpec, facts: MetricFacts, policy: InconclusivePolicy): ThresholdCheck {
  const actual = METRICS[spec.metric]!.read(facts);
  const interval = spec.metric === 'speedup' && spec.op !== '==' ? facts.comparison?.speedupInterval : undefined;
  const outcome: ThresholdOutcome =
    actual === null
      ? 'failed'
      : interval !== undefined
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
    passed: outcome === 'passed' || (outcome === 'inconclusive' && policy === 'pass'),
    outcome,
    ...(interval !== undefined && { interval }),
  };
}

function judgeInterval(spec: ThresholdSpec, { low, high }: Interval): ThresholdOutcome {
  const allHold = holds(low, spec) && holds(high, spec);
  const noneHold = !holds(low, spec) && !holds(high, spec);
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
