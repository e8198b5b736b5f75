import type { ResultList, UrlSummaryList } from './result-columns.js';
import type { FailureCode } from './errors.js';

/**
 * The report's data model. These types are the JSON contract (schemaVersion 1, published as
 * schema/report.schema.json): adding a field keeps the version, renaming or removing one bumps it.
 * All times are milliseconds from the monotonic clock, kept to the microsecond.
 */

export type Mode = 'serial' | 'concurrent';

/** The modes in the order they run and are reported: serial first, as in the gevent lesson. */
export const MODES: readonly Mode[] = ['serial', 'concurrent'];
export type ModeSelection = Mode | 'both';

/** A stable machine code (SCREAMING_SNAKE, never renamed once shipped) and a sentence for people. */
export interface ErrorInfo {
  code: FailureCode;
  message: string;
}

/** One URL as the engine fetches it: the real URL (credentials included) and the label safe to print. */
export interface FetchTarget {
  /**
   * The URL as parsed and serialised when the list was read. Held as a string, parsed again per request:
   * a URL object costs a few hundred bytes, which a list of a million would hold all at once.
   */
  href: string;
  /** The URL with any user:password replaced by `***`; the only form that reaches an output. */
  label: string;
}

/**
 * Where a request's time went, as undici's connection events show it. A phase that did not happen or
 * could not be observed is null, never a guess: a reused connection has no DNS, connect or TLS phase; an
 * IP-literal host has no DNS phase; a redirected request has no phases (they would mix several hops).
 */
export interface Phases {
  /** DNS lookup of the connection this request opened. */
  dnsMs: number | null;
  /** TCP connect of that connection, after the lookup. */
  connectMs: number | null;
  /** TLS handshake of that connection, after the TCP connect. */
  tlsMs: number | null;
  /** From the request being written to the socket until the response headers arrived. */
  firstByteMs: number | null;
  /** From the response headers until the last body byte. */
  downloadMs: number | null;
  /** Whether the request went out on a connection an earlier request had used; null when not observed. */
  reused: boolean | null;
}

/** The outcome of one GET. A failure is recorded here, never thrown. */
export interface FetchResult {
  /** Redacted URL, as in FetchTarget.label. */
  url: string;
  /** Redacted URL of the final response after redirects; equal to url when there were none. */
  finalUrl: string;
  /** Redirects followed (of the last attempt). */
  redirects: number;
  /** Attempts made: 1, plus one per retry (--retries). */
  attempts: number;
  /** HTTP status of the final response; null when no response headers arrived. */
  status: number | null;
  /** Body bytes as received on the wire, before any content decoding; partial when the body failed. */
  bytes: number;
  /** With --compressed and an encoded body: the bytes it decoded to (as far as it got); null otherwise. */
  decodedBytes: number | null;
  /** The HTTP version of the connection the final request went on (`1.1` or `2`); null when none was written. */
  httpVersion: '1.1' | '2' | null;
  /** When the request was issued, since the start of its run. In concurrent mode this is after its slot freed. */
  startMs: number;
  /**
   * Concurrent mode: how long the request waited for a free slot, from when the fetcher handed it to its
   * limiter (at most `concurrency` wait there, behind the `concurrency` running) until a slot took it;
   * ~0 when a slot was free. Serial mode has no queue: null.
   */
  queuedMs: number | null;
  /** From startMs until the response headers arrived; null when they never did. */
  ttfbMs: number | null;
  /** From startMs until the last body byte arrived, or until the request failed; retries and their waits included. */
  durationMs: number;
  phases: Phases;
  /** Why the request counts as failed (network fault, deadline, non-2xx status); null on success. */
  error: ErrorInfo | null;
}

/** One pass over the whole list in one mode. */
export interface RunRecord {
  /** Position of this run in the whole schedule, warm-ups included, from 0: the order runs happened in. */
  sequence: number;
  /** From issuing the first request until the last one settled. */
  wallMs: number;
  /** True when a signal cut the run short: requests not started or aborted are INTERRUPTED results. */
  interrupted: boolean;
  /** One result per URL, in input order whatever order they finished in. */
  results: ResultList;
  /** Connections the run opened (a tunnel through a proxy counts once); absent from runs made before it was counted. */
  connections?: number;
  /** What corofetch's own process used during the run; absent from runs made before it was measured. */
  client?: ClientResources;
}

/** What corofetch's own process spent while it measured: the figures that say whether it was the bottleneck. */
export interface ClientResources {
  /** CPU time, user and system, of every thread of the process. */
  cpuMs: number;
  /**
   * How late the event loop ran its callbacks (perf_hooks' delay monitor, its 10 ms interval taken off);
   * null for a run too short for the monitor to take a sample.
   */
  loopDelayMs: { p50: number; p99: number; max: number } | null;
  /** The largest resident set size seen. */
  peakRssBytes: number;
}

/** The phases a mode's requests are summarised by (see Phases; ttfb is FetchResult.ttfbMs). */
export const PHASE_NAMES = ['dns', 'connect', 'tls', 'ttfb', 'download'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** One phase over the requests that went through it (nearest-rank percentiles). */
export interface PhaseStats {
  /** Requests that had the phase: a reused connection has no dns, connect or tls. */
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** One bucket of a latency histogram: requests whose duration was at least fromMs and under toMs. */
export interface HistogramBucket {
  fromMs: number;
  toMs: number;
  count: number;
}

/** Summary statistics of a list of samples. */
export interface SampleStats {
  median: number;
  mean: number;
  min: number;
  max: number;
  /** Sample standard deviation (n − 1); null with fewer than two samples, where it is undefined. */
  stddev: number | null;
  /** The samples themselves, in the order they were measured. */
  samples: number[];
}

/** Percentiles by the nearest-rank method: each is one of the measured values, never an interpolation. */
export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

/** One URL across the complete rounds of a mode. */
export interface UrlSummary {
  url: string;
  /** The response status of the first round; null when no response arrived. */
  status: number | null;
  /** Body bytes of the first round. */
  bytes: number;
  /** Present when rounds disagreed: every round's status and bytes, in order. */
  varied?: { status: Array<number | null>; bytes: number[] };
  /** Rounds in which this URL failed. */
  failedRounds: number;
  /** The first failure, or null when the URL never failed. */
  error: ErrorInfo | null;
  durationMs: { median: number; max: number };
}

export interface ModeSummary {
  /** Complete measured rounds summarised here; a round a signal cut short is never counted. */
  rounds: number;
  /** One sample per round. */
  wallMs: SampleStats;
  /** Durations of every request of every round. */
  requestMs: Percentiles;
  /** Per URL, in input order. */
  urls: UrlSummaryList;
  /** URLs that succeeded in every round; each URL counts once, whatever the number of rounds. */
  okUrls: number;
  /** URLs that failed in at least one round; each URL counts once. */
  failedUrls: number;
  /** Body bytes received in one round (the median over rounds). */
  bytesPerRound: number;
  /** Counts over all rounds together, named as totals. */
  total: { requests: number; failedRequests: number; bytes: number };
  /** Each phase over every request of every round; null for a phase no request went through. */
  phasesMs: Record<PhaseName, PhaseStats | null>;
  /** Request durations of every round in log-spaced buckets (1, 2, 5, 10, 20, 50 ms…), from the fastest to the slowest. */
  histogram: HistogramBucket[];
  /** The median over the rounds of what corofetch's process used (max: the largest); null when not measured. */
  client: ClientResources | null;
  /** Requests of every round by the HTTP version they went out on (`1.1`, `2`); a request never sent counts under none. */
  httpVersions: Record<string, number>;
  /** Connections a round opened (the median over the rounds); null when not counted. */
  connectionsPerRound: number | null;
  runs: RunRecord[];
}

/** How an interval was computed: see src/core/intervals.ts. */
export type IntervalMethod = 't-log-ratio' | 't-log-mean' | 'welch-log-ratio' | 't-mean' | 'order-statistic';

/** A confidence interval of a gated figure, from per-round samples. */
export interface Interval {
  low: number;
  high: number;
  confidence: number;
  method?: IntervalMethod;
}

/**
 * The interval a gate judges: an order-statistic one has no upper end (null) when its samples are too few to
 * bound the quantile from above (a p99 over fewer than 299 requests), and its `confidence` is the coverage
 * it achieves, which the order statistics make a step function of the sample size.
 */
export type GateInterval = Omit<Interval, 'high'> & { high: number | null };

export interface Comparison {
  /**
   * The geometric mean over rounds of serial / concurrent wall time (with one round, that ratio): the
   * figure the speedup gate and its interval judge. Null if a concurrent wall time is 0.
   */
  speedup: number | null;
  /** Serial wall / concurrent wall of each round (run i of each mode, back to back), in order. */
  pairRatios: number[];
  pairMin: number | null;
  pairMax: number | null;
  /** 95% t-interval of the speedup on the rounds' log ratios; present with 2 or more rounds. */
  speedupInterval?: Interval;
  /**
   * The ideal: the serial per-URL median durations replayed through c = min(concurrency, URLs) slots in
   * list order, each URL starting when a slot frees, exactly as the concurrent fetcher schedules them.
   */
  idealWallMs: number;
  /** The bound no schedule beats in any order: max(longest duration, total / c). */
  lowerBoundWallMs: number;
  /** The same durations with the slowest started first (LPT); what reordering the list could reach. */
  slowestFirstWallMs: number;
  /** Median serial wall time / idealWallMs: the speedup the in-order scheduler can reach. */
  idealSpeedup: number | null;
  /** idealWallMs / median concurrent wall time: 1 means the fetcher reached the in-order ideal. */
  efficiency: number | null;
  /** Present when the figures rest on too few rounds to be compared with confidence. */
  note?: string;
}

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==';
/** `not-judged`: the session was interrupted before the figure could be measured. */
export type ThresholdOutcome = 'passed' | 'failed' | 'inconclusive' | 'not-judged';
export type InconclusivePolicy = 'pass' | 'warn' | 'fail';

export interface ThresholdCheck {
  /** The metric's name ('speedup' for --min-speedup). */
  name: string;
  /** The expression as normalised, e.g. `speedup >= 2`. */
  expr: string;
  metric: string;
  op: ThresholdOp;
  limit: number;
  /** The measured figure; null when it could not be computed, which fails the check (or, interrupted, skips it). */
  actual: number | null;
  /** Whether the check counts as met for the exit code (an inconclusive one as --inconclusive says). */
  passed: boolean;
  outcome: ThresholdOutcome;
  /** The interval of `actual` the outcome was judged on, when the metric has one and the samples allow one. */
  interval?: GateInterval;
}

/** The settings of a session that change what is measured: a baseline must share them to compare. */
export interface ReportOptions {
  mode: ModeSelection;
  concurrency: number;
  runs: number;
  warmup: number;
  /** Where the round counts came from: the flags, the plain defaults, or the defaults for a gated session. */
  roundsFrom: 'flags' | 'defaults' | 'gate-defaults';
  timeoutMs: number;
  connectTimeoutMs: number;
  /** `reuse` (keep-alive) or `fresh` (a new connection for every request). */
  connections: 'reuse' | 'fresh';
  /** --protocol: `auto`, `http1` or `http2`. */
  protocol: 'auto' | 'http1' | 'http2';
  /** --compressed: bodies asked for compressed and decoded. */
  compressed: boolean;
  /** --resolve and --connect-to, as given, in the order they apply. */
  routes: string[];
  maxBytes: number | null;
  maxRedirects: number;
  retries: number;
  /** Names of the -H headers, lower case, in order (never their values). */
  headerNames: string[];
  insecure: boolean;
  /** Whether a proxy from the environment was set. */
  proxy: boolean;
  /** How an inconclusive gate counts: pass, warn (pass, said on stderr and in the report) or fail. */
  inconclusive: InconclusivePolicy;
}

/** A change against an earlier report: ratio = now / then (1.1 is 10% slower). */
export interface BaselineChange {
  /** Geometric mean of the baseline's per-round figures. */
  baselineMs: number;
  /** Geometric mean of this session's per-round figures. */
  currentMs: number;
  ratio: number | null;
  /** 95% Welch t-interval of the ratio, on log times; present with 2 or more rounds on each side. */
  interval?: Interval;
  /** The settings that differ from the baseline's and matter to this mode; a gate on it is then inconclusive. */
  settingsDiffer?: string[];
}

export interface BaselineComparison {
  /** The file the baseline was read from, as given. */
  file: string;
  /** Its tool version and start time, to tell which run it was. */
  version: string;
  startedAt: string;
  /** `exact`: the same URLs; `path`: the same paths and queries on another scheme, host or port. */
  urlMatch: 'exact' | 'path';
  /** Each setting that differs from the baseline's, as `name: then → now`; the regression gate is then inconclusive. */
  settingsDiffer: string[];
  /** Per mode that ran in both reports: the change in wall time. */
  modes: Partial<Record<Mode, BaselineChange>>;
  /** Per URL, in input order: the change in median duration, per mode present in both. */
  urls: Array<{ url: string } & Partial<Record<Mode, BaselineChange>>>;
}

export interface Warning {
  code: string;
  message: string;
}

/** What a signal cut short. */
export interface Interruption {
  signal: 'SIGINT' | 'SIGTERM';
  /** Complete measured rounds kept in `modes`; the rest is below, and in no statistic. */
  roundsKept: number;
  /** The runs of the round the signal cut short (the ones that ran), in the order they ran. */
  cutShort: Array<{ mode: Mode } & RunRecord>;
}

/** What a diagnosis names: see core/diagnosis.ts and docs/report.md. */
export type DiagnosisCode = 'CONNECT_STALL' | 'SERVER_SERIALIZES' | 'QUEUE_BOUND' | 'CLIENT_BOUND' | 'IDEAL_EXCEEDED';

/** One reason a figure looks as it does, and the figures behind the claim. */
export interface Diagnosis {
  code: DiagnosisCode;
  /** The mode it is about; null for the comparison of both. */
  mode: Mode | null;
  message: string;
  evidence: Record<string, number | string | null>;
}

/** --detail: how much of each request the JSON report keeps. */
export type ReportDetailChoice = 'auto' | 'summary' | 'full';

export interface Report {
  schemaVersion: 2;
  /**
   * `full`: every request of every round (runs[].results) and every URL; `summary`: the aggregates, every
   * failed URL and the slowest 100 per mode (each with its `index` in the list), no per-request results.
   */
  detail: 'full' | 'summary';
  tool: { name: 'corofetch'; version: string };
  /** Wall-clock time the measurement began, ISO 8601 UTC. */
  startedAt: string;
  options: ReportOptions;
  /** The input list, redacted, in input order. */
  urls: readonly string[];
  /** The modes of the kept measured runs, in the order they ran (warm-ups left out). */
  schedule: Mode[];
  /** Per mode with at least one complete round. */
  modes: Partial<Record<Mode, ModeSummary>>;
  /** Present when both modes have complete rounds. */
  comparison?: Comparison;
  /** Why a figure looks the way it does (a low efficiency, one above 1), from what was measured; empty on a healthy run. */
  diagnosis: Diagnosis[];
  baseline?: BaselineComparison;
  thresholds: ThresholdCheck[];
  /** What may make the figures less trustworthy than they look; also printed on stderr. */
  warnings: Warning[];
  /** Null unless SIGINT or SIGTERM stopped the session. */
  interruption: Interruption | null;
  /** The process exit code this report leads to (see verdict.ts). */
  exitCode: number;
}
