import type { FetchResult, Mode, RunRecord } from '../core/types.js';
import type { BenchObserver } from '../core/bench.js';
import type { Style } from './style.js';
import { formatCount, formatMs } from './format.js';

/**
 * The live lines of the gevent lesson, one per event, so the interleaving of the coroutines shows:
 * `GET: URL` when a request starts and `N bytes received from URL.` when it ends.
 */
export function formatModeStart(mode: Mode, total: number, concurrency: number, style: Style): string {
  const pace = mode === 'serial' ? 'one at a time' : `up to ${formatCount(Math.min(concurrency, total))} at a time`;
  return style.chalk.bold(`${mode}: ${formatCount(total)} ${total === 1 ? 'request' : 'requests'}, ${pace}`);
}

export function formatRequestStart(url: string, style: Style): string {
  return `${style.chalk.dim('GET:')} ${url}`;
}

export function formatRequestEnd(result: FetchResult, style: Style): string {
  const { chalk } = style;
  if (result.error === null) return `${result.bytes} bytes received from ${result.url}.`;
  if (result.error.code === 'HTTP_STATUS') {
    return chalk.yellow(`${result.bytes} bytes received from ${result.url} (HTTP ${result.status}).`);
  }
  return chalk.red(`failed: ${result.url}: ${result.error.code}: ${result.error.message}`);
}

export function formatModeEnd(mode: Mode, run: RunRecord, style: Style): string {
  return style.chalk.bold(`${mode} took ${formatMs(run.wallMs)}`);
}

/** An engine observer that prints the live lines through writeLine (the CLI decides the stream). */
export function createEventLog(style: Style, concurrency: number, writeLine: (line: string) => void): BenchObserver {
  return {
    onModeStart: (mode, total) => writeLine(formatModeStart(mode, total, concurrency, style)),
    onRequestStart: (_mode, _index, target) => writeLine(formatRequestStart(target.label, style)),
    onRequestEnd: (_mode, _index, result) => writeLine(formatRequestEnd(result, style)),
    onModeEnd: (mode, run) => writeLine(`${formatModeEnd(mode, run, style)}\n`),
  };
}
