/**
 * The report's data model. These types are the JSON contract (schemaVersion 1): adding a field keeps the
 * version, renaming or removing one bumps it. All times are milliseconds read from the monotonic clock.
 */

export type Mode = 'serial' | 'concurrent';
export type ModeSelection = Mode | 'both';

/** A stable machine code (SCREAMING_SNAKE, never renamed once shipped) and a sentence for people. */
export interface ErrorInfo {
  code: string;
  message: string;
}

/** One URL as the engine fetches it: the real URL (credentials included) and the label safe to print. */
export interface FetchTarget {
  url: URL;
  /** The URL with any user:password replaced by `***`; the only form that reaches an output. */
  label: string;
}

/** The outcome of one GET. A failure is recorded here, never thrown. */
export interface FetchResult {
  /** Redacted URL, as in FetchTarget.label. */
  url: string;
  /** HTTP status of the final response; null when no response headers arrived. */
  status: number | null;
  /** Body bytes as received on the wire, before any content decoding; partial when the body failed. */
  bytes: number;
  /** When the request was issued, since the start of its run. In concurrent mode this is after its slot freed. */
  startMs: number;
  /** From startMs until the response headers arrived; null when they never did. */
  ttfbMs: number | null;
  /** From startMs until the last body byte arrived, or until the request failed. */
  durationMs: number;
  /** Why the request counts as failed (network fault, deadline, non-2xx status); null on success. */
  error: ErrorInfo | null;
}

/** One pass over the whole list in one mode. */
export interface RunRecord {
  /** From issuing the first request until the last one settled. */
  wallMs: number;
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
}

export interface ModeSummary {
  wallMs: SampleStats;
  /** Body bytes received, summed over all measured runs. */
  totalBytes: number;
  /** Requests that succeeded, counted over all measured runs. */
  ok: number;
  /** Requests that failed, counted over all measured runs. */
  failed: number;
  runs: RunRecord[];
}

export interface Comparison {
  /** Median serial wall time / median concurrent wall time; null if the concurrent median is 0. */
  speedup: number | null;
  /**
   * Lower bound on the concurrent wall time, from the serial per-request durations d and the effective
   * concurrency c = min(concurrency, URLs): max(max d, sum d / c).
   */
  idealWallMs: number;
  /** Median serial wall time / idealWallMs: the speedup a perfect scheduler would reach. */
  idealSpeedup: number | null;
  /** idealWallMs / median concurrent wall time: 1 means the scheduler reached the bound. */
  efficiency: number | null;
}

export interface ThresholdCheck {
  name: 'speedup';
  limit: number;
  /** The measured figure; null when it could not be computed, which fails the check. */
  actual: number | null;
  passed: boolean;
}

export interface ReportOptions {
  mode: ModeSelection;
  concurrency: number;
  runs: number;
  warmup: number;
  timeoutMs: number;
}

export interface Report {
  schemaVersion: 1;
  tool: { name: 'corofetch'; version: string };
  /** Wall-clock time the measurement began, ISO 8601 UTC. */
  startedAt: string;
  options: ReportOptions;
  /** The input list, redacted, in input order. */
  urls: string[];
  modes: Partial<Record<Mode, ModeSummary>>;
  /** Present only when both modes ran. */
  comparison?: Comparison;
  thresholds: ThresholdCheck[];
  /** The process exit code this report leads to (see verdict.ts). */
  exitCode: number;
}
