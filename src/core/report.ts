import type { Mode, ModeSummary, Report, ReportOptions, RunRecord } from './types.js';
import { summarize } from './stats.js';
import { checkThresholds, compareModes, decideExitCode, idealWallMs, type ThresholdLimits } from './verdict.js';

export interface ReportInput {
  version: string;
  startedAt: string;
  options: ReportOptions;
  urls: string[];
  /** Measured runs per mode that ran (warm-ups excluded). */
  runs: Partial<Record<Mode, RunRecord[]>>;
  limits: ThresholdLimits;
}

/** Assembles the schemaVersion 1 report from measured runs: every derived figure is computed here. */
export function buildReport(input: ReportInput): Report {
  const modes: Report['modes'] = {};
  for (const mode of ['serial', 'concurrent'] as const) {
    const runs = input.runs[mode];
    if (runs !== undefined && runs.length > 0) modes[mode] = summarizeMode(runs);
  }

  const { serial, concurrent } = modes;
  const comparison =
    serial !== undefined && concurrent !== undefined
      ? compareModes(
          serial.wallMs.median,
          concurrent.wallMs.median,
          idealWallMs(serial.runs[0]!.results.map((r) => r.durationMs), input.options.concurrency),
        )
      : undefined;

  const thresholds = checkThresholds(input.limits, comparison);
  const failed = (serial?.failed ?? 0) + (concurrent?.failed ?? 0);

  return {
    schemaVersion: 1,
    tool: { name: 'corofetch', version: input.version },
    startedAt: input.startedAt,
    options: input.options,
    urls: input.urls,
    modes,
    ...(comparison !== undefined && { comparison }),
    thresholds,
    exitCode: decideExitCode(failed, thresholds),
  };
}

function summarizeMode(runs: RunRecord[]): ModeSummary {
  const results = runs.flatMap((run) => run.results);
  const failed = results.filter((r) => r.error !== null).length;
  return {
    wallMs: summarize(runs.map((run) => run.wallMs)),
    totalBytes: results.reduce((sum, r) => sum + r.bytes, 0),
    ok: results.length - failed,
    failed,
    runs,
  };
}
