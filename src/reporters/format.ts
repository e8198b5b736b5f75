import { type Interval, MODES, type Mode, type Report } from '../core/types.js';

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

/**
 * Text from the network or the URL list made safe for a terminal: C0 and C1 controls (ESC sequences
 * among them), DEL and bidirectional overrides are shown as \u escapes instead of being obeyed.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
    (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Cuts the middle, not the end: a URL's tail (path, query) is what tells rows of one host apart. */
export function shortenMiddle(text: string, width: number): string {
  if (text.length <= width) return text;
  const head = Math.ceil((width - 1) / 2);
  return `${text.slice(0, head)}…${text.slice(text.length - (width - 1 - head))}`;
}

/**
 * Short names for per-URL rows: when every URL shares one scheme-host-port, that origin (with its slash)
 * once and the rest of each URL as its label; otherwise each URL without its scheme.
 */
export function rowLabels(urls: readonly string[]): { origin: string | null; labels: string[] } {
  const origins = new Set(urls.map((url) => /^https?:\/\/[^/?#]+\//i.exec(url)?.[0] ?? null));
  const [only] = origins;
  const origin = origins.size === 1 && only !== null && only !== undefined ? only : null;
  return {
    origin,
    labels: urls.map((url) => (origin === null ? url.replace(/^https?:\/\//, '') : url.slice(origin.length))),
  };
}

/** A piece of a line and how to dress it (a chalk function, or nothing). */
export type Piece = readonly [text: string, paint?: (text: string) => string];

/**
 * Styled pieces cut to `width` visible characters: the plain text is cut first and each piece dressed
 * after, so a cut never lands inside an escape sequence or leaves a style open. A cut line ends in `…`.
 */
export function fitPieces(pieces: readonly Piece[], width: number): string {
  const total = pieces.reduce((sum, [text]) => sum + text.length, 0);
  let room = total <= width ? total : Math.max(0, width - 1);
  let line = '';
  for (const [text, paint] of pieces) {
    if (room === 0) break;
    const shown = text.length > room ? text.slice(0, room) : text;
    room -= shown.length;
    line += paint === undefined ? shown : paint(shown);
  }
  return total <= width ? line : `${line}…`;
}
