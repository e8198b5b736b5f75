import type { FetchResult, Mode, Phases, RunRecord } from '../../src/core/types.js';
import type { ReportInput } from '../../src/core/report.js';
import type { ThresholdSpec } from '../../src/core/thresholds.js';
import type { InconclusivePolicy } from '../../src/core/types.js';
import { connectionOptions, REQUEST } from './plans.js';

export const NO_PHASES: Phases = {
  dnsMs: null,
  connectMs: null,
  tlsMs: null,
  firstByteMs: null,
  downloadMs: null,
  reused: null,
};

/** A successful result with overridable fields, for unit tests of the pure modules. */
export function result(overrides: Partial<FetchResult> = {}): FetchResult {
  return {
    url: 'http://127.0.0.1:8750/page',
    finalUrl: overrides.url ?? 'http://127.0.0.1:8750/page',
    redirects: 0,
    attempts: 1,
    status: 200,
    bytes: 1024,
    decodedBytes: null,
    httpVersion: '1.1',
    startMs: 0,
    queuedMs: null,
    ttfbMs: 5,
    durationMs: 10,
    phases: NO_PHASES,
    error: null,
    ...overrides,
  };
}

export function failed(overrides: Partial<FetchResult> = {}): FetchResult {
  return result({
    status: null,
    bytes: 0,
    ttfbMs: null,
    error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' },
    ...overrides,
  });
}

let sequence = 0;
export function runRecord(wallMs: number, results: FetchResult[]): RunRecord {
  return { sequence: sequence++, wallMs, interrupted: false, results };
}

/** Runs of one mode whose wall times are given and whose results all take `durationMs` (default 10). */
export function runsOf(wallMs: number[], urls: number, durationMs = 10): RunRecord[] {
  return wallMs.map((w) =>
    runRecord(
      w,
      Array.from({ length: urls }, () => result({ durationMs })),
    ),
  );
}

/** What a unit test may change of a report input, flat; everything else follows from the runs. */
export interface InputOverrides {
  urls?: string[];
  concurrency?: number;
  warmup?: number;
  thresholds?: ThresholdSpec[];
  inconclusive?: InconclusivePolicy;
  baseline?: ReportInput['baseline'];
  interruptedBy?: ReportInput['interruptedBy'];
  cutShort?: ReportInput['outcome']['cutShort'];
}

/** A report input with the given runs; the plan follows from them unless overridden. */
export function reportInput(runs: Partial<Record<Mode, RunRecord[]>>, overrides: InputOverrides = {}): ReportInput {
  const modes = (['serial', 'concurrent'] as const).filter((m) => runs[m] !== undefined);
  const first = runs[modes[0]!]!;
  const urls = overrides.urls ?? Array.from(first[0]!.results).map((r, i) => `${r.url}?i=${i}`);
  return {
    version: '0.0.0',
    plan: {
      targets: urls.map((label) => ({ href: new URL(label).href, label })),
      schedule: { modes, concurrency: overrides.concurrency ?? 16, runs: first.length, warmup: overrides.warmup ?? 0 },
      request: { ...REQUEST, timeoutMs: 30_000 },
      connection: connectionOptions(),
    },
    outcome: {
      startedAt: '2026-11-22T00:00:00.000Z',
      runs,
      order: first.flatMap(() => modes),
      cutShort: overrides.cutShort ?? [],
    },
    roundsFrom: 'flags',
    gates: { thresholds: overrides.thresholds ?? [], inconclusive: overrides.inconclusive ?? 'warn' },
    ...(overrides.baseline !== undefined && { baseline: overrides.baseline }),
    ...(overrides.interruptedBy !== undefined && { interruptedBy: overrides.interruptedBy }),
  };
}
