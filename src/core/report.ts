import { type BaselineReport, compareWithBaseline } from './baseline.js';
import type { InterruptSignal } from './exit-codes.js';
import type { SessionOutcome, SessionPlan } from './session.js';
import { maxOf, medianOf, percentiles, summarize } from './stats.js';
import { roundMsFields } from './time.js';
import { type Gates, judgeThreshold } from './thresholds.js';
import { MODES, type ModeSummary, type Report, type ReportOptions, type RunRecord } from './types.js';
import { compareModes, decideExitCode } from './verdict.js';
import { collectWarnings } from './warnings.js';

export interface ReportInput {
  version: string;
  /** What was planned: the URL list and the settings the report records. */
  plan: Pick<SessionPlan, 'targets' | 'schedule' | 'request'>;
  /** What the session measured. */
  outcome: Pick<SessionOutcome, 'startedAt' | 'runs' | 'order'>;
  gates: Gates;
  baseline?: { file: string; report: BaselineReport };
  /** The signal that stopped the session early, if one did. */
  interruptedBy?: InterruptSignal | null;
}

/** The settings a report records, as the plan holds them. */
export function reportOptions(plan: Pick<SessionPlan, 'schedule' | 'request'>): ReportOptions {
  const { modes, concurrency, runs, warmup } = plan.schedule;
  return {
    mode: modes.length === 2 ? 'both' : modes[0]!,
    concurrency,
    runs,
    warmup,
    timeoutMs: plan.request.timeoutMs,
  };
}

/** Assembles the schemaVersion 1 report from measured runs: every derived figure is computed here. */
export function buildReport(input: ReportInput): Report {
  const options = reportOptions(input.plan);
  const urls = input.plan.targets.map((target) => target.label);
  const modes: Report['modes'] = {};
  for (const mode of MODES) {
    const runs = input.outcome.runs[mode];
    if (runs !== undefined && runs.length > 0) modes[mode] = summarizeMode(runs, urls);
  }

  const { serial, concurrent } = modes;
  // Every figure a gate reads is rounded first, so the report and its verdicts agree to the microsecond.
  roundMsFields(modes);
  const comparison =
    serial !== undefined && concurrent !== undefined
      ? roundMsFields(compareModes(serial, concurrent, options.concurrency))
      : undefined;
  const baseline =
    input.baseline === undefined
      ? undefined
      : roundMsFields(compareWithBaseline(input.baseline.report, input.baseline.file, { urls, modes }));
  const thresholds = input.gates.thresholds.map((spec) =>
    judgeThreshold(spec, { modes, comparison, baseline }, input.gates.inconclusive),
  );
  const warnings = collectWarnings({ modes, warmup: options.warmup, thresholdCount: thresholds.length });
  const failed = (serial?.failed ?? 0) + (concurrent?.failed ?? 0);
  const interruptedBy = input.interruptedBy ?? null;

  return {
    schemaVersion: 1,
    tool: { name: 'corofetch', version: input.version },
    startedAt: input.outcome.startedAt,
    options,
    urls,
    schedule: input.outcome.order,
    modes,
    ...(comparison !== undefined && { comparison }),
    ...(baseline !== undefined && { baseline }),
    thresholds,
    warnings,
    interrupted: interruptedBy !== null,
    exitCode: decideExitCode(failed, thresholds, interruptedBy),
  };
}

function summarizeMode(runs: RunRecord[], urls: readonly string[]): ModeSummary {
  const results = runs.flatMap((run) => run.results);
  const failed = results.filter((r) => r.error !== null).length;
  return {
    wallMs: summarize(runs.map((run) => run.wallMs)),
    requestMs: percentiles(results.map((r) => r.durationMs)),
    urls: urls.map((url, i) => {
      const durations = runs.map((run) => run.results[i]!.durationMs);
      return { url, durationMs: { median: medianOf(durations), max: maxOf(durations) } };
    }),
    totalBytes: results.reduce((sum, r) => sum + r.bytes, 0),
    ok: results.length - failed,
    failed,
    runs,
  };
}
