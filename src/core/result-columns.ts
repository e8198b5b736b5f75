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

/**
 * Results held in typed arrays, a column per figure, about 100 bytes a request instead of the ~350 of an
 * object with its boxed numbers and phases: a million URLs over two modes fit in 200 MB. The URL is the
 * target's own label; the rare values (a final URL after redirects, an error) live in maps by index. A
 * FetchResult is built only when read, and dropped by the reader.
 */
/** What both column stores share: a list read through `at`, iterated, and written to JSON as an array. */
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
  /** bytes, decodedBytes, startMs, queuedMs, ttfbMs, durationMs, then the five phases; NaN for null. */
  private readonly numbers: Float64Array;
  private readonly finalUrls = new Map<number, string>();
  private readonly errors = new Map<number, ErrorInfo>();

  constructor(private readonly urls: readonly string[]) {
    super();
    const n = urls.length;
    this.length = n;
    this.redirects = new Uint16Array(n);
    this.attempts = new Uint16Array(n);
    this.status = new Uint16Array(n);
    this.httpVersion = new Uint8Array(n);
    this.reused = new Int8Array(n);
    this.numbers = new Float64Array(n * NUMBERS);
  }

  /** Records the result of request `index`, once: a run settles each request once. */
  set(index: number, r: FetchResult): void {
    this.redirects[index] = Math.min(r.redirects, 0xffff);
    this.attempts[index] = Math.min(r.attempts, 0xffff);
    this.status[index] = r.status ?? 0;
    this.httpVersion[index] = r.httpVersion === null ? 0 : r.httpVersion === '1.1' ? 1 : 2;
    this.reused[index] = r.phases.reused === null ? -1 : r.phases.reused ? 1 : 0;
    const at = index * NUMBERS;
    const n = this.numbers;
    n[at] = r.bytes;
    n[at + 1] = r.decodedBytes ?? Number.NaN;
    n[at + 2] = r.startMs;
    n[at + 3] = r.queuedMs ?? Number.NaN;
    n[at + 4] = r.ttfbMs ?? Number.NaN;
    n[at + 5] = r.durationMs;
    n[at + 6] = r.phases.dnsMs ?? Number.NaN;
    n[at + 7] = r.phases.connectMs ?? Number.NaN;
    n[at + 8] = r.phases.tlsMs ?? Number.NaN;
    n[at + 9] = r.phases.firstByteMs ?? Number.NaN;
    n[at + 10] = r.phases.downloadMs ?? Number.NaN;
    if (r.finalUrl !== r.url) this.finalUrls.set(index, r.finalUrl);
    if (r.error !== null) this.errors.set(index, r.error);
  }

  at(index: number): FetchResult | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const at = index * NUMBERS;
    const n = this.numbers;
    const url = this.urls[index]!;
    const reused = this.reused[index]!;
    const phases: Phases = {
      dnsMs: orNull(n[at + 6]!),
      connectMs: orNull(n[at + 7]!),
      tlsMs: orNull(n[at + 8]!),
      firstByteMs: orNull(n[at + 9]!),
      downloadMs: orNull(n[at + 10]!),
      reused: reused === -1 ? null : reused === 1,
    };
    return {
      url,
      finalUrl: this.finalUrls.get(index) ?? url,
      redirects: this.redirects[index]!,
      attempts: this.attempts[index]!,
      status: this.status[index] === 0 ? null : this.status[index]!,
      bytes: n[at]!,
      decodedBytes: orNull(n[at + 1]!),
      httpVersion: HTTP_VERSIONS[this.httpVersion[index]!]!,
      startMs: n[at + 2]!,
      queuedMs: orNull(n[at + 3]!),
      ttfbMs: orNull(n[at + 4]!),
      durationMs: n[at + 5]!,
      phases,
      error: this.errors.get(index) ?? null,
    };
  }
}

const NUMBERS = 11;

function orNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** Each item's `pick`, in order, without building an array of the items. */
export function mapList<I, T>(list: ReadList<I>, pick: (item: I, index: number) => T): T[] {
  const picked = new Array<T>(list.length);
  let i = 0;
  for (const item of list) picked[i] = pick(item, i++);
  return picked;
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
 * about 40 bytes each instead of an object with its nested times. Rare values (an error, statuses or
 * sizes that varied between rounds) live in maps by index.
 */
export class UrlColumns extends Columns<UrlSummary> {
  readonly length: number;
  private readonly status: Uint16Array;
  private readonly failedRounds: Uint16Array;
  /** bytes, median duration, max duration. */
  private readonly numbers: Float64Array;
  private readonly varied = new Map<number, NonNullable<UrlSummary['varied']>>();
  private readonly errors = new Map<number, ErrorInfo>();

  constructor(private readonly urls: readonly string[]) {
    super();
    const n = urls.length;
    this.length = n;
    this.status = new Uint16Array(n);
    this.failedRounds = new Uint16Array(n);
    this.numbers = new Float64Array(n * 3);
  }

  set(index: number, u: UrlSummary): void {
    this.status[index] = u.status ?? 0;
    this.failedRounds[index] = Math.min(u.failedRounds, 0xffff);
    this.numbers[index * 3] = u.bytes;
    // A median of an even count averages two figures: rounded here, as roundMsFields rounds plain reports.
    this.numbers[index * 3 + 1] = roundMs(u.durationMs.median);
    this.numbers[index * 3 + 2] = roundMs(u.durationMs.max);
    if (u.varied !== undefined) this.varied.set(index, u.varied);
    if (u.error !== null) this.errors.set(index, u.error);
  }

  /** A URL's median duration, read without building its summary (the ideal and the baseline need only it). */
  medianMs(index: number): number {
    return this.numbers[index * 3 + 1]!;
  }

  at(index: number): UrlSummary | undefined {
    if (!(index >= 0 && index < this.length)) return undefined;
    const varied = this.varied.get(index);
    return {
      url: this.urls[index]!,
      status: this.status[index] === 0 ? null : this.status[index]!,
      bytes: this.numbers[index * 3]!,
      ...(varied !== undefined && { varied }),
      failedRounds: this.failedRounds[index]!,
      error: this.errors.get(index) ?? null,
      durationMs: { median: this.numbers[index * 3 + 1]!, max: this.numbers[index * 3 + 2]! },
    };
  }
}

/** Each URL's median duration, in order: read straight from UrlColumns, without building a summary per URL. */
export function medianDurations(urls: UrlSummaryList): number[] {
  if (!(urls instanceof UrlColumns)) return mapList(urls, (u) => u.durationMs.median);
  const medians = new Array<number>(urls.length);
  for (let i = 0; i < urls.length; i++) medians[i] = urls.medianMs(i);
  return medians;
}
