import { performance } from 'node:perf_hooks';
import type { FetchResult, FetchTarget, Mode, RunRecord } from './types.js';
import { createDispatcher, type ProxySettings } from './http.js';
import { fetchOne, type RequestPolicy } from './fetch-one.js';
import { runSerial } from './serial.js';
import { runConcurrent } from './concurrent.js';
import { toErrorInfo } from './errors.js';
import { Abort } from './abort.js';
import { NO_PHASES } from './phases.js';
import { roundMs } from './time.js';

export interface BenchPlan extends RequestPolicy {
  targets: readonly FetchTarget[];
  /** Modes in the order they run within a round. */
  modes: readonly Mode[];
  concurrency: number;
  /** Measured runs per mode. */
  runs: number;
  /** Uncounted runs per mode before the measured ones. */
  warmup: number;
  connectTimeoutMs: number;
  insecure: boolean;
  extraCaPem: readonly string[];
  proxy: ProxySettings | null;
}

/** One slot of the schedule. */
export interface ScheduledRun {
  mode: Mode;
  sequence: number;
  /** Warm-up runs are made and thrown away. */
  warmup: boolean;
  /** 1-based number of this run among its mode's warm-ups, or among its measured runs. */
  ordinal: number;
}

/** What the engine tells its audience while it works; every callback is optional. */
export interface BenchObserver {
  onRunStart?(run: ScheduledRun, total: number): void;
  onRequestStart?(run: ScheduledRun, index: number, target: FetchTarget): void;
  onRequestEnd?(run: ScheduledRun, index: number, result: FetchResult): void;
  onRunEnd?(run: ScheduledRun, record: RunRecord): void;
}

export interface BenchOutcome {
  /** Wall-clock start of the measurement, ISO 8601 UTC. */
  startedAt: string;
  /** Measured runs per mode, in the order they ran. */
  runs: Partial<Record<Mode, RunRecord[]>>;
  /** Modes of the measured runs in the order they ran. */
  schedule: Mode[];
  /** Whether the signal stopped the measurement early. */
  interrupted: boolean;
}

/**
 * Round by round, each mode in turn (serial, concurrent, serial, concurrent, …): drift of the network or
 * the machine during the session then falls on both modes alike instead of on whichever ran last.
 * Warm-up rounds come first.
 */
export function planSchedule(modes: readonly Mode[], runs: number, warmup: number): ScheduledRun[] {
  const schedule: ScheduledRun[] = [];
  for (let round = 0; round < warmup + runs; round++) {
    const isWarmup = round < warmup;
    for (const mode of modes) {
      schedule.push({
        mode,
        sequence: schedule.length,
        warmup: isWarmup,
        ordinal: isWarmup ? round + 1 : round - warmup + 1,
      });
    }
  }
  return schedule;
}

/**
 * Runs the schedule, each run on its own connection pool, and returns what it measured. When `signal`
 * aborts, requests in flight end as INTERRUPTED results, the rest of the run is skipped, no further run
 * starts, and what was measured so far comes back (a partial run included) to be reported.
 */
export async function runBench(
  plan: BenchPlan,
  observer: BenchObserver = {},
  signal?: AbortSignal,
): Promise<BenchOutcome> {
  const startedAt = new Date().toISOString();
  const interrupt = signal === undefined ? undefined : Abort.fromSignal(signal);
  const runs: BenchOutcome['runs'] = {};
  const schedule: Mode[] = [];
  for (const slot of planSchedule(plan.modes, plan.runs, plan.warmup)) {
    if (signal?.aborted === true) break;
    observer.onRunStart?.(slot, plan.targets.length);
    const record = await runOnce(slot, plan, observer, interrupt);
    observer.onRunEnd?.(slot, record);
    if (slot.warmup) continue;
    (runs[slot.mode] ??= []).push(record);
    schedule.push(slot.mode);
  }
  return { startedAt, runs, schedule, interrupted: signal?.aborted === true };
}

async function runOnce(
  slot: ScheduledRun,
  plan: BenchPlan,
  observer: BenchObserver,
  interrupt?: Abort,
): Promise<RunRecord> {
  const dispatcher = createDispatcher({
    connectionsPerOrigin: slot.mode === 'serial' ? 1 : plan.concurrency,
    connectTimeoutMs: plan.connectTimeoutMs,
    insecure: plan.insecure,
    extraCaPem: plan.extraCaPem,
    proxy: plan.proxy,
  });
  const runStartMs = performance.now();
  // Every concurrent task is handed to the limiter when the run starts; the wait for a slot is its queue time.
  const enqueuedAtMs = slot.mode === 'concurrent' ? runStartMs : null;
  const ctx = { ...plan, dispatcher, runStartMs, enqueuedAtMs, ...(interrupt !== undefined && { interrupt }) };
  const task = async (target: FetchTarget, index: number): Promise<FetchResult> => {
    observer.onRequestStart?.(slot, index, target);
    const result = await fetchOne(target, ctx);
    observer.onRequestEnd?.(slot, index, result);
    return result;
  };
  const skip = (target: FetchTarget): FetchResult =>
    notStarted(target, roundMs(performance.now() - runStartMs), interrupt?.reason);
  try {
    const results =
      slot.mode === 'serial'
        ? await runSerial(plan.targets, task, skip, interrupt)
        : await runConcurrent(plan.targets, plan.concurrency, task, skip, interrupt);
    return {
      sequence: slot.sequence,
      wallMs: roundMs(performance.now() - runStartMs),
      interrupted: interrupt?.aborted === true,
      results,
    };
  } finally {
    // After an interruption nothing is worth waiting for; otherwise close politely.
    await (interrupt?.aborted === true ? dispatcher.destroy() : dispatcher.close());
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
    startMs: atMs,
    queuedMs: null,
    ttfbMs: null,
    durationMs: 0,
    phases: NO_PHASES,
    error: { code, message: `not started: ${message}` },
  };
}
