import { performance } from 'node:perf_hooks';
import { Abort } from './abort.js';
import { startClientMeter } from './client-meter.js';
import { runConcurrent } from './concurrent.js';
import { toErrorInfo } from './errors.js';
import { fetchOne, type RequestOptions, startRunContext } from './fetch-one.js';
import { type ConnectionOptions, createRunPool } from './http.js';
import { NO_PHASES } from './phases.js';
import { type ReadList, ResultColumns } from './result-columns.js';
import { labelsOf } from './target-list.js';
import { runSerial } from './serial.js';
import { roundMs } from './time.js';
import type { FetchResult, FetchTarget, Mode, RunRecord } from './types.js';

/** The most requests a session keeps in flight (`-c`): past it, a typo rather than a plan. */
export const MAX_CONCURRENCY = 10_000;

/** How many runs of which modes a session makes, and how wide the concurrent one fans out. */
export interface ScheduleOptions {
  /** Modes in the order they run within a round. */
  modes: readonly Mode[];
  /** Most requests in flight at once in a concurrent run: its slots. */
  concurrency: number;
  /** Measured rounds. */
  runs: number;
  /** Uncounted rounds before the measured ones. */
  warmup: number;
}

/** Everything a session needs: what to fetch, when, and how. */
export interface SessionPlan {
  targets: ReadList<FetchTarget>;
  schedule: ScheduleOptions;
  request: RequestOptions;
  connection: ConnectionOptions;
}

/** One run of the schedule. */
export interface ScheduledRun {
  mode: Mode;
  /** Position in the whole schedule, warm-ups included, from 0. */
  sequence: number;
  /** Warm-up runs are made and thrown away. */
  warmup: boolean;
  /** 1-based number of this run's round among the warm-up rounds, or among the measured ones. */
  ordinal: number;
}

/** What the engine tells its audience while it works; every callback is optional. */
export interface SessionObserver {
  onRunStart?(run: ScheduledRun, total: number): void;
  onRequestStart?(run: ScheduledRun, index: number, target: FetchTarget): void;
  onRequestEnd?(run: ScheduledRun, index: number, result: FetchResult): void;
  onRunEnd?(run: ScheduledRun, record: RunRecord): void;
}

export interface SessionOutcome {
  /** Wall-clock start of the session, ISO 8601 UTC. */
  startedAt: string;
  /** The runs of complete measured rounds, per mode, in the order they ran. */
  runs: Partial<Record<Mode, RunRecord[]>>;
  /** Modes of those runs in the order they ran. */
  order: Mode[];
  /** The runs of the measured round a signal cut short, in the order they ran; empty when none was. */
  cutShort: Array<{ mode: Mode } & RunRecord>;
  /** Whether the signal stopped the session early. */
  interrupted: boolean;
}

/**
 * Round by round, each mode in turn (serial, concurrent, serial, concurrent, …): drift of the network or
 * the machine during the session then falls on both modes alike instead of on whichever ran last.
 * Warm-up rounds come first. Made one run at a time, as the session asks for the next.
 */
export function* planSchedule({ modes, runs, warmup }: ScheduleOptions): Generator<ScheduledRun> {
  let sequence = 0;
  for (let round = 0; round < warmup + runs; round++) {
    const isWarmup = round < warmup;
    for (const mode of modes) {
      yield { mode, sequence: sequence++, warmup: isWarmup, ordinal: isWarmup ? round + 1 : round - warmup + 1 };
    }
  }
}

/**
 * Runs the schedule, each run on its own connection pool, and returns what it measured, round by round: a
 * measured round counts only once all its runs are done. When `signal` aborts, requests in flight end as
 * INTERRUPTED results, the rest of the run is skipped, no further run starts, and the complete rounds come
 * back with the round that was cut short apart (a figure from it would not be a result).
 */
export async function runSession(
  plan: SessionPlan,
  observer: SessionObserver = {},
  signal?: AbortSignal,
): Promise<SessionOutcome> {
  const startedAt = new Date().toISOString();
  const interrupt = signal === undefined ? undefined : Abort.fromSignal(signal);
  const runs: SessionOutcome['runs'] = {};
  const order: Mode[] = [];
  let round: Array<{ mode: Mode } & RunRecord> = [];
  const labels = labelsOf(plan.targets);
  for (const run of planSchedule(plan.schedule)) {
    if (signal?.aborted === true) break;
    observer.onRunStart?.(run, plan.targets.length);
    const record = await runOnce(run, plan, labels, observer, interrupt);
    observer.onRunEnd?.(run, record);
    if (run.warmup) continue;
    round.push({ mode: run.mode, ...record });
    if (round.length < plan.schedule.modes.length || record.interrupted) continue;
    for (const done of round) {
      const { mode, ...record } = done;
      (runs[mode] ??= []).push(record);
      order.push(done.mode);
    }
    round = [];
  }
  const interrupted = signal?.aborted === true;
  return { startedAt, runs, order, cutShort: interrupted ? round : [], interrupted };
}

async function runOnce(
  run: ScheduledRun,
  plan: SessionPlan,
  /** The targets' labels, read once for every run's results. */
  labels: readonly string[],
  observer: SessionObserver,
  interrupt?: Abort,
): Promise<RunRecord> {
  const { concurrency } = plan.schedule;
  const pool = createRunPool(plan.connection, run.mode === 'serial' ? 1 : concurrency);
  const meter = startClientMeter();
  const ctx = startRunContext(plan.request, pool.dispatcher, interrupt);
  const { runStartMs } = ctx;
  // Each result goes into the run's columns as it settles; the object itself is dropped young.
  const results = new ResultColumns(labels);
  const task = async (target: FetchTarget, index: number, handedAtMs: number | null = null): Promise<void> => {
    observer.onRequestStart?.(run, index, target);
    const result = await fetchOne(target, ctx, handedAtMs);
    results.set(index, result);
    observer.onRequestEnd?.(run, index, result);
  };
  // One not-started result for every request the interruption kept from starting (the columns give each its
  // URL), timed when the first was skipped: they were all stopped by the same signal at that moment.
  let skipped: FetchResult | undefined;
  const skip = (target: FetchTarget, index: number): void =>
    results.setNotStarted(
      index,
      (skipped ??= notStarted(target, roundMs(performance.now() - runStartMs), interrupt?.reason)),
    );
  try {
    if (run.mode === 'serial') await runSerial(plan.targets, task, skip, interrupt);
    else await runConcurrent(plan.targets, concurrency, task, skip, interrupt, () => performance.now());
    const wallMs = roundMs(performance.now() - runStartMs);
    return {
      sequence: run.sequence,
      wallMs,
      interrupted: interrupt?.aborted === true,
      results,
      connections: pool.connectionsOpened(),
      client: meter.stop(),
    };
  } finally {
    meter.stop();
    await pool.destroy();
  }
}

/** The result of a request the interruption kept from starting. */
function notStarted(target: FetchTarget, atMs: number, reason: unknown): FetchResult {
  const { code, message } = toErrorInfo(reason);
  return {
    url: target.label,
    finalUrl: target.label,
    redirects: 0,
    attempts: 0,
    status: null,
    bytes: 0,
    decodedBytes: null,
    httpVersion: null,
    startMs: atMs,
    queuedMs: null,
    ttfbMs: null,
    durationMs: 0,
    phases: NO_PHASES,
    // Shared by every request skipped in the run (see runOnce): frozen, so no reader can change them all.
    error: Object.freeze({ code, message: `not started: ${message}` }),
  };
}
