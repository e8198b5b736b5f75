import { CLIENT_MIN_WALL_MS, clientWasBusy } from './diagnosis.js';
import { EXIT, type InterruptSignal } from './exit-codes.js';
import { inOrderMakespanMs } from './ideal.js';
import { DETAIL_FULL_UP_TO } from './report.js';
import { logMeanInterval } from './intervals.js';
import type { Interval } from './types.js';
import { geometricMean, maxOf, medianInPlace, minOf, percentilesInPlace, round2 } from './stats.js';
import {
  bootstrapIntervals,
  type BoundedFit,
  fitBounded,
  fitUsl,
  type FitIntervals,
  predict,
  type SweepPoint,
  type UslFit,
} from './sweep-fit.js';
import type { SweepRun } from './sweep.js';
import { roundMs } from './time.js';

/** Fewer levels (c = 1 among them) or rounds than this: the table and the measured knee, no model. */
const FIT_MIN_LEVELS = 6;
const FIT_MIN_ROUNDS = 3;
/** Bootstrap refits per model. */
const BOOTSTRAP_SAMPLES = 200;
/** Points of the fitted curve the report carries for a plot. */
const CURVE_POINTS = 61;

/** One level over its measured rounds. */
export interface SweepLevel {
  level: number;
  /** How many times each round went through the list (REQUESTS_PER_SLOT requests per slot at least). */
  passes: number;
  requestsPerRound: number;
  rounds: number;
  /** Successful requests per second: the geometric mean over rounds, and its 95% interval (t on logs). */
  rps: number | null;
  rpsInterval: Interval | null;
  bytesPerSecond: number | null;
  /** Over c = 1, paired by round (each round's ratio), with its 95% interval; null without a c = 1 level. */
  speedup: number | null;
  speedupInterval: Interval | null;
  /** What the in-order schedule of the serial per-URL medians reaches at this c, over c = 1. */
  idealSpeedup: number | null;
  /** speedup / idealSpeedup. */
  efficiency: number | null;
  requestMs: { p50: number; p95: number } | null;
  failedRequests: number;
  errors: Record<string, number>;
  /** A level with a failed request is left out of the knee and the fits: it did other work. */
  excluded: boolean;
  /**
   * corofetch's own CPU per wall second, and how late its event loop ran (p99, the worst round); null when
   * no run of the level lasted CLIENT_MIN_WALL_MS, too short to judge.
   */
  client: { cpuShare: number | null; loopDelayP99Ms: number | null; busy: boolean };
}

export interface SweepKnee {
  /** The smallest level within the tolerance of the best one; null when that is the last level tested. */
  level: number | null;
  bestLevel: number | null;
  /** Fraction of the best throughput a level must reach (0.1: within 10%). */
  tolerance: number;
  message: string;
}

export interface SweepModel {
  chosen: 'bounded' | 'usl';
  /** The chosen model's throughput on a log-spaced grid over the levels, for a plot. */
  curve: Array<{ level: number; rps: number }>;
  bounded: BoundedFit & { intervals: FitIntervals };
  usl: UslFit & { intervals: FitIntervals; peakInRange: boolean };
  message: string;
}

export interface SweepAnalysis {
  levels: SweepLevel[];
  knee: SweepKnee;
  /** The fitted models, or why there are none. */
  model: SweepModel | { skipped: string };
  client: { busyLevels: number[]; message: string };
}

export interface AnalysisOptions {
  kneeTolerance: number;
  seed: number;
  urlCount: number;
}

/** Every figure of a sweep from its measured runs (warm-ups and runs cut short already left out). */
export function analyseSweep(runs: readonly SweepRun[], options: AnalysisOptions): SweepAnalysis {
  const byLevel = new Map<number, SweepRun[]>();
  for (const run of runs) byLevel.set(run.level, [...(byLevel.get(run.level) ?? []), run]);
  const serial = byLevel.get(1);
  const serialMedians = serial === undefined ? null : perUrlMedians(serial, options.urlCount);
  const serialRps = serial === undefined ? null : rpsOf(serial);

  const levels = [...byLevel.keys()]
    .sort((a, b) => a - b)
    .map((level) => summariseLevel(level, byLevel.get(level)!, serial, serialRps, serialMedians));
  const knee = findKnee(levels, options.kneeTolerance);
  const model = fitModels(levels, runs, options.seed);
  return { levels, knee, model, client: clientSummary(levels, knee) };
}

function rpsOf(runs: readonly SweepRun[]): number[] {
  return runs.map((run) => (run.requests - run.failedRequests) / (run.wallMs / 1000));
}

/** Each URL's median duration over the serial runs (all passes, all rounds): the work the ideal schedules. */
function perUrlMedians(runs: readonly SweepRun[], urlCount: number): Float64Array {
  const medians = new Float64Array(urlCount);
  const scratch = new Float64Array(runs.reduce((n, run) => n + Math.ceil(run.durationsMs.length / urlCount), 0));
  for (let i = 0; i < urlCount; i++) {
    let n = 0;
    for (const run of runs) {
      for (let at = i; at < run.durationsMs.length; at += urlCount) scratch[n++] = run.durationsMs[at]!;
    }
    medians[i] = medianInPlace(scratch.subarray(0, n));
  }
  return medians;
}

function summariseLevel(
  level: number,
  runs: readonly SweepRun[],
  serial: readonly SweepRun[] | undefined,
  serialRps: number[] | null,
  serialMedians: Float64Array | null,
): SweepLevel {
  const first = runs[0]!;
  const rps = rpsOf(runs);
  const failedRequests = runs.reduce((sum, run) => sum + run.failedRequests, 0);
  const errors: Record<string, number> = {};
  for (const run of runs) for (const [code, n] of Object.entries(run.errors)) errors[code] = (errors[code] ?? 0) + n;
  const durations = new Float64Array(runs.reduce((n, run) => n + run.durationsMs.length, 0));
  let measured = 0;
  for (const run of runs) for (const d of run.durationsMs) if (!Number.isNaN(d)) durations[measured++] = d;
  const { p50, p95 } = measured > 0 ? percentilesInPlace(durations.subarray(0, measured)) : { p50: null, p95: null };

  // Paired by round: the c = 1 run of the same round, which saw the same state of the machine and network.
  const ratios: number[] = [];
  if (serial !== undefined && serialRps !== null) {
    runs.forEach((run, i) => {
      const s = serial.findIndex((r) => r.round === run.round);
      if (s !== -1 && serialRps[s]! > 0 && rps[i]! > 0) ratios.push(rps[i]! / serialRps[s]!);
    });
  }
  let idealSpeedup: number | null = null;
  if (serialMedians !== null && serialRps !== null) {
    const repeated = new Float64Array(first.passes * serialMedians.length);
    for (let i = 0; i < repeated.length; i++) repeated[i] = serialMedians[i % serialMedians.length]!;
    const makespanMs = inOrderMakespanMs(repeated, level);
    const serialMs = repeated.reduce((sum, d) => sum + d, 0);
    idealSpeedup = makespanMs > 0 ? serialMs / makespanMs : null;
  }
  const speedup = ratios.length === runs.length && ratios.length > 0 ? geometricMean(ratios) : null;
  // A run shorter than CLIENT_MIN_WALL_MS is mostly its own start-up: its CPU share says nothing.
  const timed = runs.filter((run) => run.wallMs >= CLIENT_MIN_WALL_MS);
  const cpuShare = timed.length === 0 ? null : maxOf(timed.map((run) => run.client.cpuMs / run.wallMs));
  const loops = timed.flatMap((run) => (run.client.loopDelayMs === null ? [] : [run.client.loopDelayMs.p99]));
  const loopDelayP99Ms = loops.length === 0 ? null : maxOf(loops);
  return {
    level,
    passes: first.passes,
    requestsPerRound: first.requests,
    rounds: runs.length,
    rps: rps.every((x) => x > 0) ? round2(geometricMean(rps)) : null,
    rpsInterval: roundInterval(logMeanInterval(rps)),
    bytesPerSecond: Math.round(geometricMean(runs.map((run) => Math.max(1, run.bytes) / (run.wallMs / 1000)))),
    speedup: speedup === null ? null : round2(speedup),
    speedupInterval: roundInterval(ratios.length === runs.length ? logMeanInterval(ratios) : null),
    idealSpeedup: idealSpeedup === null ? null : round2(idealSpeedup),
    efficiency: speedup === null || idealSpeedup === null ? null : round2(speedup / idealSpeedup),
    requestMs: p50 === null || p95 === null ? null : { p50: roundMs(p50), p95: roundMs(p95) },
    failedRequests,
    errors,
    excluded: failedRequests > 0,
    client: {
      cpuShare: cpuShare === null ? null : round2(cpuShare),
      loopDelayP99Ms,
      busy: clientWasBusy(cpuShare ?? 0, loopDelayP99Ms ?? 0),
    },
  };
}

/**
 * The knee, measured: the smallest level whose throughput is within `tolerance` of the best level's. When
 * that is the last level kept, the curve was still rising: no knee within the tested range. Intervals are
 * shown beside it, not used: "its interval reaches the best's lowered band" follows from the centre being
 * within it, and "its interval overlaps the best's" made c = 1 the knee of a two-round sweep on a loaded
 * machine, whose c = 1 interval spanned 22–81 req/s.
 */
export function findKnee(levels: readonly SweepLevel[], tolerance: number): SweepKnee {
  const usable = levels.filter((l) => !l.excluded && l.rps !== null);
  const percent = `${Math.round(tolerance * 100)}%`;
  if (levels.length === 0) return { level: null, bestLevel: null, tolerance, message: 'none: no level was measured' };
  if (usable.length === 0) {
    return { level: null, bestLevel: null, tolerance, message: 'none: every level had failed requests' };
  }
  if (usable.length === 1) {
    return { level: null, bestLevel: usable[0]!.level, tolerance, message: 'none: one level cannot show a bend' };
  }
  const best = usable.reduce((a, b) => (b.rps! > a.rps! ? b : a));
  const knee = usable.find((l) => l.rps! >= (1 - tolerance) * best.rps!)!;
  const last = usable.at(-1)!;
  if (knee.level === last.level) {
    const which = last.level === levels.at(-1)!.level ? 'the last level measured' : 'the last level without failures';
    return {
      level: null,
      bestLevel: best.level,
      tolerance,
      message: `no knee within the tested range: throughput was still rising at c = ${last.level}, ${which}`,
    };
  }
  const gain = Math.round((best.rps! / knee.rps! - 1) * 100);
  return {
    level: knee.level,
    bestLevel: best.level,
    tolerance,
    message:
      `c = ${knee.level}: ${formatRps(knee.rps!)} req/s, within ${percent} of the best (${formatRps(best.rps!)} at c = ${best.level}); ` +
      `higher levels added ${gain <= 0 ? 'nothing' : `at most ${gain}%`}`,
  };
}

function fitModels(levels: readonly SweepLevel[], runs: readonly SweepRun[], seed: number): SweepAnalysis['model'] {
  const usable = new Set(levels.filter((l) => !l.excluded).map((l) => l.level));
  const points: SweepPoint[] = runs
    .filter((run) => usable.has(run.level) && run.failedRequests === 0)
    .map((run) => ({ level: run.level, throughput: run.requests / (run.wallMs / 1000) }));
  const rounds = levels.length === 0 ? 0 : minOf(levels.map((l) => l.rounds));
  if (!usable.has(1) || usable.size < FIT_MIN_LEVELS || rounds < FIT_MIN_ROUNDS) {
    const measured =
      levels.length === 0
        ? 'nothing measured'
        : `${usable.size} of ${levels.length} levels without failures${usable.has(1) ? '' : ', c = 1 not among them'}, ` +
          `${rounds} round${rounds === 1 ? '' : 's'}`;
    return {
      skipped: `a fit needs ${FIT_MIN_LEVELS} levels without failures, c = 1 among them, and ${FIT_MIN_ROUNDS} rounds (this sweep: ${measured})`,
    };
  }
  const top = maxOf([...usable]);
  const low = minOf([...usable]);
  const bounded = fitBounded(points);
  const usl = fitUsl(points);
  const boundedIntervals = bootstrapIntervals(
    points,
    fitBounded,
    (f) => ({ k: f.k, lambda: f.lambda }),
    seed,
    BOOTSTRAP_SAMPLES,
  );
  const uslIntervals = bootstrapIntervals(
    points,
    fitUsl,
    (f) => ({ sigma: f.sigma, kappa: f.kappa, peak: f.peak, lambda: f.lambda }),
    seed,
    BOOTSTRAP_SAMPLES,
  );
  const peakInRange = usl.peak !== null && usl.peak >= low && usl.peak <= top;
  const chosen = bounded.aicc <= usl.aicc ? 'bounded' : 'usl';
  const curve = Array.from({ length: CURVE_POINTS }, (_, i) => {
    const level = low * (top / low) ** (i / (CURVE_POINTS - 1));
    return { level: round2(level), rps: round2(predict(chosen === 'bounded' ? bounded : usl, level)) };
  });
  return {
    chosen,
    curve,
    bounded: { ...bounded, intervals: boundedIntervals },
    usl: { ...usl, intervals: uslIntervals, peakInRange },
    message:
      chosen === 'bounded' ? describeBounded(bounded, boundedIntervals) : describeUsl(usl, peakInRange, uslIntervals),
  };
}

function describeBounded(fit: BoundedFit, intervals: FitIntervals): string {
  if (fit.kAtBound) {
    return `no bound within the tested range: throughput grew with c to the last level (${formatRps(fit.lambda)} req/s per request in flight)`;
  }
  const k = intervals['k'];
  const range = k === undefined ? '' : ` (95% interval ${k.low.toFixed(1)}–${k.high.toFixed(1)})`;
  return (
    `the server answers at most ~${fit.k.toFixed(1)} requests at once${range}, ${formatRps(fit.lambda)} req/s per request in flight below that: ` +
    'more in flight only wait in its queue'
  );
}

function describeUsl(fit: UslFit, peakInRange: boolean, intervals: FitIntervals): string {
  if (fit.sigma >= 1) return 'throughput does not grow with concurrency at all (σ = 1: the work serialises completely)';
  const parts = [`each added request slows the others by ${(fit.sigma * 100).toFixed(1)}% (contention σ)`];
  if (fit.kappa > 0) parts.push(`and by a further κ = ${fit.kappa.toPrecision(2)} per pair in flight (coherency)`);
  const range = intervals['peak'];
  const peak = range === undefined ? '' : ` (95% interval ${range.low.toFixed(1)}–${range.high.toFixed(1)})`;
  if (fit.peak === null) parts.push('; throughput flattens but does not peak (κ = 0, Amdahl)');
  else
    parts.push(
      peakInRange
        ? `; throughput peaks at c* ≈ ${fit.peak.toFixed(1)}${peak} and falls after it`
        : `; its peak c* ≈ ${fit.peak.toFixed(1)}${peak} lies outside the tested levels (extrapolated)`,
    );
  const flags = fit.atBound.map((name) => `${name === 'sigma' ? 'σ' : 'κ'} at the edge of [0, 1]`);
  return `${parts.join(' ').replace(' ;', ';')}${flags.length > 0 ? ` (${flags.join(', ')})` : ''}`;
}

function clientSummary(levels: readonly SweepLevel[], knee: SweepKnee): SweepAnalysis['client'] {
  const busyLevels = levels.filter((l) => l.client.busy).map((l) => l.level);
  if (levels.length === 0) return { busyLevels, message: 'no level was measured' };
  const top = levels.filter((l) => l.client.cpuShare !== null).at(-1);
  if (busyLevels.length === 0 && top === undefined) {
    return { busyLevels, message: "not judged: no level's runs lasted long enough to weigh corofetch's own load" };
  }
  if (busyLevels.length === 0) {
    return {
      busyLevels,
      message: `corofetch kept up at every level judged (at c = ${top!.level} it used ${Math.round(top!.client.cpuShare! * 100)}% of a core): the curve is the server's`,
    };
  }
  const from = busyLevels[0]!;
  const flattened = knee.level !== null && from <= (knee.bestLevel ?? knee.level);
  return {
    busyLevels,
    message:
      `corofetch itself was busy from c = ${from} (CPU or a late event loop)` +
      (flattened
        ? ': the client, not the server, may have made the curve flatten; try a quieter or larger machine'
        : from === levels[0]!.level
          ? ''
          : '; the levels below it measure the server'),
  };
}

function roundInterval(interval: Interval | null): Interval | null {
  return interval === null ? null : { ...interval, low: round2(interval.low), high: round2(interval.high) };
}

/** Requests per second for people: whole numbers from 100 up. */
export function formatRps(rps: number): string {
  return rps >= 100 ? Math.round(rps).toLocaleString('en-US') : rps.toFixed(1);
}

/** What a sweep report records of its settings: the schedule and what changes what is measured. */
export interface SweepSettings {
  levels: number[];
  reps: number;
  warmup: number;
  order: 'shuffled' | 'ascending';
  seed: number;
  kneeTolerance: number;
  requestsPerSlot: number;
  timeoutMs: number;
  connectTimeoutMs: number;
  connections: string;
  protocol: string;
  compressed: boolean;
  maxBytes: number | null;
  maxRedirects: number;
  retries: number;
  insecure: boolean;
  proxy: boolean;
}

/** One measured run as the JSON keeps it: the raw figures another tool can refit. */
export type SweepRunFigures = Pick<
  SweepRun,
  'level' | 'round' | 'passes' | 'wallMs' | 'requests' | 'failedRequests' | 'bytes'
> & { rps: number; cpuMs: number; loopDelayP99Ms: number | null };

/** `corofetch sweep --json`: schema/sweep.schema.json. */
export interface SweepReport extends SweepAnalysis {
  kind: 'sweep';
  schemaVersion: 1;
  tool: { name: 'corofetch'; version: string };
  startedAt: string;
  options: SweepSettings;
  urlCount: number;
  /** The list, redacted; left out past 10,000 URLs. */
  urls?: readonly string[];
  runs: SweepRunFigures[];
  interruption: { signal: InterruptSignal } | null;
  exitCode: number;
}

export function buildSweepReport(input: {
  version: string;
  startedAt: string;
  settings: SweepSettings;
  urls: readonly string[];
  runs: readonly SweepRun[];
  interruptedBy: InterruptSignal | null;
}): SweepReport {
  // Warm-ups and a run a signal cut short are not results.
  const measured = input.runs.filter((run) => run.round > 0 && !run.interrupted);
  const analysis = analyseSweep(measured, {
    kneeTolerance: input.settings.kneeTolerance,
    seed: input.settings.seed,
    urlCount: input.urls.length,
  });
  const failed = measured.some((run) => run.failedRequests > 0);
  return {
    kind: 'sweep',
    schemaVersion: 1,
    tool: { name: 'corofetch', version: input.version },
    startedAt: input.startedAt,
    options: input.settings,
    urlCount: input.urls.length,
    ...(input.urls.length <= DETAIL_FULL_UP_TO && { urls: input.urls }),
    ...analysis,
    runs: measured.map((run) => ({
      level: run.level,
      round: run.round,
      passes: run.passes,
      wallMs: run.wallMs,
      requests: run.requests,
      failedRequests: run.failedRequests,
      bytes: run.bytes,
      rps: round2((run.requests - run.failedRequests) / (run.wallMs / 1000)),
      cpuMs: run.client.cpuMs,
      loopDelayP99Ms: run.client.loopDelayMs?.p99 ?? null,
    })),
    interruption: input.interruptedBy === null ? null : { signal: input.interruptedBy },
    exitCode: input.interruptedBy !== null ? EXIT[input.interruptedBy] : failed ? EXIT.REQUEST_FAILED : EXIT.OK,
  };
}
