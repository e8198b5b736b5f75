import { roundMs } from './time.js';
import type { ErrorInfo, FetchResult, Phases, UrlSummary } from './types.js';

/**
 * A list as its readers see it: an array satisfies it (tests build reports that way), and so do the column
 * stores below, which is how a session keeps a result per request and a summary per URL.
 */
export interface ReadList<T> extends Iterable<T> {
  readonly length: number;
  at(index: number): T | undefined;
}

/** A run's results, one per URL in input order. */
export type ResultList = ReadList<FetchResult>;

/** A mode's summary of each URL over the rounds, in input order. */
export type UrlSummaryList = ReadList<UrlSummary>;

const HTTP_VERSIONS = [null, '1.1', '2'] as const;

/** What the column stores share: a list read through `at`, iterated, and written to JSON as an array. */
abstract class Columns<T> implements ReadList<T> {
  abstract readonly length: number;
  abstract at(index: number): T | undefined;

  *[Symbol.iterator](): Iterator<T> {
    for (let i = 0; i < this.length; i++) yield this.at(i)!;
  }

  /** What JSON.stringify writes: the items as the report's schema lists them. */
  toJSON(): T[] {
    return Array.from(this);
  }
}

/**
 * Results held in typed arrays, a column per figure, 52 bytes a request instead of the ~350 of an
 * object with its boxed numbers and phases: a million URLs over two modes fit in 104 MB. The URL is the
 * target's own label; the rare values (a final URL after redirects, an error) live in maps by index, and the
 * requests an interruption kept from starting in one shared record. A FetchResult is built only when read,
 * and dropped by the reader.
 */
export class ResultColumns extends Columns<FetchResult> {
  readonly length: number;
  private readonly redirects: Uint16Array;
  private readonly attempts: Uint16Array;
  /** 0 for no status. */
  private readonly status: Uint16Array;
  /** Index into HTTP_VERSIONS. */
  private readonly httpVersion: Uint8Array;
  /** -1 for unknown (null), else 0 or 1. */
  private readonly reused: Int8Array;
  /** bytes, decodedBytes. */
  private readonly sizes: Figures;
  /**
   * startMs in microseconds, in a column of its own: the one time that passes 71 minutes in a long serial
   * run, after which every start spills (see Figures) at 8 bytes a request, not 8 for each of nine times.
   */
  private readonly starts: Figures;
  /** queuedMs, ttfbMs, durationMs, then the five phases, in microseconds as fetchOne rounds them. */
  private readonly micros: Figures;
  private readonly finalUrls = new Map<number, string>();
  private readonly errors = new Map<number, ErrorInfo>();
  /** The requests an interruption kept from starting, [from, to), all as `result` says but for their URL. */
  private notStarted: { from: number; to: number; result: FetchResult } | undefined;

  constructor(private readonly urls: readonly string[]) {
    super();
    const n = urls.length;
    this.length = n;
    this.redirects = new Uint16Array(n);
    this.attempts = new Uint16Array(n);
    this.status = new Uint16Array(n);
    this.httpVersion = new Uint8Array(n);
    this.reused = new Int8Array(n);
    this.sizes = new Figures(n * SIZES, 1);
    this.starts = new Figures(n, 1000);
    this.micros = new Figures(n * MICROS, 1000);
  }

  /** Records the result of request `index`, once: a run settles each request once. */
  set(index: number, r: FetchResult): void {
    if (this.notStartedAt(index) !== undefined) throw new RangeError(`request ${index} was recorded as not started`);
    this.redirects[index] = Math.min(r.redirects, 0xffff);
    this.attempts[index] = Math.min(r.attempts, 0xffff);
    this.status[index] = r.status ?? 0;
    this.httpVersion[index] = r.httpVersion === null ? 0 : r.httpVersion === '1.1' ? 1 : 2;
    this.reused[index] = r.phases.reused === null ? -1 : r.phases.reused ? 1 : 0;
    const sizes = index * SIZES;
    this.sizes.set(sizes, r.bytes);
    this.sizes.set(sizes + 1, r.decodedBytes);
    const m = this.micros;
    const times = index * MICROS;
    this.starts.set(index, r.startMs);
    m.set(times, r.queuedMs);
    m.set(times + 1, r.ttfbMs);
    m.set(times + 2, r.durationMs);
    m.set(times + 3, r.phases.dnsMs);
    m.set(times + 4, r.phases.connectMs);
    m.set(times + 5, r.phases.tlsMs);
    m.set(times + 6, r.phases.firstByteMs);
    m.set(times + 7, r.phases.downloadMs);
    if (r.finalUrl !== r.url) this.finalUrls.set(index, r.finalUrl);
    if (r.error !== null) this.errors.set(index, r.error);
  }

  /**
   * Records that request `index` did not start, as `result` says (its URL aside). A run skips every request
   * from the first it skips on, so those are one record, not an error apiece: when Ctrl-C came early in a
   * million, the errors took 350 ms and tens of MB. A skip out of that order is recorded as any result.
   */
  setNotStarted(index: number, result: FetchResult): void {
    const skipped = this.notStarted;
    if (skipped === undefined) this.notStarted = { from: index, to: index + 1, result };
    else if (index === skipped.to) skipped.to += 1;
    else this.set(index, result);
  }

  /** The shared result of request `index` when it is among those recorded as not started. */
  private notStartedAt(index: number): FetchResult | undefined {
    const skipped = this.notStarted;
    return skipped !== undefined && index >= skipped.from && index < skipped.to ? skipped.result : undefined;
  }

  /** Request `index`'s duration, read without building its result. */
  durationMs(index: number): number {
    return this.notStartedAt(index)?.durationMs ?? this.micros.get(index * MICROS + 2)!;
  }

  at(index: number): FetchResult | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const skipped = this.notStartedAt(index);
    if (skipped !== undefined) return { ...skipped, url: this.urls[index]!, finalUrl: this.urls[index]! };
    const sizes = index * SIZES;
    const m = this.micros;
    const times = index * MICROS;
    const url = this.urls[index]!;
    const reused = this.reused[index]!;
    const phases: Phases = {
      dnsMs: m.get(times + 3),
      connectMs: m.get(times + 4),
      tlsMs: m.get(times + 5),
      firstByteMs: m.get(times + 6),
      downloadMs: m.get(times + 7),
      reused: reused === -1 ? null : reused === 1,
    };
    return {
      url,
      finalUrl: this.finalUrls.get(index) ?? url,
      redirects: this.redirects[index]!,
      attempts: this.attempts[index]!,
      status: this.status[index] === 0 ? null : this.status[index]!,
      bytes: this.sizes.get(sizes)!,
      decodedBytes: this.sizes.get(sizes + 1),
      httpVersion: HTTP_VERSIONS[this.httpVersion[index]!]!,
      startMs: this.starts.get(index)!,
      queuedMs: m.get(times),
      ttfbMs: m.get(times + 1),
      durationMs: this.durationMs(index),
      phases,
      error: this.errors.get(index) ?? null,
    };
  }
}

const SIZES = 2;
const MICROS = 8;

/**
 * Figures counted in whole units of 1/`perUnit` (times in microseconds, as fetchOne rounds them with
 * roundMs; sizes in bytes), 4 bytes each instead of a double's 8; 0 is null. Exact up to 2^32 − 3 units
 * (71 minutes, 4 GiB). A figure beyond that, below zero or not a number is kept as given in a column of
 * doubles made at the first such figure, whose pages never written cost no memory (a map's entry with its
 * boxed number took 40 to 90 bytes a figure).
 */
class Figures {
  private readonly values: Uint32Array;
  private others: Float64Array | undefined;

  constructor(
    length: number,
    private readonly perUnit: number,
  ) {
    this.values = new Uint32Array(length);
  }

  set(slot: number, figure: number | null): void {
    if (figure === null) {
      this.values[slot] = 0;
      return;
    }
    const stored = Math.round(figure * this.perUnit) + 1;
    if (figure >= 0 && stored < OTHER) this.values[slot] = stored;
    else {
      this.values[slot] = OTHER;
      (this.others ??= new Float64Array(this.values.length))[slot] = figure;
    }
  }

  get(slot: number): number | null {
    const stored = this.values[slot]!;
    if (stored === 0) return null;
    return stored === OTHER ? this.others![slot]! : (stored - 1) / this.perUnit;
  }
}

/** The stored value that says the figure is in `others`. */
const OTHER = 0xffff_ffff;

/** Each item's `pick`, in order, without building an array of the items. */
export function mapList<I, T>(list: ReadList<I>, pick: (item: I, index: number) => T): T[] {
  const picked = new Array<T>(list.length);
  let i = 0;
  for (const item of list) picked[i] = pick(item, i++);
  return picked;
}

/**
 * Each request's `pick` that is not null, over the runs, in a typed array as long as the requests: no
 * array grown push by push (at a million requests those left tens of MB of large garbage for the next
 * full collection), and the pages past the figures found are never touched, so they cost no memory.
 */
export function requestFigures(
  runs: ReadonlyArray<{ results: ResultList }>,
  pick: (result: FetchResult) => number | null,
): Float64Array {
  const figures = new Float64Array(runs.reduce((n, run) => n + run.results.length, 0));
  let found = 0;
  for (const run of runs) {
    for (const result of run.results) {
      const figure = pick(result);
      if (figure !== null) figures[found++] = figure;
    }
  }
  return figures.subarray(0, found);
}

/** Each item's `pick` that is not null, in order: the figures some items have (a phase, a queue time). */
export function pickList<I, T>(list: ReadList<I>, pick: (item: I, index: number) => T | null): T[] {
  const picked: T[] = [];
  let i = 0;
  for (const item of list) {
    const value = pick(item, i++);
    if (value !== null) picked.push(value);
  }
  return picked;
}

/**
 * Each URL's summary over a mode's rounds, in columns as ResultColumns keeps results: a million URLs cost
 * 16 bytes each instead of an object with its nested times. Rare values (an error, statuses or
 * sizes that varied between rounds) live in maps by index.
 */
export class UrlColumns extends Columns<UrlSummary> {
  readonly length: number;
  private readonly status: Uint16Array;
  private readonly failedRounds: Uint16Array;
  private readonly bytes: Figures;
  /** Median and max duration. */
  private readonly micros: Figures;
  private readonly varied = new Map<number, NonNullable<UrlSummary['varied']>>();
  private readonly errors = new Map<number, ErrorInfo>();

  constructor(private readonly urls: readonly string[]) {
    super();
    const n = urls.length;
    this.length = n;
    this.status = new Uint16Array(n);
    this.failedRounds = new Uint16Array(n);
    this.bytes = new Figures(n, 1);
    this.micros = new Figures(n * 2, 1000);
  }

  set(index: number, u: UrlSummary): void {
    this.status[index] = u.status ?? 0;
    this.failedRounds[index] = Math.min(u.failedRounds, 0xffff);
    this.bytes.set(index, u.bytes);
    // A median of an even count averages two figures: rounded here, as roundMsFields rounds plain reports.
    this.micros.set(index * 2, roundMs(u.durationMs.median));
    this.micros.set(index * 2 + 1, roundMs(u.durationMs.max));
    if (u.varied !== undefined) this.varied.set(index, u.varied);
    if (u.error !== null) this.errors.set(index, u.error);
  }

  /** A URL's median duration, read without building its summary (the ideal and the baseline need only it). */
  medianMs(index: number): number {
    return this.micros.get(index * 2)!;
  }

  at(index: number): UrlSummary | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const varied = this.varied.get(index);
    return {
      url: this.urls[index]!,
      status: this.status[index] === 0 ? null : this.status[index]!,
      bytes: this.bytes.get(index)!,
      ...(varied !== undefined && { varied }),
      failedRounds: this.failedRounds[index]!,
      error: this.errors.get(index) ?? null,
      durationMs: { median: this.micros.get(index * 2)!, max: this.micros.get(index * 2 + 1)! },
    };
  }
}

/**
 * A mode's URL summaries when it ran one round (the default): each URL's summary is then its one result,
 * read from the run's results rather than copied into UrlColumns, which at a million URLs in both modes
 * would add 32 MB as the report is built.
 */
export class OneRoundSummaries extends Columns<UrlSummary> {
  readonly length: number;

  constructor(
    private readonly urls: readonly string[],
    private readonly results: ResultList,
  ) {
    super();
    this.length = urls.length;
  }

  medianMs(index: number): number {
    return roundMs(
      this.results instanceof ResultColumns ? this.results.durationMs(index) : this.results.at(index)!.durationMs,
    );
  }

  at(index: number): UrlSummary | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    // A kept round is a complete one: it has a result for every URL.
    const r = this.results.at(index)!;
    const durationMs = roundMs(r.durationMs);
    return {
      url: this.urls[index]!,
      status: r.status,
      bytes: r.bytes,
      failedRounds: r.error === null ? 0 : 1,
      error: r.error,
      durationMs: { median: durationMs, max: durationMs },
    };
  }
}

/** Each URL's median duration, in order, read without building a summary per URL. */
export function medianDurations(urls: UrlSummaryList): Float64Array {
  if (!(urls instanceof UrlColumns || urls instanceof OneRoundSummaries)) {
    return Float64Array.from(urls, (u) => u.durationMs.median);
  }
  const medians = new Float64Array(urls.length);
  for (let i = 0; i < urls.length; i++) medians[i] = urls.medianMs(i);
  return medians;
}
