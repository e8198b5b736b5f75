import type { ScheduledRun, SessionObserver } from '../core/session.js';
import type { Style } from './style.js';
import { ellipsisFor, fitPieces, formatBytes, formatCount, type Piece } from './format.js';

export interface ProgressOptions {
  /** Writes to the terminal (stderr). */
  write(text: string): void;
  /** The monotonic clock in ms, injected so the reporter reads no clock of its own. */
  now(): number;
  style: Style;
  runs: number;
  warmup: number;
  width: number;
  /** False for --ascii and TERM=dumb. */
  unicode: boolean;
}

export interface Progress {
  observer: SessionObserver;
  /** Redraws the line (the CLI calls it on a timer, so elapsed time moves while requests wait). */
  draw(): void;
  /** Wipes the line, e.g. before other output goes to the same terminal. */
  clear(): void;
}

/**
 * One status line redrawn in place: the run, done/total, failed, bytes, elapsed, and how many requests are
 * in flight right now — the number that shows the coroutines at work. `clear` leaves the terminal clean.
 */
export function createProgress(options: ProgressOptions): Progress {
  const { style } = options;
  let run: ScheduledRun | null = null;
  let total = 0;
  let done = 0;
  let failed = 0;
  let bytes = 0;
  let inFlight = 0;
  let startedAt = 0;
  let shown = false;

  const line = (): string => {
    if (run === null) return '';
    const name =
      options.runs === 1 && options.warmup === 0
        ? run.mode
        : `${run.mode} ${run.warmup ? 'warm-up' : 'run'} ${run.ordinal}`;
    const elapsed = ((options.now() - startedAt) / 1000).toFixed(1);
    // In the order they matter, as a narrow terminal keeps only the first: in flight is the number that
    // shows the coroutines at work.
    const pieces: Piece[] = [
      [`${name}: ${formatCount(done)}/${formatCount(total)} done`],
      [', '],
      [`${inFlight} in flight`, style.chalk.bold],
      [', '],
      failed > 0 ? [`${formatCount(failed)} failed`, style.chalk.red] : ['0 failed'],
      [`, ${formatBytes(bytes)}`],
      [`, ${elapsed} s`],
    ];
    // One column spare: a line as wide as the terminal wraps on some terminals before \r returns.
    return fitPieces(pieces, options.width - 1, ellipsisFor(options.unicode));
  };
  const draw = (): void => {
    if (run === null) return;
    options.write(`\r\u001b[2K${line()}`);
    shown = true;
  };
  const clear = (): void => {
    if (!shown) return;
    options.write('\r\u001b[2K');
    shown = false;
  };

  return {
    observer: {
      onRunStart: (started, count) => {
        run = started;
        total = count;
        done = failed = bytes = inFlight = 0;
        startedAt = options.now();
        draw();
      },
      onRequestStart: () => {
        inFlight += 1;
      },
      onRequestEnd: (_run, _index, result) => {
        inFlight -= 1;
        done += 1;
        bytes += result.bytes;
        if (result.error !== null) failed += 1;
      },
      onRunEnd: () => {
        clear();
        run = null;
      },
    },
    draw,
    clear,
  };
}

/** Several observers as one, each told every event in turn. */
export function combineObservers(...observers: SessionObserver[]): SessionObserver {
  return {
    onRunStart: (...args) => observers.forEach((o) => o.onRunStart?.(...args)),
    onRequestStart: (...args) => observers.forEach((o) => o.onRequestStart?.(...args)),
    onRequestEnd: (...args) => observers.forEach((o) => o.onRequestEnd?.(...args)),
    onRunEnd: (...args) => observers.forEach((o) => o.onRunEnd?.(...args)),
  };
}
