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
      longest[i] = Math.max(longest[i]!, url.durationMs.median);
      i += 1;
    }
  }
  const order = Array.from({ length }, (_, i) => i).sort((a, b) => longest[b]! - longest[a]!);
  const kept = new Set(order.slice(0, slowest));
  for (const i of Array.from(failed)
    .sort((a, b) => a - b)
    .slice(0, failedAtMost))
    kept.add(i);
  return Array.from(kept).sort((a, b) => a - b);
}
