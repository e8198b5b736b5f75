import { type BaselineReport, compareWithBaseline } from './baseline.js';
import type { InterruptSignal } from './exit-codes.js';
import type { SessionOutcome, SessionPlan } from './session.js';
import { maxOf, medianOf, percentilesInPlace, summarize } from './stats.js';
import { type Gates, judgeThreshold } from './thresholds.js';
import { OneRoundSummaries, pickList, UrlColumns } from './result-columns.js';
import { labelsOf } from './target-list.js';
import { roundMsFields } from './time.js';
import {
  type ErrorInfo,
  MODES,
  type ModeSummary,
  type Report,
  type ReportDetailChoice,
  type ReportOptions,
  type RunRecord,
  type UrlSummary,
} from './types.js';
import { diagnose } from './diagnosis.js';
import { clientOverRounds, latencyHistogram, phaseStats } from './distribution.js';
import { compareModes, decideExitCode } from './verdict.js';
import { collectWarnings } from './warnings.js';

export interface ReportInput {
  version: string;
  /** What was planned: the URL list and the settings the report records. */
  plan: Pick<SessionPlan, 'targets' | 'schedule' | 'request' | 'connection'>;
  /** What the session measured. */
  outcome: Pick<SessionOutcome, 'startedAt' | 'runs' | 'order' | 'cutShort'>;
  gates: Gates;
  /** Where the round counts came from (the CLI knows whether they were asked for). */
  roundsFrom: ReportOptions['roundsFrom'];
  baseline?: { file: string; report: BaselineReport };
  /** The signal that stopped the session early, if one did. */
  interruptedBy?: InterruptSignal | null;
  /** --detail; auto when not asked. */
  detail?: ReportDetailChoice;
}

/** Up to this many URLs the JSON report keeps every request unless told otherwise (--detail auto). */
export const DETAIL_FULL_UP_TO = 10_000;
/**
 * Past this many URLs a full JSON report is refused: JSON.stringify could not hold it in one string, and no
 * one opens a file that size. --ndjson writes every request at any size.
 */
export const DETAIL_FULL_LIMIT = 100_000;

/** The settings a report records: those that change what is measured, as the plan holds them. */
export function reportOptions(
  plan: ReportInput['plan'],
  gates: Gates,
  roundsFrom: ReportOptions['roundsFrom'],
): ReportOptions {
  const { modes, concurrency, runs, warmup } = plan.schedule;
  const { request, connection } = plan;
  return {
    mode: modes.length === 2 ? 'both' : modes[0]!,
    concurrency,
    runs,
    warmup,
    roundsFrom,
    timeoutMs: request.timeoutMs,
    connectTimeoutMs: connection.connectTimeoutMs,
    connections: connection.connections,
    protocol: connection.protocol,
    compressed: request.compressed,
    routes: connection.routes.map((route) => `${route.flag} ${route.text}`),
    maxBytes: request.maxBytes,
    maxRedirects: request.maxRedirects,
    retries: request.retries,
    headerNames: request.headers.map(([name]) => name.toLowerCase()),
    insecure: connection.insecure,
    proxy: connection.proxy !== null,
    inconclusive: gates.inconclusive,
  };
}

/**
 * Assembles the schemaVersion 2 report: every derived figure is computed here, from the complete rounds
 * only. A round a signal cut short is listed apart and enters no statistic.
 */
export function buildReport(input: ReportInput): Report {
  const options = reportOptions(input.plan, input.gates, input.roundsFrom);
  const urls = labelsOf(input.plan.targets);
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
      : roundMsFields(compareWithBaseline(input.baseline.report, input.baseline.file, { urls, modes, options }));
  const interruptedBy = input.interruptedBy ?? null;
  const facts = { modes, comparison, baseline };
  const thresholds = input.gates.thresholds.map((spec) =>
    judgeThreshold(spec, facts, input.gates.inconclusive, interruptedBy !== null),
  );
  const warnings = collectWarnings({ modes, options, thresholds, baseline });
  const failedUrls = new Set(
    MODES.flatMap((mode) => pickList(modes[mode]?.urls ?? [], (url, i) => (url.failedRounds > 0 ? i : null))),
  ).size;

  return {
    schemaVersion: 2,
    detail: detailFor(input.detail ?? 'auto', urls.length),
    tool: { name: 'corofetch', version: input.version },
    startedAt: input.outcome.startedAt,
    options,
    urls,
    schedule: input.outcome.order,
    modes,
    ...(comparison !== undefined && { comparison }),
    diagnosis: diagnose({ modes, comparison, options }),
    ...(baseline !== undefined && { baseline }),
    thresholds,
    warnings,
    interruption:
      interruptedBy === null
        ? null
        : {
            signal: interruptedBy,
            // Complete rounds only, so every mode kept the same number.
            roundsKept: serial?.rounds ?? concurrent?.rounds ?? 0,
            cutShort: input.outcome.cutShort,
          },
    exitCode: decideExitCode(failedUrls, thresholds, interruptedBy),
  };
}

function countVersions(runs: readonly RunRecord[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const run of runs) {
    for (const r of run.results) if (r.httpVersion !== null) counts[r.httpVersion] = (counts[r.httpVersion] ?? 0) + 1;
  }
  return counts;
}

function summarizeMode(runs: RunRecord[], urls: readonly string[]): ModeSummary {
  const durations = new Float64Array(runs.reduce((n, run) => n + run.results.length, 0));
  let requests = 0;
  let failedRequests = 0;
  const bytesPerRun = runs.map((run) => {
    let bytes = 0;
    for (const r of run.results) {
      durations[requests++] = r.durationMs;
      bytes += r.bytes;
      if (r.error !== null) failedRequests += 1;
    }
    return bytes;
  });
  const { summaries, failedUrls } =
    runs.length === 1
      ? { summaries: new OneRoundSummaries(urls, runs[0]!.results), failedUrls: failedRequests }
      : summarizeUrls(urls, runs);
  return {
    rounds: runs.length,
    wallMs: summarize(runs.map((run) => run.wallMs)),
    // Sorted in place: the histogram does not mind the order.
    requestMs: percentilesInPlace(durations),
    urls: summaries,
    okUrls: urls.length - failedUrls,
    failedUrls,
    bytesPerRound: medianOf(bytesPerRun),
    total: {
      requests: durations.length,
      failedRequests,
      bytes: bytesPerRun.reduce((sum, b) => sum + b, 0),
    },
    phasesMs: phaseStats(runs),
    histogram: latencyHistogram(durations),
    client: clientOverRounds(runs),
    httpVersions: countVersions(runs),
    connectionsPerRound: runs.every((run) => run.connections !== undefined)
      ? medianOf(runs.map((run) => run.connections!))
      : null,
    runs,
  };
}

/** Each URL over the rounds, and how many failed in any. */
function summarizeUrls(
  urls: readonly string[],
  runs: readonly RunRecord[],
): { summaries: UrlColumns; failedUrls: number } {
  const summaries = new UrlColumns(urls);
  let failedUrls = 0;
  for (let i = 0; i < urls.length; i++) {
    const summary = summarizeUrl(urls[i]!, runs, i);
    summaries.set(i, summary);
    if (summary.failedRounds > 0) failedUrls += 1;
  }
  return { summaries, failedUrls };
}

/** One URL over the rounds: its status and bytes (and every round's, when they varied), failures, durations. */
function summarizeUrl(url: string, runs: readonly RunRecord[], index: number): UrlSummary {
  const results = runs.map((run) => run.results.at(index)!);
  const [first] = results;
  const varied = results.some((r) => r.status !== first!.status || r.bytes !== first!.bytes);
  const failures = results.filter((r) => r.error !== null);
  const durations = results.map((r) => r.durationMs);
  return {
    url,
    status: first!.status,
    bytes: first!.bytes,
    ...(varied && { varied: { status: results.map((r) => r.status), bytes: results.map((r) => r.bytes) } }),
    failedRounds: failures.length,
    error: (failures[0]?.error ?? null) as ErrorInfo | null,
    durationMs: { median: medianOf(durations), max: maxOf(durations) },
  };
}

function detailFor(choice: ReportDetailChoice, urls: number): Report['detail'] {
  if (choice !== 'auto') return choice;
  return urls <= DETAIL_FULL_UP_TO ? 'full' : 'summary';
}
