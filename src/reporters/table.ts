import Table from 'cli-table3';
import type { FetchResult, Mode, Report, ThresholdCheck } from '../core/types.js';
import type { Style } from './style.js';
import { formatBytes, formatCount, formatMs, formatPercent, formatRatio } from './format.js';

const MODES: readonly Mode[] = ['serial', 'concurrent'];
const URL_WIDTH = 72;

export interface HumanReportOptions {
  /** Summary only: no per-URL table, no failure list. */
  quiet: boolean;
}

/** The whole human report: per-URL table, failures, then the summary and any threshold verdicts. */
export function renderHumanReport(report: Report, style: Style, options: HumanReportOptions): string {
  const parts = options.quiet ? [] : [renderTable(report, style), renderFailures(report, style)];
  parts.push(renderSummary(report, style));
  return `${parts.filter((part) => part !== '').join('\n\n')}\n`;
}

/** One row per URL, from each mode's first run: status, bytes and a duration column per mode. */
export function renderTable(report: Report, style: Style): string {
  const modes = MODES.filter((mode) => report.modes[mode] !== undefined);
  const columns = modes.map((mode) => report.modes[mode]!.runs[0]!.results);
  const table = new Table({
    head: ['URL', 'status', 'bytes', ...modes.map((mode) => `${mode} ms`)],
    colAligns: ['left', 'right', 'right', ...modes.map(() => 'right' as const)],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
    // cli-table3 colours its header and borders by default; with colour off it must emit none.
    style: style.color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  report.urls.forEach((url, row) => {
    const results = columns.map((results) => results[row]!);
    table.push([
      shorten(url),
      agreed(results.map((r) => statusCell(r, style))),
      agreed(results.map((r) => formatCount(r.bytes))),
      ...results.map((r) => (r.error !== null && r.status === null ? style.chalk.red('failed') : formatMs(r.durationMs).slice(0, -3))),
    ]);
  });
  return table.toString();
}

/** Every failed request with its code and message, since a table cell has room for neither. */
export function renderFailures(report: Report, style: Style): string {
  const lines: string[] = [];
  for (const mode of MODES) {
    for (const run of report.modes[mode]?.runs ?? []) {
      for (const r of run.results) {
        if (r.error !== null) lines.push(style.chalk.red(`failed (${mode}): ${r.url}: ${r.error.code}: ${r.error.message}`));
      }
    }
  }
  return lines.join('\n');
}

export function renderSummary(report: Report, style: Style): string {
  const { chalk } = style;
  const { comparison } = report;
  const lines: string[] = [];
  for (const mode of MODES) {
    const summary = report.modes[mode];
    if (summary === undefined) continue;
    const outcome = summary.failed > 0 ? chalk.red(`${summary.ok} ok, ${summary.failed} failed`) : chalk.green(`${summary.ok} ok`);
    const vsIdeal =
      mode === 'concurrent' && comparison !== undefined
        ? `, ${formatPercent(comparison.efficiency)} of ideal (${formatMs(comparison.idealWallMs)})`
        : '';
    lines.push(
      `${chalk.bold(mode.padEnd(11))}${formatMs(summary.wallMs.median).padStart(10)}   ` +
        `${formatBytes(summary.totalBytes).padStart(14)}   ${outcome}${vsIdeal}`,
    );
  }
  if (comparison !== undefined) {
    const anyFailed = MODES.some((mode) => (report.modes[mode]?.failed ?? 0) > 0);
    const slots = Math.min(report.options.concurrency, report.urls.length);
    lines.push(
      `${chalk.bold('speedup'.padEnd(11))}${chalk.bold(formatRatio(comparison.speedup).padStart(10))}   ` +
        `ideal ${formatRatio(comparison.idealSpeedup)} at concurrency ${slots}` +
        (anyFailed ? chalk.yellow(' (timings include failed requests)') : ''),
    );
  }
  for (const check of report.thresholds) lines.push(renderThreshold(check, style));
  return lines.join('\n');
}

/** A verdict that says which figure broke which limit, and by how much. */
function renderThreshold(check: ThresholdCheck, style: Style): string {
  const limit = `${check.name} >= ${check.limit}`;
  if (check.actual === null) return style.chalk.red(`threshold ${limit}: FAILED (not measured)`);
  const measured = `measured ${formatRatio(check.actual)}`;
  if (check.passed) return style.chalk.green(`threshold ${limit}: passed (${measured})`);
  return style.chalk.red(`threshold ${limit}: FAILED (${measured}, short by ${(check.limit - check.actual).toFixed(2)})`);
}

function statusCell(result: FetchResult, style: Style): string {
  if (result.status === null) return style.chalk.red(result.error?.code ?? '-');
  return result.error === null ? String(result.status) : style.chalk.yellow(String(result.status));
}

/** One value when the modes agree, all of them (`200/503`) when they don't: a difference is news. */
function agreed(values: string[]): string {
  return [...new Set(values)].join('/');
}

/** Cuts the middle, not the end: a URL's tail (path, query) is what tells rows of one host apart. */
function shorten(url: string): string {
  if (url.length <= URL_WIDTH) return url;
  const head = Math.ceil((URL_WIDTH - 1) / 2);
  return `${url.slice(0, head)}…${url.slice(url.length - (URL_WIDTH - 1 - head))}`;
}
