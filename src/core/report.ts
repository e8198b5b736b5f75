import {
  MODES,
  type FetchResult,
  type Mode,
  type ModeSummary,
  type Report,
  type ReportOptions,
  type RunRecord,
} from './types.js';
import { medianOf, percentiles, summarize } from './stats.js';
import { compareModes, decideExitCode, type InterruptSignal } from './verdict.js';
import { judgeThreshold, type InconclusivePolicy, type ThresholdSpec } from './thresholds.js';
import { compareWithBaseline, type BaselineReport } from './baseline.js';
import { collectWarnings } from './warnings.js';

export interface ReportInput {
  version: string;
  startedAt: string;
  options: ReportOptions;
  urls: string[];
  /** Measured runs per mode that ran (warm-ups excluded). */
  runs: Partial<Record<Mode, RunRecord[]>>;
  /** Modes of the measured runs in the order they ran. */
  schedule: Mode[];
  thresholds: readonly ThresholdSpec[];
  inconclusive: InconclusivePolicy;
  baseline?: { file: string; report: BaselineReport };
  /** The signal that stopped the measurement early, if one did. */
  interruptedBy?: InterruptSignal | null;
}

/** Assembles the schemaVersion 1 report from measured runs: every derived figure is computed here. */
export function buildReport(input: ReportInput): Report {
  const modes: Report['modes'] = {};
  for (const mode of MODES) {
    const runs = input.runs[mode];
    if (runs !== undefined && runs.length > 0) modes[mode] = summarizeMode(runs, input.urls);
  }

  const { serial, concurrent } = modes;
  const comparison =
    serial !== undefined && concurrent !== undefined
      ? compareModes(serial, concurrent, input.options.concurrency)
      : undefined;
  const baseline =
    input.baseline === undefined
      ? undefined
      : compareWithBaseline(input.baseline.report, input.baseline.file, { urls: input.urls, modes });
  const thresholds = input.thresholds.map((spec) =>
    judgeThreshold(spec, { modes, comparison, baseline }, input.inconclusive),
  );
  const warnings = collectWarnings({ modes, warmup: input.options.warmup, thresholdCount: thresholds.length });
  const failed = (serial?.failed ?? 0) + (concurrent?.failed ?? 0);

  return {
    schemaVersion: 1,
    tool: { name: 'corofetch', version: input.version },
    startedAt: input.startedAt,
    options: input.options,
    urls: input.urls,
    schedule: input.schedule,
    modes,
    ...(comparison !== undefined && { comparison }),
    ...(baseline !== undefined && { baseline }),
    thresholds,
    warnings,
    interrupted: (input.interruptedBy ?? null) !== null,
    exitCode: decideExitCode(failed, thresholds, input.interruptedBy ?? null),
  };
}

function summarizeMode(runs: RunRecord[], urls: readonly string[]): ModeSummary {
  const results = runs.flatMap((run) => run.results);
  const failed = results.filter((r) => r.error !== null).length;
  return {
    wallMs: summarize(runs.map((run) => run.wallMs)),
    requestMs: percentiles(results.map((r) => r.durationMs)),
    urls: urls.map((url, i) => {
      const durations = runs.map((run) => (run.results[i] as FetchResult).durationMs);
      return { url, durationMs: { median: medianOf(durations), max: Math.max(...durations) } };
    }),
    totalBytes: results.reduce((sum, r) => sum + r.bytes, 0),
    ok: results.length - failed,
    failed,
    runs,
  };
}
