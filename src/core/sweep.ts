import { performance } from 'node:perf_hooks';
import { Abort } from './abort.js';
import { startClientMeter } from './client-meter.js';
import { runConcurrent } from './concurrent.js';
import { fetchOne, type RequestOptions, startRunContext } from './fetch-one.js';
import { type ConnectionOptions, createRunPool } from './http.js';
import type { ReadList } from './result-columns.js';
import { runSerial } from './serial.js';
import { passesFor, type SweepStep } from './sweep-plan.js';
import { roundMs } from './time.js';
import type { ClientResources, FetchTarget } from './types.js';

/** What a sweep fetches, in which runs, and how. */
export interface SweepSessionPlan {
  targets: ReadList<FetchTarget>;
  steps: readonly SweepStep[];
  request: RequestOptions;
  connection: ConnectionOptions;
}

/** One run of a sweep: every request of the list, repeated `passes` times, at most `level` at once. */
export interface SweepRun {
  level: number;
  /** 1-based round; 0 for a warm-up. */
  round: number;
  passes: number;
  wallMs: number;
  requests: number;
  failedRequests: number;
  /** The error codes of the failed requests, with their counts. */
  errors: Record<string, number>;
  bytes: number;
  /** Each request's duration, in the order of the list passes (NaN for one not started). */
  durationsMs: Float64Array;
  client: ClientResources;
  /** A signal cut the run short. */
  interrupted: boolean;
}

export interface SweepObserver {
  onRunStart?(step: SweepStep, index: number, total: number): void;
}

/**
 * Runs the steps of a sweep one after another, each on a connection pool of its own sized to its level (the
 * serial loop at c = 1, the concurrent fetcher above). When `signal` aborts, the run in flight ends with
 * its requests INTERRUPTED and no further run starts; the runs made so far come back.
 */
export async function runSweep(
  plan: SweepSessionPlan,
  observer: SweepObserver = {},
  signal?: AbortSignal,
): Promise<SweepRun[]> {
  const interrupt = signal === undefined ? undefined : Abort.fromSignal(signal);
  const runs: SweepRun[] = [];
  for (const [index, step] of plan.steps.entries()) {
    if (signal?.aborted === true) break;
    observer.onRunStart?.(step, index, plan.steps.length);
    runs.push(await runLevel(step, plan, interrupt));
  }
  return runs;
}

async function runLevel(step: SweepStep, plan: SweepSessionPlan, interrupt?: Abort): Promise<SweepRun> {
  const { targets } = plan;
  const passes = passesFor(step.level, targets.length);
  // The list again and again, read through: a level fetches at least REQUESTS_PER_SLOT requests a slot.
  const items: ReadList<FetchTarget> = {
    length: passes * targets.length,
    at: (i) => targets.at(i % targets.length),
    *[Symbol.iterator]() {
      for (let i = 0; i < this.length; i++) yield this.at(i)!;
    },
  };
  const pool = createRunPool(plan.connection, step.level);
  const meter = startClientMeter();
  const durationsMs = new Float64Array(items.length).fill(Number.NaN);
  const errors: Record<string, number> = {};
  let bytes = 0;
  let failedRequests = 0;
  const ctx = startRunContext(plan.request, pool.dispatcher, interrupt);
  const task = async (target: FetchTarget, index: number): Promise<void> => {
    const result = await fetchOne(target, ctx);
    durationsMs[index] = result.durationMs;
    bytes += result.bytes;
    if (result.error !== null) {
      failedRequests += 1;
      errors[result.error.code] = (errors[result.error.code] ?? 0) + 1;
    }
  };
  const skip = (): void => {
    failedRequests += 1;
    errors['INTERRUPTED'] = (errors['INTERRUPTED'] ?? 0) + 1;
  };
  try {
    if (step.level === 1) await runSerial(items, task, skip, interrupt);
    else await runConcurrent(items, step.level, task, skip, interrupt);
    return {
      level: step.level,
      round: step.round,
      passes,
      wallMs: roundMs(performance.now() - ctx.runStartMs),
      requests: items.length,
      failedRequests,
      errors,
      bytes,
      durationsMs,
      client: meter.stop(),
      interrupted: interrupt?.aborted === true,
    };
  } finally {
    meter.stop();
    await pool.destroy();
  }
}
