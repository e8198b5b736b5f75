import { NOTABLE_SLOWEST, notableUrls } from './notable-urls.js';
import type { ModeSummary, Report, RunRecord, UrlSummary } from '../core/types.js';

/** The machine-readable report: 2-space indent and a trailing newline, so it diffs and pipes cleanly. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report.detail === 'full' ? report : summaryForm(report), null, 2)}\n`;
}

/**
 * The report without what grows with the list: no per-request results, and per mode only the URLs that
 * failed and the slowest 100, each with its `index` in the list; the list itself is only counted.
 */
function summaryForm(report: Report): unknown {
  const { urls, modes, interruption, ...rest } = report;
  const keptModes: Record<string, unknown> = {};
  for (const [mode, summary] of Object.entries(modes) as Array<[string, ModeSummary]>) {
    keptModes[mode] = { ...summary, urls: keptUrls(summary), runs: summary.runs.map(withoutResults) };
  }
  return {
    ...rest,
    urlCount: urls.length,
    modes: keptModes,
    interruption:
      interruption === null
        ? null
        : {
            ...interruption,
            cutShort: interruption.cutShort.map(({ mode, ...run }) => ({ mode, ...withoutResults(run) })),
          },
  };
}

function withoutResults(run: RunRecord): Omit<RunRecord, 'results'> {
  const { results: _results, ...rest } = run;
  return rest;
}

/** Every failed URL and the slowest NOTABLE_SLOWEST by median, in list order, each with its index. */
function keptUrls(summary: ModeSummary): Array<UrlSummary & { index: number }> {
  return notableUrls([summary.urls], NOTABLE_SLOWEST).map((i) => ({ ...summary.urls.at(i)!, index: i }));
}
