import type { Report } from '../core/types.js';
import { renderFailures } from './failures.js';
import { describeInterruption, modesIn, printable } from './format.js';
import type { Style } from './style.js';
import { renderSummary } from './summary.js';
import { renderTimeline, type TimelineOptions } from './timeline.js';
import { renderUrlTable, type TableRows } from './url-table.js';

export interface TextReportOptions {
  /** Summary only: no per-URL table, no failure list. */
  quiet: boolean;
  /** `all`: a row per URL; `auto`: that up to 40 URLs, else the slowest and failed rows and a count. */
  table: TableRows;
  /** Draw the waterfall after the table; null for none. */
  timeline?: TimelineOptions | null;
  /** Columns available (a terminal's width): the URL column narrows to fit. */
  width?: number;
}

/**
 * The whole text report: what an interruption kept (first, when there was one), the per-URL table,
 * the waterfall, each failed URL, then the summary and the gates' verdicts. --quiet keeps the first line,
 * the failed URLs and the summary.
 */
export function renderTextReport(report: Report, style: Style, options: TextReportOptions): string {
  const interruption = describeInterruption(report);
  const parts = [interruption === null ? '' : style.chalk.yellow(interruption)];
  if (!options.quiet) {
    parts.push(renderUrlTable(report, style, options.table, options.width));
    if (options.timeline && modesIn(report).length > 0) parts.push(renderTimeline(report, style, options.timeline));
  }
  parts.push(renderFailures(report, style, options.table), renderSummary(report, style));
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

/** Warnings, one line each, for stderr. */
export function renderWarnings(report: Report, style: Style): string {
  return report.warnings.map((w) => style.chalk.yellow(`warning: ${printable(w.message)} [${w.code}]\n`)).join('');
}
