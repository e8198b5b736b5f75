import type { FetchResult, Report } from '../core/types.js';
import type { Style } from './style.js';
import wrapAnsi from 'wrap-ansi';
import {
  describeRunWire,
  distinguishingLabels,
  ellipsisFor,
  formatMs,
  modesIn,
  rowLabels,
  wrapItems,
} from './format.js';
import { printable } from './printable.js';

export interface TimelineOptions {
  /** Columns available. */
  width: number;
  /** Unicode blocks, or the ASCII fallback. */
  unicode: boolean;
}

/** The share of the width URL labels may take. */
const LABEL_SHARE = 0.4;
const MIN_BAR = 10;

/**
 * The waterfall: one row per URL per mode, a bar from the request's start to its last byte on one time
 * axis for both modes, the wait for the first byte lighter than the download. The serial loop draws a
 * staircase; the coroutines draw bars side by side. From each mode's first measured run.
 */
export function renderTimeline(report: Report, style: Style, { width, unicode }: TimelineOptions): string {
  const { chalk } = style;
  const modes = modesIn(report);
  const runs = modes.map((mode) => report.modes[mode]!.runs[0]!);
  const axisMs = runs.reduce((max, run) => Math.max(max, run.wallMs), 1);
  const glyph = unicode
    ? { wait: '░', body: '█', failed: '✗', edge: '│' }
    : { wait: '-', body: '#', failed: 'x', edge: '|' };
  // Under 64 columns the modes are tagged by their initial, which the legend spells out.
  const narrow = width < 64;
  const tag = (mode: string): string => (narrow ? mode[0]! : mode);
  const tagWidth = modes.reduce((max, mode) => Math.max(max, tag(mode).length), 0);
  const { origin, labels: raw } = rowLabels(report.urls);
  const labels = raw.map(printable);
  // The line: label, space, tag, space, edge, bar, edge.
  const room = width - tagWidth - 4;
  const labelWidth = Math.max(
    8,
    Math.min(
      Math.floor(room * LABEL_SHARE),
      labels.reduce((max, l) => Math.max(max, l.length), 0),
    ),
  );
  const barWidth = Math.max(MIN_BAR, room - labelWidth);
  const fitted = distinguishingLabels(labels, labelWidth, ellipsisFor(unicode));

  const lines = [
    wrapAnsi(
      chalk.bold('timeline') +
        chalk.dim(`${origin === null ? '' : ` of ${printable(origin)}`}, first measured run of each mode`),
      width,
      { hard: true },
    ),
  ];
  report.urls.forEach((_url, row) => {
    modes.forEach((mode, m) => {
      const name = m === 0 ? fitted[row]!.padEnd(labelWidth) : ' '.repeat(labelWidth);
      const bar = drawBar(runs[m]!.results.at(row)!, axisMs, barWidth, glyph, style);
      lines.push(`${name} ${chalk.dim(tag(mode).padEnd(tagWidth))} ${glyph.edge}${bar}${glyph.edge}`);
    });
  });
  const indent = ' '.repeat(labelWidth + tagWidth + 2);
  lines.push(`${indent}${chalk.dim(`0 ms${formatMs(axisMs).padStart(barWidth - 2)}`)}`);
  const legend = [
    `${glyph.wait} waiting for the first byte`,
    `${glyph.body} receiving`,
    `${glyph.failed} failed`,
    ...modes.map((mode, m) => {
      const wire = describeRunWire(runs[m]!);
      return `${narrow ? `${tag(mode)} ` : ''}${mode}${wire === null ? '' : `: ${wire}`}`;
    }),
  ];
  const oneLine = legend.join('  ');
  if (indent.length + oneLine.length <= width) lines.push(chalk.dim(indent + oneLine));
  else for (const line of wrapItems(legend, width)) lines.push(chalk.dim(line));
  return lines.join('\n');
}

function drawBar(
  result: FetchResult,
  axisMs: number,
  width: number,
  glyph: Record<'wait' | 'body' | 'failed', string>,
  style: Style,
): string {
  const col = (ms: number): number => Math.min(width, Math.max(0, Math.round((ms / axisMs) * width)));
  const start = Math.min(col(result.startMs), width - 1);
  const end = Math.max(start + 1, col(result.startMs + result.durationMs));
  // A response that arrived gets at least one receiving cell, so every finished request shows its end.
  const headersAt = result.ttfbMs === null ? end : Math.min(end, Math.max(start, col(result.startMs + result.ttfbMs)));
  const firstByte = result.ttfbMs !== null && headersAt === end ? end - 1 : headersAt;
  const waiting = glyph.wait.repeat(firstByte - start);
  const receiving = glyph.body.repeat(end - firstByte);
  const failed = result.error !== null;
  const body = failed
    ? style.chalk.red(`${waiting}${receiving}`.slice(0, -1) + glyph.failed)
    : style.chalk.dim(waiting) + style.chalk.cyan(receiving);
  return ' '.repeat(start) + body + ' '.repeat(width - end);
}
