import type { UrlSummaryList } from '../core/result-columns.js';

/**
 * The URLs of a long list worth showing: every one that failed in any round, and the `slowest` with the
 * longest median (the larger over the modes given), as positions in the list, in list order. What a
 * summary JSON report and a long HTML report keep.
 */
export function notableUrls(modes: readonly UrlSummaryList[], slowest: number): number[] {
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
  const kept = new Set(failed);
  for (const i of order.slice(0, slowest)) kept.add(i);
  return Array.from(kept).sort((a, b) => a - b);
}
