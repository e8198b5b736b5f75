import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  medianDurations,
  OneRoundSummaries,
  requestFigures,
  ResultColumns,
  UrlColumns,
} from '../../src/core/result-columns.js';
import type { FetchResult, UrlSummary } from '../../src/core/types.js';

const ms = fc.double({ min: 0, max: 1e7, noNaN: true }).map((x) => Math.round(x * 1000) / 1000);
const msOrNull = fc.option(ms, { nil: null });
const error = fc.option(
  fc.record({ code: fc.constantFrom('TIMEOUT', 'HTTP_STATUS', 'ECONNRESET'), message: fc.string() }),
  {
    nil: null,
  },
);

const fetchResult = (url: string): fc.Arbitrary<FetchResult> =>
  fc.record({
    url: fc.constant(url),
    finalUrl: fc.oneof(fc.constant(url), fc.webUrl()),
    redirects: fc.integer({ min: 0, max: 50 }),
    attempts: fc.integer({ min: 0, max: 20 }),
    status: fc.option(fc.integer({ min: 100, max: 999 }), { nil: null }),
    bytes: fc.integer({ min: 0, max: 2 ** 50 }),
    decodedBytes: fc.option(fc.integer({ min: 0, max: 2 ** 50 }), { nil: null }),
    httpVersion: fc.constantFrom('1.1' as const, '2' as const, null),
    startMs: ms,
    queuedMs: msOrNull,
    ttfbMs: msOrNull,
    durationMs: ms,
    phases: fc.record({
      dnsMs: msOrNull,
      connectMs: msOrNull,
      tlsMs: msOrNull,
      firstByteMs: msOrNull,
      downloadMs: msOrNull,
      reused: fc.option(fc.boolean(), { nil: null }),
    }),
    error,
  });

describe('ResultColumns (issue 18)', () => {
  it('gives back every result it was given, field for field, in the same key order', () => {
    const urls = ['http://a.test/1', 'http://a.test/2'];
    fc.assert(
      fc.property(fetchResult(urls[0]!), fetchResult(urls[1]!), (first, second) => {
        const columns = new ResultColumns(urls);
        columns.set(1, second);
        columns.set(0, first);
        expect(columns.at(0)).toEqual(first);
        expect(columns.at(1)).toEqual(second);
        expect(Object.keys(columns.at(1)!)).toEqual(Object.keys(second));
        expect(JSON.parse(JSON.stringify(columns))).toEqual(JSON.parse(JSON.stringify([first, second])));
        expect(columns.at(2)).toBeUndefined();
      }),
      { numRuns: 300, seed: 18 },
    );
  });

  it('holds a million results in typed arrays of about 52 bytes each, not an object apiece', () => {
    const urls = Array.from({ length: 1_000_000 }, (_, i) => `http://a.test/${i}`);
    const before = process.memoryUsage().arrayBuffers;
    const columns = new ResultColumns(urls);
    const used = process.memoryUsage().arrayBuffers - before;
    expect(columns.length).toBe(1_000_000);
    expect(used / 1_000_000).toBeGreaterThan(48);
    expect(used / 1_000_000).toBeLessThan(56);
  });
});

describe('UrlColumns (issue 18)', () => {
  it('gives back every summary, rounded to the microsecond as reports are', () => {
    const summary = fc.record({
      url: fc.constant('http://a.test/'),
      status: fc.option(fc.integer({ min: 100, max: 999 }), { nil: null }),
      bytes: fc.integer({ min: 0, max: 2 ** 40 }),
      failedRounds: fc.integer({ min: 0, max: 100 }),
      error,
      durationMs: fc.record({ median: ms, max: ms }),
    });
    fc.assert(
      fc.property(summary, fc.boolean(), (u: UrlSummary, varied) => {
        const given = varied ? { ...u, varied: { status: [u.status, 500], bytes: [u.bytes, 0] } } : u;
        const columns = new UrlColumns([u.url]);
        columns.set(0, given);
        expect(columns.at(0)).toEqual(given);
        expect(columns.medianMs(0)).toBe(u.durationMs.median);
      }),
      { numRuns: 300, seed: 18 },
    );
    const columns = new UrlColumns(['http://a.test/']);
    columns.set(0, {
      url: 'http://a.test/',
      status: 200,
      bytes: 1,
      failedRounds: 0,
      error: null,
      durationMs: { median: 153.63600000000002, max: 1 },
    });
    expect(columns.at(0)!.durationMs.median).toBe(153.636);
  });
});

describe('OneRoundSummaries (issue 18)', () => {
  it('gives each URL the summary of its one result, as a summary over one round would be', () => {
    const urls = ['http://a.test/1', 'http://a.test/2'];
    fc.assert(
      fc.property(fetchResult(urls[0]!), fetchResult(urls[1]!), (first, second) => {
        const columns = new ResultColumns(urls);
        columns.set(0, first);
        columns.set(1, second);
        const summaries = new OneRoundSummaries(urls, columns);
        for (const [i, r] of [first, second].entries()) {
          const summary: UrlSummary = {
            url: r.url,
            status: r.status,
            bytes: r.bytes,
            failedRounds: r.error === null ? 0 : 1,
            error: r.error,
            durationMs: { median: r.durationMs, max: r.durationMs },
          };
          expect(summaries.at(i)).toEqual(summary);
          expect(Object.keys(summaries.at(i)!)).toEqual(Object.keys(summary));
          // The same summaries from a plain array of results, as tests build runs.
          expect(new OneRoundSummaries(urls, [first, second]).at(i)).toEqual(summary);
        }
        expect(Array.from(medianDurations(summaries))).toEqual([first.durationMs, second.durationMs]);
        expect(summaries.at(2)).toBeUndefined();
      }),
      { numRuns: 300, seed: 18 },
    );
  });
});

describe('Figures past their 4 bytes (issue 18)', () => {
  it('keeps a start time past 71 minutes, a negative, NaN or infinite figure as given', () => {
    const urls = Array.from({ length: 4 }, (_, i) => `http://a.test/${i}`);
    const columns = new ResultColumns(urls);
    const base: FetchResult = {
      url: urls[0]!,
      finalUrl: urls[0]!,
      redirects: 0,
      attempts: 1,
      status: 200,
      bytes: 1,
      decodedBytes: null,
      httpVersion: '1.1',
      startMs: 0,
      queuedMs: null,
      ttfbMs: 1,
      durationMs: 2,
      phases: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: 1, downloadMs: 1, reused: true },
      error: null,
    };
    const given = [
      { ...base, startMs: 5_000_000.001 },
      { ...base, url: urls[1]!, finalUrl: urls[1]!, bytes: 2 ** 33 + 1, decodedBytes: 0 },
      { ...base, url: urls[2]!, finalUrl: urls[2]!, queuedMs: -0.25 },
      { ...base, url: urls[3]!, finalUrl: urls[3]!, ttfbMs: Number.NaN, durationMs: Number.POSITIVE_INFINITY },
    ];
    given.forEach((r, i) => columns.set(i, r));
    given.forEach((r, i) => expect(columns.at(i)).toEqual(r));
  });
});

describe('requestFigures (issue 18)', () => {
  it("gives every request's figure that is not null, run after run, in order", () => {
    const urls = ['http://a.test/1', 'http://a.test/2'];
    const run = fc.tuple(fetchResult(urls[0]!), fetchResult(urls[1]!)).map((results) => ({ results }));
    fc.assert(
      fc.property(fc.array(run, { maxLength: 4 }), (runs) => {
        const expected = runs.flatMap((r) => r.results.map((x) => x.queuedMs).filter((ms) => ms !== null));
        expect(Array.from(requestFigures(runs, (r) => r.queuedMs))).toEqual(expected);
      }),
      { numRuns: 200, seed: 18 },
    );
  });
});

describe('ResultColumns.setNotStarted (issue 18)', () => {
  it('gives each skipped request the shared not-started result with its own URL, as set would', () => {
    const urls = Array.from({ length: 6 }, (_, i) => `http://a.test/${i}`);
    fc.assert(
      fc.property(fetchResult(urls[0]!), fetchResult(urls[1]!), fc.integer({ min: 0, max: 5 }), (done, skip, from) => {
        const shared = { ...skip, url: urls[from]!, finalUrl: urls[from]! };
        const columns = new ResultColumns(urls);
        const plain = new ResultColumns(urls);
        for (let i = 0; i < from; i++) {
          columns.set(i, { ...done, url: urls[i]!, finalUrl: urls[i]! });
          plain.set(i, { ...done, url: urls[i]!, finalUrl: urls[i]! });
        }
        for (let i = from; i < urls.length; i++) {
          columns.setNotStarted(i, shared);
          plain.set(i, { ...shared, url: urls[i]!, finalUrl: urls[i]! });
        }
        // Out of order: recorded as any result.
        if (from > 0) {
          columns.setNotStarted(0, shared);
          plain.set(0, { ...shared, url: urls[0]!, finalUrl: urls[0]! });
        }
        for (let i = 0; i < urls.length; i++) {
          expect(columns.at(i)).toEqual(plain.at(i));
          expect(Object.keys(columns.at(i)!)).toEqual(Object.keys(plain.at(i)!));
          expect(columns.durationMs(i)).toBe(plain.durationMs(i));
        }
      }),
      { numRuns: 200, seed: 18 },
    );
  });
});

describe('ResultColumns.setNotStarted out of its order (issue 18)', () => {
  it('stores a skip after a gap as any result, and refuses a result for a request recorded as not started', () => {
    const urls = Array.from({ length: 6 }, (_, i) => `http://a.test/${i}`);
    const skip = {
      url: urls[2]!,
      finalUrl: urls[2]!,
      redirects: 0,
      attempts: 0,
      status: null,
      bytes: 0,
      decodedBytes: null,
      httpVersion: null,
      startMs: 7,
      queuedMs: null,
      ttfbMs: null,
      durationMs: 0,
      phases: { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, downloadMs: null, reused: null },
      error: { code: 'INTERRUPTED', message: 'not started: interrupted by SIGINT' },
    } satisfies FetchResult;
    const columns = new ResultColumns(urls);
    columns.setNotStarted(2, skip);
    columns.setNotStarted(4, skip);
    expect(columns.at(4)).toEqual({ ...skip, url: urls[4], finalUrl: urls[4] });
    expect(columns.at(3)!.error).toBeNull();
    expect(() => columns.set(2, skip)).toThrow(RangeError);
  });
});
