import { performance } from 'node:perf_hooks';
import type { FetchResult, FetchTarget, Mode, RunRecord } from './types.js';
import { createDispatcher } from './http.js';
import { fetchOne } from './fetch-one.js';
import { runSerial } from './serial.js';
import { runConcurrent } from './concurrent.js';
import { roundMs } from './time.js';

export interface BenchPlan {
  targets: readonly FetchTarget[];
  /** Modes in the order they run. */
  modes: readonly Mode[];
  concurrency: number;
  timeoutMs: number;
  userAgent: string;
}

/** What the engine tells its audience while it works; every callback is optional. */
export interface BenchObserver {
  onModeStart?(mode: Mode, total: number): void;
  onRequestStart?(mode: Mode, index: number, target: FetchTarget): void;
  onRequestEnd?(mode: Mode, index: number, result: FetchResult): void;
  onModeEnd?(mode: Mode, run: RunRecord): void;
}

export interface BenchOutcome {
  /** Wall-clock start of the measurement, ISO 8601 UTC. */
  startedAt: string;
  runs: Partial<Record<Mode, RunRecord[]>>;
}

/** Runs each mode over the list once, on its own connection pool, and returns what it measured. */
export async function runBench(plan: BenchPlan, observer: BenchObserver = {}): Promise<BenchOutcome> {
  const startedAt = new Date().toISOString();
  const runs: BenchOutcome['runs'] = {};
  for (const mode of plan.modes) {
    observer.onModeStart?.(mode, plan.targets.length);
    const run = await runMode(mode, plan, observer);
    runs[mode] = [...(runs[mode] ?? []), run];
    observer.onModeEnd?.(mode, run);
  }
  return { startedAt, runs };
}

async function runMode(mode: Mode, plan: BenchPlan, observer: BenchObserver): Promise<RunRecord> {
  const dispatcher = createDispatcher();
  const runStartMs = performance.now();
  const ctx = { dispatcher, runStartMs, timeoutMs: plan.timeoutMs, userAgent: plan.userAgent };
  const task = async (target: FetchTarget, index: number): Promise<FetchResult> => {
    observer.onRequestStart?.(mode, index, target);
    const result = await fetchOne(target, ctx);
    observer.onRequestEnd?.(mode, index, result);
    return result;
  };
  try {
    const results =
      mode === 'serial' ? await runSerial(plan.targets, task) : await runConcurrent(plan.targets, plan.concurrency, task);
    return { wallMs: roundMs(performance.now() - runStartMs), results };
  } finally {
    await dispatcher.close();
  }
}
