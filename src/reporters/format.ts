import stringWidth from 'string-width';
import wrapAnsi from 'wrap-ansi';
import {
  type Comparison,
  type GateInterval,
  type Interval,
  MODES,
  type Mode,
  type ModeSummary,
  type Report,
  type RunRecord,
} from '../core/types.js';

/** The modes a report holds, in the order every report lists them (serial first). */
export function modesIn(report: Pick<Report, 'modes'>): Mode[] {
  return MODES.filter((mode) => report.modes[mode] !== undefined);
}

/** Milliseconds for people: whole numbers from 100 ms up, more digits below, where they carry meaning. */
export function formatMs(ms: number): string {
  return `${formatMsNumber(ms)} ms`;
}

// One formatter per precision, made once: toLocaleString builds a new Intl.NumberFormat on every call,
// which made a 50,000-URL HTML report take 8 s instead of 0.3.
const GROUPED = [0, 1, 2].map(
  (digits) => new Intl.NumberFormat('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }),
);
const GROUPED_AS_IS = new Intl.NumberFormat('en-US', { maximumFractionDigits: 20 });

/** formatMs without the unit, for a column whose heading names it. */
export function formatMsNumber(ms: number): string {
  return GROUPED[ms >= 100 ? 0 : ms >= 10 ? 1 : 2]!.format(ms);
}

export function formatBytes(bytes: number): string {
  return `${GROUPED_AS_IS.format(bytes)} B`;
}

export function formatCount(n: number): string {
  return GROUPED_AS_IS.format(n);
}

export function formatRatio(ratio: number | null): string {
  return ratio === null ? 'n/a' : `${ratio.toFixed(2)}×`;
}

/** `95% interval 1.99–2.03×`: the confidence is the interval's own, the digits the caller's. */
export function formatInterval(interval: Interval, digits = 2): string {
  const confidence = Math.round(interval.confidence * 100);
  return `${confidence}% interval ${interval.low.toFixed(digits)}–${interval.high.toFixed(digits)}×`;
}

/**
 * The interval of a gated figure in the figure's own unit (a ratio, milliseconds, percent). An open upper
 * end (too few samples to bound a percentile) reads `at least`; an order-statistic interval's confidence is
 * what it achieves, given to the tenth when it is not a whole percent (93.8%).
 */
export function formatIntervalOf(metric: string, interval: GateInterval): string {
  const tenths = Math.round(interval.confidence * 1000) / 10;
  const confidence = `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)}% interval`;
  const { low, high } = interval;
  if (high === null) {
    const bound = metric === 'efficiency' ? `${(low * 100).toFixed(1)}%` : formatMs(low);
    return `${confidence} at least ${bound}, no upper end (too few samples to bound it)`;
  }
  if (metric === 'speedup') return formatInterval({ ...interval, high }, 3);
  if (metric === 'efficiency') return `${confidence} ${(low * 100).toFixed(1)}–${(high * 100).toFixed(1)}%`;
  if (metric.endsWith('.regression')) return `${confidence} ${formatSigned(low)}…${formatSigned(high)}%`;
  return `${confidence} ${formatMs(low)}–${formatMs(high)}`;
}

function formatSigned(percent: number): string {
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)}`;
}

export function formatPercent(fraction: number | null): string {
  return fraction === null ? 'n/a' : `${Math.round(fraction * 100)}%`;
}

/** A signed percentage change from a ratio now / then: 1.031 → "+3.1%". */
export function formatChange(ratio: number | null): string {
  if (ratio === null) return 'n/a';
  const percent = (ratio - 1) * 100;
  return `${percent >= 0 ? '+' : '−'}${Math.abs(percent).toFixed(1)}%`;
}

/**
 * A metric's value in its own unit, as threshold verdicts name it: one digit finer than the summary,
 * so a figure just under its limit does not print as equal to it.
 */
export function formatMetric(metric: string, value: number | null): string {
  if (value === null) return 'not measured';
  if (metric === 'speedup') return `${value.toFixed(3)}×`;
  if (metric === 'efficiency') return `${(value * 100).toFixed(1)}%`;
  if (metric === 'failed') return formatCount(value);
  if (metric.endsWith('.regression')) return `${value >= 0 ? '+' : '−'}${Math.abs(value).toFixed(1)}%`;
  return formatMs(value);
}

/** The gap between a figure and its limit, in the metric's unit (efficiency in percentage points). */
export function formatGap(metric: string, actual: number, limit: number): string {
  const gap = Math.abs(actual - limit);
  if (metric === 'speedup') return gap.toFixed(3);
  if (metric === 'efficiency') return `${(gap * 100).toFixed(1)} points`;
  if (metric === 'failed') return formatCount(gap);
  if (metric.endsWith('.regression')) return `${gap.toFixed(1)} points`;
  return formatMs(gap);
}

/** Cuts the middle, not the end: a URL's tail (path, query) is what tells rows of one host apart. */
export function shortenMiddle(text: string, width: number, ellipsis = '…'): string {
  if (text.length <= width) return text;
  const room = width - ellipsis.length;
  const head = Math.ceil(room / 2);
  return `${text.slice(0, head)}${ellipsis}${text.slice(text.length - (room - head))}`;
}

/** The ellipsis a text report uses: `...` when it must be ASCII (--ascii, TERM=dumb). */
export const ellipsisFor = (unicode: boolean): string => (unicode ? '…' : '...');

/**
 * Short names for per-URL rows: when every URL shares one scheme-host-port, that origin (with its slash)
 * once and the rest of each URL as its label; otherwise each URL without its scheme.
 */
export function rowLabels(urls: readonly string[]): { origin: string | null; labels: string[] } {
  const origin = sharedOrigin(urls);
  return {
    origin,
    labels: urls.map((url) => (origin === null ? url.replace(/^https?:\/\//, '') : url.slice(origin.length))),
  };
}

/**
 * The scheme-host-port (with its slash) every URL starts with, or null when they do not share one: found
 * without a string per URL, so a table of a million URLs can label only the few dozen rows it shows.
 */
export function sharedOrigin(urls: readonly string[]): string | null {
  const origin = urls.length === 0 ? null : (/^https?:\/\/[^/?#]+\//i.exec(urls[0]!)?.[0] ?? null);
  if (origin === null) return null;
  // A URL that starts with the origin has that same origin: its host ends at the origin's slash.
  for (const url of urls) if (!url.startsWith(origin)) return null;
  return origin;
}

/**
 * Row labels shortened to `width` so that what tells them apart stays: the prefix every label shares is
 * elided first (to its last `/`, `?`, `&` or `=`, shown as `…`), then the middle of what is left. Labels
 * that fit are kept whole.
 */
export function distinguishingLabels(labels: readonly string[], width: number, ellipsis = '…'): string[] {
  if (labels.every((label) => label.length <= width)) return [...labels];
  const shared = labels.length > 1 ? sharedPrefix(labels) : '';
  return labels.map((label) => {
    if (label.length <= width) return label;
    const rest = shared.length > ellipsis.length ? `${ellipsis}${label.slice(shared.length)}` : label;
    return shortenMiddle(rest, width, ellipsis);
  });
}

/** The longest prefix all labels share, cut back to its last separator so a word is not split. */
function sharedPrefix(labels: readonly string[]): string {
  let length = labels[0]!.length;
  for (const label of labels) {
    let i = 0;
    while (i < length && label[i] === labels[0]![i]) i++;
    length = i;
  }
  const prefix = labels[0]!.slice(0, length);
  const cut = ['/', '?', '&', '='].reduce((last, separator) => Math.max(last, prefix.lastIndexOf(separator)), -1);
  return cut === -1 ? '' : prefix.slice(0, cut + 1);
}

/**
 * Items (a legend's entries, a row's figures) joined by `separator` into lines of at most `width` visible
 * columns, broken only between items, so `█ receiving` never parts from its glyph; an item wider than
 * the line is wrapped on its own.
 */
export function wrapItems(items: readonly string[], width: number, separator = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const item of items) {
    const joined = line === '' ? item : `${line}${separator}${item}`;
    if (stringWidth(joined) <= width) line = joined;
    else {
      if (line !== '') lines.push(line);
      line = stringWidth(item) <= width ? item : wrapAnsi(item, width, { hard: true });
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

/**
 * Each line of `text` fitted to `width`: a longer one wraps at spaces (a word longer than a line is cut,
 * nothing added inside it), its continuation lines indented two columns past its own indent (dropped when
 * the indent would take more than a quarter of the line), so a wrapped line still reads as one. All of it
 * is wrapped at the continuation's width, so no piece is ever joined to another again.
 */
export function hangingWrap(text: string, width: number): string {
  return text
    .split('\n')
    .map((line) => {
      if (stringWidth(line) <= width) return line;
      const found = /^ */.exec(line)![0];
      const indent = found.length > width / 4 ? '' : found;
      // A number keeps its unit on its line: the space between them is held while wrapping.
      const held = line.slice(found.length).replace(UNIT_AFTER_NUMBER, '$1\u00a0$2');
      const [first, ...rest] = wrapAnsi(held, width - indent.length - 2, { hard: true, trim: true })
        .replaceAll('\u00a0', ' ')
        .split('\n');
      return [indent + first, ...rest.map((l) => `${indent}  ${l}`)].join('\n');
    })
    .join('\n');
}

const UNIT_AFTER_NUMBER = /(\d) (ms|B|KiB|MiB|GiB|s|rounds?|URLs?|requests?|connections?)(?![\w])/g;

/** A piece of a line and how to dress it (a chalk function, or nothing). */
export type Piece = readonly [text: string, paint?: (text: string) => string];

/**
 * Styled pieces fitted to `width` visible characters: whole pieces from the left, so a number is never
 * cut in half (`22…` of `225 failed` would read as another number), each dressed on its own, so no escape
 * sequence is cut or style left open. A line that lost pieces ends in `…`; only a first piece too wide
 * for the line is cut itself.
 */
export function fitPieces(pieces: readonly Piece[], width: number, ellipsis = '…'): string {
  const total = pieces.reduce((sum, [text]) => sum + text.length, 0);
  const dress = ([text, paint]: Piece): string => (paint === undefined ? text : paint(text));
  if (total <= width) return pieces.map(dress).join('');
  const room = Math.max(0, width - ellipsis.length);
  let used = 0;
  let line = '';
  for (const [i, piece] of pieces.entries()) {
    if (used + piece[0].length > room) {
      if (i === 0) line = dress([piece[0].slice(0, room), piece[1]]);
      break;
    }
    used += piece[0].length;
    line += dress(piece);
  }
  return `${line}${ellipsis}`;
}

/**
 * The protocol a mode spoke and the connections it opened, e.g. `HTTP/2 on 1 connection`: under HTTP/2 the
 * concurrent requests share one; under HTTP/1.1 each in flight has its own. Null when nothing was sent.
 */
export function describeWire(summary: ModeSummary): string | null {
  return wireWords(
    Object.keys(summary.httpVersions),
    summary.connectionsPerRound,
    summary.rounds > 1 ? ' a round' : '',
  );
}

/** The same for one run (the waterfall draws one). */
export function describeRunWire(run: RunRecord): string | null {
  const versions = new Set<string>();
  for (const r of run.results) if (r.httpVersion !== null) versions.add(r.httpVersion);
  return wireWords([...versions], run.connections ?? null, '');
}

function wireWords(versions: readonly string[], connections: number | null, suffix: string): string | null {
  if (versions.length === 0) return null;
  const protocol = [...versions]
    .sort()
    .map((v) => `HTTP/${v}`)
    .join(' and ');
  if (connections === null) return protocol;
  return `${protocol} on ${formatCount(connections)} connection${connections === 1 ? '' : 's'}${suffix}`;
}

/** The first line of every report of an interrupted session: what stopped it and what was kept. */
export function describeInterruption(report: Report): string | null {
  const { interruption } = report;
  if (interruption === null) return null;
  const rounds = interruption.roundsKept;
  const kept = `${rounds} complete round${rounds === 1 ? '' : 's'} kept`;
  const cut = interruption.cutShort.map((run) => {
    let done = 0;
    for (const r of run.results) if (r.error?.code !== 'INTERRUPTED') done += 1;
    return `${run.mode} ${formatCount(done)} of ${formatCount(run.results.length)} requests done`;
  });
  const left = cut.length === 0 ? '' : `; the round it cut short (${cut.join(', ')}) is in no figure`;
  return `interrupted by ${interruption.signal}: ${kept}${left}`;
}

/** One failed URL of one mode: the first failure's code and message, and in how many rounds it failed. */
export interface FailedUrl {
  mode: Mode;
  url: string;
  code: string;
  message: string;
  failedRounds: number;
  rounds: number;
}

/** Every URL that failed in at least one round, per mode, in input order. */
export function failedUrls(report: Report): FailedUrl[] {
  return modesIn(report).flatMap((mode) => {
    const summary = report.modes[mode]!;
    const failed: FailedUrl[] = [];
    for (const url of summary.urls) {
      if (url.error === null) continue;
      failed.push({
        mode,
        url: url.url,
        code: url.error.code,
        message: url.error.message,
        failedRounds: url.failedRounds,
        rounds: summary.rounds,
      });
    }
    return failed;
  });
}

/** `in 2 of 3 rounds`, or nothing when there was one round. */
export function roundsOf(failedRounds: number, rounds: number): string {
  return rounds === 1 ? '' : ` in ${failedRounds} of ${rounds} rounds`;
}

/**
 * The ideal in words: the in-order makespan the fetcher can reach, and — when reordering the list would be
 * materially faster (by 5% or more) — what the slowest-first order would reach.
 */
export function describeIdeal(comparison: Comparison): string {
  const { idealWallMs, slowestFirstWallMs, lowerBoundWallMs } = comparison;
  const reorder =
    slowestFirstWallMs <= idealWallMs * 0.95
      ? `; the list in slowest-first order would reach ${formatMs(slowestFirstWallMs)} (no order beats ${formatMs(lowerBoundWallMs)})`
      : '';
  return `in-order ideal ${formatMs(idealWallMs)}${reorder}`;
}

/** The reports' few non-ASCII characters in ASCII, for --ascii and TERM=dumb (tables draw ASCII borders themselves). */
const ASCII: Record<string, string> = {
  '…': '...',
  '×': 'x',
  '–': '-',
  '—': '-',
  '→': '->',
  '±': '+/-',
  '−': '-',
  '’': "'",
  '░': '-',
  '█': '#',
  '✗': 'x',
  '│': '|',
};

export function toAscii(text: string): string {
  return text.replace(/[^\x00-\x7f]/g, (ch) => ASCII[ch] ?? '?');
}
