import type { UrlSummaryList } from '../core/result-columns.js';

/** The slowest URLs a long report keeps besides the failed ones (summary JSON, long HTML report). */
export const NOTABLE_SLOWEST = 100;

/**
 * The URLs of a long list worth showing: the ones that failed in any round (the first `failedAtMost` of them,
 * in list order), and the `slowest` with the longest median (the larger over the modes given), as positions
 * in the list, in list order. Medians are read once into an array, so sorting a million costs no summaries.
 */
export function notableUrls(modes: readonly UrlSummaryList[], slowest: number, failedAtMost = Infinity): number[] {
  const length = modes[0]?.length ?? 0;
  const longest = new Float64Array(length);
  const failed = new Set<number>();
  for (const urls of modes) {
    let i = 0;
    for (const url of urls) {
      if (url.failedRounds > 0) failed.add(i);
      // Not Math.max: a median that is not a number would make the URL's NaN and throw the ranking off.
      if (url.durationMs.median > longest[i]!) longest[i] = url.durationMs.median;
      i += 1;
    }
  }
  const kept = new Set(slowestOf(longest, slowest));
  for (const i of Array.from(failed)
    .sort((a, b) => a - b)
    .slice(0, failedAtMost))
    kept.add(i);
  return Array.from(kept).sort((a, b) => a - b);
}

/**
 * The positions of the `count` largest values, ties going to the earlier: those above the count-th largest,
 * then those equal to it in list order. One native sort of a copy, where sorting a million positions with
 * a comparator took a second and two arrays of the list's length.
 */
function slowestOf(values: Float64Array, count: number): number[] {
  if (count <= 0 || values.length === 0) return [];
  const sorted = Float64Array.from(values).sort();
  const bar = sorted[Math.max(0, sorted.length - count)]!;
  let above = 0;
  for (const value of values) if (value > bar) above += 1;
  const picked: number[] = [];
  let ties = Math.min(count, values.length) - above;
  for (let i = 0; i < values.length; i++) {
    if (values[i]! > bar) picked.push(i);
    else if (values[i] === bar && ties > 0) {
      picked.push(i);
      ties -= 1;
    }
  }
  return picked;
}
