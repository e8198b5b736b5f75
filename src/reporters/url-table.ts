import Table from 'cli-table3';
import stringWidth from 'string-width';
import type { Mode, Report, UrlSummary } from '../core/types.js';
import { changeCell } from './summary.js';
import {
  distinguishingLabels,
  ellipsisFor,
  formatCount,
  formatMsNumber,
  modesIn,
  sharedOrigin,
  hangingWrap,
  wrapItems,
} from './format.js';
import { notableUrls } from './notable-urls.js';
import { printable } from './printable.js';
import type { Style } from './style.js';

const URL_WIDTH = 72;
const URL_MIN_WIDTH = 20;
/** Longer lists get a digest table in `auto` mode: the slowest rows and the failed ones. */
const FULL_TABLE_MAX_ROWS = 40;
export const DIGEST_SLOWEST = 10;
export const DIGEST_FAILED = 20;

export type TableRows = 'auto' | 'all';

/** How the table is drawn: the terminal's width (none in a pipe), and Unicode or ASCII borders. */
export interface TableLayout {
  width?: number | undefined;
  unicode: boolean;
}

// cli-table3's characters in plain ASCII, for --ascii and TERM=dumb.
export const ASCII_BORDERS = {
  top: '-',
  'top-mid': '+',
  'top-left': '+',
  'top-right': '+',
  bottom: '-',
  'bottom-mid': '+',
  'bottom-left': '+',
  'bottom-right': '+',
  left: '|',
  right: '|',
  middle: '|',
};

/**
 * One row per URL: status and bytes of the first round, the median duration per mode over its rounds, and
 * with a baseline the change of that median. When every URL shares an origin it is said once above, and
 * rows show the rest. The URL column narrows (to no less than 20) to fit `width`, eliding what the rows
 * share before what tells them apart; narrower than that, each URL gets a line of its own and its figures
 * the next (a table would wrap).
 */
export function renderUrlTable(report: Report, style: Style, rows: TableRows, layout: TableLayout): string {
  const shown =
    rows === 'all' || report.urls.length <= FULL_TABLE_MAX_ROWS
      ? report.urls.map((_, i) => i)
      : digestRows(report, modesIn(report));
  // One origin for all: said once, and rows show the rest; otherwise each row its whole URL. Labels, in the
  // order of `shown`, for the rows shown only.
  const origin = sharedOrigin(report.urls);
  const labels = shown.map((row) => printable(report.urls[row]!.slice(origin?.length ?? 0)));
  let heading = origin === null ? '' : `URLs on ${printable(origin)}\n`;
  const hidden = report.urls.length - shown.length;
  // The rounds kept, not those asked for: an interrupted session keeps only its complete ones.
  const kept = modesIn(report).reduce((most, mode) => Math.max(most, report.modes[mode]?.rounds ?? 0), 0);
  const rounds = kept > 1 ? `\nms: each URL's median over ${kept} rounds` : '';
  let note =
    rounds +
    (hidden > 0
      ? `\n… ${formatCount(hidden)} more URLs not shown: the ${DIGEST_SLOWEST} slowest and up to ${DIGEST_FAILED} failed are (--table all shows every row)`
      : '');
  const widest = labels.reduce((max, label) => Math.max(max, label.length), 0);
  const full = drawTable(report, style, shown, labels, Math.min(URL_WIDTH, widest), layout.unicode);
  const { width } = layout;
  // The heading and the notes fit the width like every line.
  if (width !== undefined) {
    note = hangingWrap(note, width);
    heading = hangingWrap(heading, width);
  }
  if (width === undefined || visibleWidth(full) <= width) return heading + full + note;
  const narrowed = Math.max(URL_MIN_WIDTH, Math.min(URL_WIDTH, widest) - (visibleWidth(full) - width));
  const fitted = drawTable(report, style, shown, labels, narrowed, layout.unicode);
  if (visibleWidth(fitted) <= width) return heading + fitted + note;
  return heading + drawStacked(report, style, shown, labels, width, layout.unicode) + note;
}

function visibleWidth(table: string): number {
  return stringWidth(table.split('\n')[0]!);
}

function drawTable(
  report: Report,
  style: Style,
  shown: readonly number[],
  /** The shown rows' labels, in their order. */
  labels: readonly string[],
  urlWidth: number,
  unicode: boolean,
): string {
  const modes = modesIn(report);
  const compared = modes.filter((mode) => report.baseline?.modes[mode] !== undefined);
  const several = report.options.runs > 1;
  const table = new Table({
    head: [
      'URL',
      'status',
      'bytes',
      ...modes.map((mode) => `${mode} ms`),
      ...compared.map((mode) => `${mode} vs baseline`),
    ],
    colAligns: [
      'left',
      'right',
      'right',
      ...modes.map(() => 'right' as const),
      ...compared.map(() => 'right' as const),
    ],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '', ...(!unicode && ASCII_BORDERS) },
    // cli-table3 colours its header and borders by default; with colour off it must emit none.
    style: style.color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  const fitted = distinguishingLabels(labels, urlWidth, ellipsisFor(unicode));
  shown.forEach((row, i) => {
    const summaries = modes.map((mode) => report.modes[mode]!.urls.at(row)!);
    table.push([
      fitted[i]!,
      agreed(summaries.map((u) => statusCell(u, style))),
      agreed(summaries.map((u) => formatCount(u.bytes))),
      ...summaries.map((u) =>
        u.status === null && !several ? style.chalk.red('failed') : formatMsNumber(u.durationMs.median),
      ),
      ...compared.map((mode) => changeCell(report.baseline!.urls.at(row)![mode]?.ratio ?? null, style)),
    ]);
  });
  return table.toString();
}

/** The narrow layout: a URL's line, then its status, bytes and each mode's time, indented below it. */
function drawStacked(
  report: Report,
  style: Style,
  shown: readonly number[],
  /** The shown rows' labels, in their order. */
  labels: readonly string[],
  width: number,
  unicode: boolean,
): string {
  const modes = modesIn(report);
  const fitted = distinguishingLabels(labels, width, ellipsisFor(unicode));
  return shown
    .map((row, i) => {
      const summaries = modes.map((mode) => report.modes[mode]!.urls.at(row)!);
      const times = modes.map((mode, m) => `${mode} ${formatMsNumber(summaries[m]!.durationMs.median)} ms`);
      const change = modes
        .filter((mode) => report.baseline?.urls.at(row)?.[mode] !== undefined)
        .map((mode) => `${mode} ${changeCell(report.baseline!.urls.at(row)![mode]!.ratio, style)} vs baseline`);
      const detail = [
        agreed(summaries.map((u) => statusCell(u, style))),
        `${agreed(summaries.map((u) => formatCount(u.bytes)))} B`,
        ...times,
        ...change,
      ];
      const lines = wrapItems(detail, width - 2, ', ').map((line) => `  ${line}`);
      return [fitted[i], ...lines].join('\n');
    })
    .join('\n');
}

/** Row indexes, in input order, of the slowest URLs (by their median in any mode) and of failed ones. */
function digestRows(report: Report, modes: readonly Mode[]): number[] {
  return notableUrls(
    modes.map((mode) => report.modes[mode]!.urls),
    DIGEST_SLOWEST,
    DIGEST_FAILED,
  );
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
