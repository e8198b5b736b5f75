import type { FetchResult, RunRecord } from '../core/types.js';
import type { ScheduleOptions, ScheduledRun, SessionObserver } from '../core/session.js';
import type { Style } from './style.js';
import { ellipsisFor, formatCount, formatMs, hangingWrap, shortenMiddle, toAscii } from './format.js';
import { printable } from './printable.js';

/** How the session was planned, so each header can say which run it is. */
export type EventLogPlan = Pick<ScheduleOptions, 'concurrency' | 'runs' | 'warmup'>;

/**
 * The live lines of the gevent lesson, one per event, so the interleaving of the coroutines shows:
 * `GET: URL` when a request starts and `N bytes received from URL.` when it ends.
 */
function formatRunStart(run: ScheduledRun, total: number, plan: EventLogPlan, style: Style): string {
  const pace =
    run.mode === 'serial' ? 'one at a time' : `up to ${formatCount(Math.min(plan.concurrency, total))} at a time`;
  return style.chalk.bold(
    `${runName(run, plan)}: ${formatCount(total)} ${total === 1 ? 'request' : 'requests'}, ${pace}`,
  );
}

/** A URL shortened in the middle to what the line has room for; a line without a width keeps it whole. */
type FitUrl = (url: string, rest: number) => string;

function formatRequestStart(url: string, style: Style, fit: FitUrl): string {
  return `${style.chalk.dim('GET:')} ${fit(printable(url), 5)}`;
}

function formatRequestEnd(result: FetchResult, style: Style, fit: FitUrl): string {
  const { chalk } = style;
  const url = fit(printable(result.url), `${result.bytes} bytes received from .`.length);
  const via = [
    result.redirects > 0
      ? `after ${result.redirects} redirect${result.redirects === 1 ? '' : 's'} to ${fit(printable(result.finalUrl), 30)}`
      : '',
    result.attempts > 1 ? `on attempt ${result.attempts}` : '',
  ].filter((part) => part !== '');
  const detail = via.length > 0 ? ` (${via.join(', ')})` : '';
  if (result.error === null) return `${result.bytes} bytes received from ${url}${detail}.`;
  if (result.error.code === 'HTTP_STATUS') {
    return chalk.yellow(
      `${result.bytes} bytes received from ${url} (HTTP ${result.status}${detail === '' ? '' : `, ${via.join(', ')}`}).`,
    );
  }
  return chalk.red(`failed: ${url}: ${result.error.code}: ${printable(result.error.message)}`);
}

function formatRunEnd(run: ScheduledRun, record: RunRecord, plan: EventLogPlan, style: Style): string {
  const note = run.warmup ? ' (warm-up, not counted)' : '';
  return style.chalk.bold(`${runName(run, plan)} took ${formatMs(record.wallMs)}${note}`);
}

/** "serial" for a single run, "serial run 2 of 5" or "serial warm-up 1 of 1" when there are several. */
function runName(run: ScheduledRun, plan: EventLogPlan): string {
  if (plan.runs === 1 && plan.warmup === 0) return run.mode;
  return run.warmup
    ? `${run.mode} warm-up ${run.ordinal} of ${plan.warmup}`
    : `${run.mode} run ${run.ordinal} of ${plan.runs}`;
}

/**
 * An engine observer that prints the live lines through writeLine (the CLI decides the stream). With a
 * width, every line fits it: URLs are shortened in the middle (their tails tell a list's URLs apart), and
 * what is still too long wraps.
 */
export function createEventLog(
  style: Style,
  plan: EventLogPlan,
  writeLine: (line: string) => void,
  { width, unicode }: { width: number | undefined; unicode: boolean },
): SessionObserver {
  const fit: FitUrl = (url, rest) =>
    width === undefined ? url : shortenMiddle(url, Math.max(20, width - rest), ellipsisFor(unicode));
  const write = (line: string): void => {
    const ascii = unicode ? line : toAscii(line);
    writeLine(width === undefined ? ascii : hangingWrap(ascii, width));
  };
  return {
    onRunStart: (run, total) => write(formatRunStart(run, total, plan, style)),
    onRequestStart: (_run, _index, target) => write(formatRequestStart(target.label, style, fit)),
    onRequestEnd: (_run, _index, result) => write(formatRequestEnd(result, style, fit)),
    onRunEnd: (run, record) => write(`${formatRunEnd(run, record, plan, style)}\n`),
  };
}
