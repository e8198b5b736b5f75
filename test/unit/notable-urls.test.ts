import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { UrlSummary } from '../../src/core/types.js';
import { notableUrls } from '../../src/reporters/notable-urls.js';

const summary = (median: number, failedRounds: number): UrlSummary => ({
  url: 'http://a.test/',
  status: failedRounds > 0 ? null : 200,
  bytes: 1,
  failedRounds,
  error: null,
  durationMs: { median, max: median },
});

/** What notableUrls keeps, the plain way: a stable sort of every position by its longest median. */
function reference(modes: UrlSummary[][], slowest: number, failedAtMost: number): number[] {
  const length = modes[0]?.length ?? 0;
  const longest = Array.from({ length }, (_, i) =>
    Math.max(0, ...modes.map((m) => m[i]!.durationMs.median).filter((ms) => !Number.isNaN(ms))),
  );
  const order = Array.from({ length }, (_, i) => i).sort((a, b) => longest[b]! - longest[a]!);
  const failed = Array.from({ length }, (_, i) => i).filter((i) => modes.some((m) => m[i]!.failedRounds > 0));
  const kept = new Set([...order.slice(0, slowest), ...failed.slice(0, failedAtMost)]);
  return [...kept].sort((a, b) => a - b);
}

describe('notableUrls (issue 18)', () => {
  it('keeps the slowest (ties to the earlier) and the first failed, as a stable sort of every URL would', () => {
    // Few distinct medians, so ties are common and the count-th largest is often shared; a NaN counts as 0.
    const row = fc.tuple(fc.constantFrom(0, 1, 2, 5, 5.5, Number.NaN), fc.constantFrom(0, 0, 0, 1));
    const modes = fc
      .tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 2 }))
      .chain(([length, count]) =>
        fc.array(fc.array(row, { minLength: length, maxLength: length }), { minLength: count, maxLength: count }),
      )
      .map((lists) => lists.map((list) => list.map(([median, failed]) => summary(median, failed))));
    fc.assert(
      fc.property(modes, fc.integer({ min: 0, max: 12 }), fc.integer({ min: 0, max: 5 }), (lists, slowest, failed) => {
        expect(notableUrls(lists, slowest, failed)).toEqual(reference(lists, slowest, failed));
      }),
      { numRuns: 500, seed: 18 },
    );
  });
});
