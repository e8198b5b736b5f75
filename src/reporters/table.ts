import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import type { FetchResult, Mode, Report, ThresholdCheck } from '../core/types.js';
import type { Style } from './style.js';
import { renderTimeline, type TimelineOptions } from './timeline.js';
import {
  formatBytes,
  formatChange,
  formatCount,
  formatGap,
  formatMetric,
  formatMs,
  formatPercent,
  formatRatio,
  MODES,
  printable,
  shortenMiddle,
} from './format.js';

const URL_WIDTH = 72;
const URL_MIN_WIDTH = 20;
/** Longer lists get a digest table in `auto` mode: the slowest rows and the failed ones. */
const FULL_TABLE_MAX_ROWS = 40;
const DIGEST_SLOWEST = 10;
const DIGEST_FAILED = 20;

export interface HumanReportOptions {
  /** Summary only: no per-URL table, no failure list. */
  quiet: boolean;
  /** `all`: a row per URL; `auto`: that up to 40 URLs, else the slowest and failed rows and a count. */
  table: 'auto' | 'all';
  /** Draw the waterfall after the table; null for none. */
  timeline?: TimelineOptions | null;
  /** Columns available (a terminal's width): the URL column narrows to fit. */
  width?: number;
}

/** The whole human report: per-URL table, failures, then the summary and any threshold verdicts. */
export function renderHumanReport(report: Report, style: Style, options: HumanReportOptions): string {
  const timeline =
    options.timeline === null || options.timeline === undefined ? '' : renderTimeline(report, style, options.timeline);
  const parts = options.quiet
    ? []
    : [fitTable(report, style, options), timeline, renderFailures(report, style, options.table)];
  if (report.interrupted)
    parts.push(style.chalk.yellow('interrupted: the figures below cover only what ran before the signal'));
  parts.push(renderSummary(report, style));
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

/**
 * One row per URL: status and bytes from each mode's first run, the median duration per mode over its
 * runs, and with a baseline the change of that median.
 */
/** The table, its URL column narrowed (to no less than 20) so that the whole fits in `width`. */
function fitTable(report: Report, style: Style, options: HumanReportOptions): string {
  const table = renderTable(report, style, options.table, URL_WIDTH);
  const tableWidth = stripVTControlCharacters(table.split('\n')[0]!).length;
  if (options.width === undefined || tableWidth <= options.width) return table;
  const widest = Math.min(URL_WIDTH, Math.max(...report.urls.map((url) => printable(url).length)));
  return renderTable(report, style, options.table, Math.max(URL_MIN_WIDTH, widest - (tableWidth - options.width)));
}

function renderTable(report: Report, style: Style, rows: 'auto' | 'all', urlWidth: number): string {
  const modes = MODES.filter((mode) => report.modes[mode] !== undefined);
  const compared = modes.filter((mode) => report.baseline?.modes[mode] !== undefined);
  const several = report.options.runs > 1;
  const table = new Table({
    head: [
      'URL',
      'status',
      'bytes',
      ...modes.map((mode) => `${mode} ms${several ? ' (median)' : ''}`),
      ...compared.map((mode) => `${mode} vs baseline`),
    ],
    colAligns: [
      'left',
      'right',
      'right',
      ...modes.map(() => 'right' as const),
      ...compared.map(() => 'right' as const),
    ],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // cli-table3 colours its header and borders by default; with colour off it must emit none.
    style: style.color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  const shown =
    rows === 'all' || report.urls.length <= FULL_TABLE_MAX_ROWS
      ? report.urls.map((_, i) => i)
      : digestRows(report, modes);
  for (const row of shown) {
    const url = report.urls[row]!;
    const first = modes.map((mode) => report.modes[mode]!.runs[0]!.results[row]!);
    table.push([
      shortenMiddle(printable(url), urlWidth),
      agreed(first.map((r) => statusCell(r, style))),
      agreed(first.map((r) => formatCount(r.bytes))),
      ...modes.map((mode, i) =>
        first[i]!.status === null && !several
          ? style.chalk.red('failed')
          : formatMs(report.modes[mode]!.urls[row]!.durationMs.median).slice(0, -3),
      ),
      ...compared.map((mode) => changeCell(report.baseline!.urls[row]![mode]?.ratio ?? null, style)),
    ]);
  }
  const hidden = report.urls.length - shown.length;
  const note =
    hidden > 0
      ? `\n… ${formatCount(hidden)} more URLs not shown: the ${DIGEST_SLOWEST} slowest and up to ${DIGEST_FAILED} failed are (--table all shows every row)`
      : '';
  return table.toString() + note;
}

/** Row indexes, in input order, of the slowest URLs (by their median in any mode) and of failed ones. */
function digestRows(report: Report, modes: readonly Mode[]): number[] {
  const slowest = (i: number): number =>
    Math.max(...modes.map((mode) => report.modes[mode]!.urls[i]!.durationMs.median));
  const indexes = report.urls.map((_, i) => i);
  const failedRows = indexes
    .filter((i) => modes.some((mode) => report.modes[mode]!.runs.some((run) => run.results[i]!.error !== null)))
    .slice(0, DIGEST_FAILED);
  const slow = [...indexes].sort((a, b) => slowest(b) - slowest(a)).slice(0, DIGEST_SLOWEST);
  return [...new Set([...slow, ...failedRows])].sort((a, b) => a - b);
}

/** Failed requests with their code and message, since a table cell has room for neither. */
function renderFailures(report: Report, style: Style, rows: 'auto' | 'all' = 'all'): string {
  const lines: string[] = [];
  for (const mode of MODES) {
    for (const [i, run] of (report.modes[mode]?.runs ?? []).entries()) {
      const which = report.options.runs > 1 ? `${mode} run ${i + 1}` : mode;
      for (const r of run.results) {
        if (r.error !== null)
          lines.push(style.chalk.red(printable(`failed (${which}): ${r.url}: ${r.error.code}: ${r.error.message}`)));
      }
    }
  }
  if (rows === 'auto' && lines.length > DIGEST_FAILED) {
    return [
      ...lines.slice(0, DIGEST_FAILED),
      `… ${formatCount(lines.length - DIGEST_FAILED)} more failures (the JSON report has them all; --table all lists them)`,
    ].join('\n');
  }
  return lines.join('\n');
}

function renderSummary(report: Report, style: Style): string {
  const { chalk } = style;
  const { comparison, baseline } = report;
  const lines: string[] = [];
  for (const mode of MODES) {
    const summary = report.modes[mode];
    if (summary === undefined) continue;
    const outcome =
      summary.failed > 0 ? chalk.red(`${summary.ok} ok, ${summary.failed} failed`) : chalk.green(`${summary.ok} ok`);
    const spread =
      summary.runs.length > 1
        ? `, median of ${summary.runs.length} runs (${formatMs(summary.wallMs.min)}–${formatMs(summary.wallMs.max)})`
        : '';
    const vsIdeal =
      mode === 'concurrent' && comparison !== undefined
        ? `, ${formatPercent(comparison.efficiency)} of ideal (${formatMs(comparison.idealWallMs)})`
        : '';
    lines.push(
      `${chalk.bold(mode.padEnd(11))}${formatMs(summary.wallMs.median).padStart(10)}   ` +
        `${formatBytes(summary.totalBytes).padStart(14)}   ${outcome}${spread}${vsIdeal}`,
    );
  }
  if (comparison !== undefined) {
    const anyFailed = MODES.some((mode) => (report.modes[mode]?.failed ?? 0) > 0);
    const slots = Math.min(report.options.concurrency, report.urls.length);
    const interval = comparison.speedupInterval;
    lines.push(
      `${chalk.bold('speedup'.padEnd(11))}${chalk.bold(formatRatio(comparison.speedup).padStart(10))}   ` +
        `ideal ${formatRatio(comparison.idealSpeedup)} at concurrency ${slots}` +
        (interval !== undefined
          ? `; 95% interval ${rangeOf(interval.low, interval.high)} over ${comparison.pairRatios.length} paired runs`
          : '') +
        (anyFailed ? chalk.yellow(' (timings include failed requests)') : ''),
    );
  }
  if (baseline !== undefined) {
    const changes = MODES.filter((mode) => baseline.modes[mode] !== undefined).map(
      (mode) => `${mode} ${changeCell(baseline.modes[mode]!.ratio, style)}`,
    );
    lines.push(
      `${chalk.bold('baseline'.padEnd(11))}${changes.join(', ')} in median wall time since ${printable(baseline.file)} (${printable(baseline.startedAt)})`,
    );
  }
  for (const check of report.thresholds) lines.push(renderThreshold(check, style));
  return lines.join('\n');
}

/** Warnings, one line each, for stderr. */
export function renderWarnings(report: Report, style: Style): string {
  return report.warnings.map((w) => style.chalk.yellow(`warning: ${printable(w.message)} [${w.code}]\n`)).join('');
}

/** A verdict that says which figure broke which limit, and by how much. */
function renderThreshold(check: ThresholdCheck, style: Style): string {
  const { chalk } = style;
  const head = `threshold ${check.expr}:`;
  if (check.actual === null) return chalk.red(`${head} FAILED (not measured)`);
  const measured = `measured ${formatMetric(check.metric, check.actual)}`;
  const interval =
    check.interval !== undefined ? `, 95% interval ${rangeOf(check.interval.low, check.interval.high, 3)}` : '';
  if (check.outcome === 'inconclusive') {
    const verdict = check.passed ? 'counted as passed (--inconclusive pass)' : 'counted as FAILED';
    const paint = check.passed ? chalk.yellow : chalk.red;
    return paint(`${head} inconclusive: add --runs (${measured}${interval} straddles ${check.limit}); ${verdict}`);
  }
  if (check.passed) return chalk.green(`${head} passed (${measured}${interval})`);
  const direction = check.op === '<' || check.op === '<=' ? 'over' : check.op === '==' ? 'off' : 'short';
  return chalk.red(
    `${head} FAILED (${measured}${interval}, ${direction} by ${formatGap(check.metric, check.actual, check.limit)})`,
  );
}

function rangeOf(low: number, high: number, digits = 2): string {
  return `${low.toFixed(digits)}–${high.toFixed(digits)}×`;
}

function statusCell(result: FetchResult, style: Style): string {
  if (result.status === null) return style.chalk.red(result.error?.code ?? '-');
  return result.error === null ? String(result.status) : style.chalk.yellow(String(result.status));
}

function changeCell(ratio: number | null, style: Style): string {
  const text = formatChange(ratio);
  if (ratio === null) return text;
  return ratio > 1.05 ? style.chalk.red(text) : ratio < 0.95 ? style.chalk.green(text) : text;
}

/** One value when the modes agree, all of them (`200/503`) when they don't: a difference is news. */
function agreed(values: string[]): string {
  return [...new Set(values)].join('/');
}
