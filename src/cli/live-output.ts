import { performance } from 'node:perf_hooks';
import type { SessionObserver } from '../core/session.js';
import { createEventLog } from '../reporters/event-log.js';
import { combineObservers, createProgress } from '../reporters/progress.js';
import type { Style } from '../reporters/style.js';
import type { CommandIo } from './io.js';
import { createLineWriter } from './line-writer.js';
import type { ScheduleOptions } from '../core/session.js';
import type { Display } from './terminal.js';

export interface LiveOutput {
  observer: SessionObserver;
  /** Wipes the progress line (before another message goes to the same terminal). */
  clear(): void;
  /** Writes what is pending and wipes the progress line. */
  finish(): void;
}

/**
 * What the user sees while the session runs: the lesson's lines on stdout (a text report, not --quiet)
 * and the progress line on stderr (as decided for this terminal), wired to the engine as one observer.
 */
export function startLiveOutput(
  io: CommandIo,
  schedule: ScheduleOptions,
  display: Display,
  styles: { stdout: Style; stderr: Style },
): LiveOutput {
  const progress = display.progress
    ? createProgress({
        write: (text) => io.stderr.write(text),
        now: () => performance.now(),
        style: styles.stderr,
        runs: schedule.runs,
        warmup: schedule.warmup,
        width: display.progressWidth,
        unicode: display.unicode,
      })
    : null;
  const lines = createLineWriter(io.stdout, { before: () => progress?.clear(), after: () => progress?.draw() });
  const eventLog = display.eventLog
    ? createEventLog(styles.stdout, schedule, lines.write, {
        width: display.fitWidth,
        unicode: display.unicode,
      })
    : {};
  const ticker = progress === null ? null : setInterval(progress.draw, 100).unref();
  return {
    observer: combineObservers(eventLog, progress?.observer ?? {}),
    clear: () => progress?.clear(),
    finish: () => {
      lines.flush();
      if (ticker !== null) clearInterval(ticker);
      progress?.clear();
    },
  };
}
