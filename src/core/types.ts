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
  url: URL;
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
  results: FetchResult[];
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

/** One URL across all measured runs of a mode. */
export interface UrlSummary {
  url: string;
  durationMs: { median: number; max: number };
}

export interface ModeSummary {
  wallMs: SampleStats;
  /** Durations of every request of every measured run. */
  requestMs: Percentiles;
  /** Per URL, in input order. */
  urls: UrlSummary[];
  /** Body bytes received, summed over all measured runs. */
  totalBytes: number;
  /** Requests that succeeded, counted over all measured runs. */
  ok: number;
  /** Requests that failed, counted over all measured runs. */
  failed: number;
  runs: RunRecord[];
}

/** A 95% interval, from a seeded bootstrap, so the same samples always give the same interval. */
export interface Interval {
  low: number;
  high: number;
  confidence: number;
}

export interface Comparison {
  /** Median serial wall time / median concurrent wall time; null if the concurrent median is 0. */
  speedup: number | null;
  /** Serial wall / concurrent wall of each pair of runs (run i of each mode), in order. */
  pairRatios: number[];
  pairMin: number | null;
  pairMax: number | null;
  /** 95% bootstrap interval of the speedup over the paired runs; present with 3 or more pairs. */
  speedupInterval?: Interval;
  /**
   * Lower bound on the concurrent wall time, from the serial per-URL median durations d and the effective
   * concurrency c = min(concurrency, URLs): max(max d, sum d / c).
   */
  idealWallMs: number;
  /** Median serial wall time / idealWallMs: the speedup a perfect scheduler would reach. */
  idealSpeedup: number | null;
  /** idealWallMs / median concurrent wall time: 1 means the scheduler reached the bound. */
  efficiency: number | null;
  /** Present when the figures rest on too few runs to be compared with confidence. */
  note?: string;
}

export type ThresholdOp = '<' | '<=' | '>' | '>=' | '==';
export type ThresholdOutcome = 'passed' | 'failed' | 'inconclusive';

export interface ThresholdCheck {
  /** The metric's name, kept for schema 1 readers ('speedup' for --min-speedup). */
  name: string;
  /** The expression as normalised, e.g. `speedup >= 2`. */
  expr: string;
  metric: string;
  op: ThresholdOp;
  limit: number;
  /** The measured figure; null when it could not be computed, which fails the check. */
  actual: number | null;
  /** Whether the check counts as met (inconclusive ones count as --inconclusive says). */
  passed: boolean;
  outcome: ThresholdOutcome;
  /** The interval the outcome was judged on, for speedup with 3 or more runs. */
  interval?: Interval;
}

export interface ReportOptions {
  mode: ModeSelection;
  concurrency: number;
  runs: number;
  warmup: number;
  timeoutMs: number;
}

/** A change against an earlier report: ratio = now / then (1.1 is 10% slower). */
export interface BaselineChange {
  baselineMs: number;
  currentMs: number;
  ratio: number | null;
}

export interface BaselineComparison {
  /** The file the baseline was read from, as given. */
  file: string;
  /** Its tool version and start time, to tell which run it was. */
  version: string;
  startedAt: string;
  /** Per mode that ran in both reports: the change in median wall time. */
  modes: Partial<Record<Mode, BaselineChange>>;
  /** Per URL, in input order: the change in median duration, per mode present in both. */
  urls: Array<{ url: string } & Partial<Record<Mode, BaselineChange>>>;
}

export interface Warning {
  code: string;
  message: string;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'corofetch'; version: string };
  /** Wall-clock time the measurement began, ISO 8601 UTC. */
  startedAt: string;
  options: ReportOptions;
  /** The input list, redacted, in input order. */
  urls: string[];
  /** The modes of the measured runs, in the order they ran (warm-ups left out). */
  schedule: Mode[];
  modes: Partial<Record<Mode, ModeSummary>>;
  /** Present only when both modes ran. */
  comparison?: Comparison;
  baseline?: BaselineComparison;
  thresholds: ThresholdCheck[];
  /** What may make the figures less trustworthy than they look; also printed on stderr. */
  warnings: Warning[];
  /** True when SIGINT or SIGTERM stopped the measurement; the report holds what was measured until then. */
  interrupted: boolean;
  /** The process exit code this report leads to (see verdict.ts). */
  exitCode: number;
}
