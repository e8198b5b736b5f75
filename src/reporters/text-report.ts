import type { Report } from '../core/types.js';
import { renderFailures } from './failures.js';
import { printable } from './format.js';
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

/** The whole text report: per-URL table, waterfall, failures, then the summary and any threshold verdicts. */
export function renderTextReport(report: Report, style: Style, options: TextReportOptions): string {
  const timeline = options.timeline ? renderTimeline(report, style, options.timeline) : '';
  const parts = options.quiet
    ? []
    : [
        renderUrlTable(report, style, options.table, options.width),
        timeline,
        renderFailures(report, style, options.table),
      ];
  if (report.interrupted) {
    parts.push(style.chalk.yellow('interrupted: the figures below cover only what ran before the signal'));
  }
  parts.push(renderSummary(report, style));
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

/** Warnings, one line each, for stderr. */
export function renderWarnings(report: Report, style: Style): string {
  return report.warnings.map((w) => style.chalk.yellow(`warning: ${printable(w.message)} [${w.code}]\n`)).join('');
}
