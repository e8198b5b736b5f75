import { stripVTControlCharacters } from 'node:util';
import Table from 'cli-table3';
import type { Mode, Report, UrlSummary } from '../core/types.js';
import { changeCell } from './summary.js';
import { formatCount, formatMsNumber, modesIn, printable, shortenMiddle } from './format.js';
import type { Style } from './style.js';

const URL_WIDTH = 72;
const URL_MIN_WIDTH = 20;
/** Longer lists get a digest table in `auto` mode: the slowest rows and the failed ones. */
const FULL_TABLE_MAX_ROWS = 40;
export const DIGEST_SLOWEST = 10;
export const DIGEST_FAILED = 20;

export type TableRows = 'auto' | 'all';

/**
 * One row per URL: status and bytes from each mode's first run, the median duration per mode over its
 * runs, and with a baseline the change of that median. The URL column narrows (to no less than 20) so
 * that the whole fits in `width`.
 */
export function renderUrlTable(report: Report, style: Style, rows: TableRows, width?: number): string {
  const table = drawTable(report, style, rows, URL_WIDTH);
  const tableWidth = stripVTControlCharacters(table.split('\n')[0]!).length;
  if (width === undefined || tableWidth <= width) return table;
  const widest = Math.min(
    URL_WIDTH,
    report.urls.reduce((max, url) => Math.max(max, printable(url).length), 0),
  );
  return drawTable(report, style, rows, Math.max(URL_MIN_WIDTH, widest - (tableWidth - width)));
}

function drawTable(report: Report, style: Style, rows: TableRows, urlWidth: number): string {
  const modes = modesIn(report);
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
    const summaries = modes.map((mode) => report.modes[mode]!.urls[row]!);
    table.push([
      shortenMiddle(printable(url), urlWidth),
      agreed(summaries.map((u) => statusCell(u, style))),
      agreed(summaries.map((u) => formatCount(u.bytes))),
      ...summaries.map((u) =>
        u.status === null && !several ? style.chalk.red('failed') : formatMsNumber(u.durationMs.median),
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
    modes.reduce((max, mode) => Math.max(max, report.modes[mode]!.urls[i]!.durationMs.median), 0);
  const indexes = report.urls.map((_, i) => i);
  const failedRows = indexes
    .filter((i) => modes.some((mode) => report.modes[mode]!.urls[i]!.failedRounds > 0))
    .slice(0, DIGEST_FAILED);
  const slow = [...indexes].sort((a, b) => slowest(b) - slowest(a)).slice(0, DIGEST_SLOWEST);
  return [...new Set([...slow, ...failedRows])].sort((a, b) => a - b);
}

/**
 * The status of the first round; a failure is visible without colour too: the code when no response came,
 * the status and the code when one came and still failed (a 200 cut at --max-bytes), a status outside
 * 200–299 as it is; `*` when rounds disagreed.
 */
function statusCell(url: UrlSummary, style: Style): string {
  const varied = url.varied === undefined ? '' : '*';
  if (url.status === null) return style.chalk.red(`${url.error?.code ?? '-'}${varied}`);
  if (url.error === null) return `${url.status}${varied}`;
  const code = url.error.code === 'HTTP_STATUS' ? '' : ` ${url.error.code}`;
  return style.chalk.yellow(`${url.status}${code}${varied}`);
}

/** One value when the modes agree, all of them (`200/503`) when they don't: a difference is news. */
function agreed(values: string[]): string {
  return [...new Set(values)].join('/');
}
