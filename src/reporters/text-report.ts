import type { Report } from '../core/types.js';
import { renderFailures } from './failures.js';
import { describeInterruption, hangingWrap, modesIn, toAscii } from './format.js';
import { printable } from './printable.js';
import type { Style } from './style.js';
import { renderWhy } from './diagnosis.js';
import { renderSummary } from './summary.js';
import { renderTimeline, type TimelineOptions } from './timeline.js';
import { renderUrlTable, type TableRows } from './url-table.js';

export interface TextReportOptions {
  /** Summary only: no per-URL table, no waterfall. */
  quiet: boolean;
  /** `all`: a row per URL; `auto`: that up to 40 URLs, else the slowest and failed rows and a count. */
  table: TableRows;
  /** Draw the waterfall after the table; null for none. */
  timeline?: TimelineOptions | null;
  /** Columns available (a terminal's width): every line fits it. Absent in a pipe: lines are not wrapped. */
  width?: number | undefined;
  /** False for --ascii and TERM=dumb: the whole report in ASCII. */
  unicode?: boolean;
}

/**
 * The whole text report: what an interruption kept (first, when there was one), the per-URL table,
 * the waterfall, each failed URL, then the summary and the gates' verdicts, and why a figure looks as it
 * does (the diagnosis; nothing on a healthy run). --quiet keeps the first line,
 * the failed URLs and the summary. With a width, every line fits it: the table narrows or stacks, long
 * lines wrap; without Unicode, every character is ASCII.
 */
export function renderTextReport(report: Report, style: Style, options: TextReportOptions): string {
  const unicode = options.unicode ?? true;
  const { width } = options;
  // ASCII first, then wrapped: `…` becomes `...`, which the line must have room for.
  const ascii = (text: string): string => (unicode ? text : toAscii(text));
  const wrap = (text: string): string => (width === undefined ? ascii(text) : hangingWrap(ascii(text), width));
  const interruption = describeInterruption(report);
  const parts = [interruption === null ? '' : wrap(style.chalk.yellow(interruption))];
  if (!options.quiet) {
    parts.push(renderUrlTable(report, style, options.table, { width, unicode }));
    if (options.timeline && modesIn(report).length > 0) parts.push(renderTimeline(report, style, options.timeline));
  }
  parts.push(
    wrap(renderFailures(report, style, options.table)),
    wrap(renderSummary(report, style)),
    wrap(renderWhy(report, style)),
  );
  // The table and the waterfall draw their own ASCII (borders, glyphs, `...`); this catches the rest.
  return ascii(`${parts.filter((part) => part !== '').join('\n\n')}\n`);
}

/** Warnings for stderr: one line each in a pipe; on a terminal fitted to it, and ASCII when asked, as the report is. */
export function renderWarnings(
  report: Report,
  style: Style,
  { width, unicode }: { width?: number | undefined; unicode: boolean } = { unicode: true },
): string {
  return report.warnings
    .map((w) => {
      const line = `warning: ${printable(w.message)} [${w.code}]`;
      const ascii = unicode ? line : toAscii(line);
      return `${style.chalk.yellow(width === undefined ? ascii : hangingWrap(ascii, width))}\n`;
    })
    .join('');
}
