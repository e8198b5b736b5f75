import { EventEmitter } from 'node:events';

/**
 * An abort signal for one request, as undici accepts it: an EventEmitter with `aborted` and `reason`
 * (undici's addSignal takes either that or an AbortSignal). A CPU profile showed AbortController and
 * EventTarget listeners among the top per-request costs; an emitter does the same job for less.
 */
export class Abort extends EventEmitter {
  aborted = false;
  reason: unknown = undefined;

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** Aborts when `other` does (at once if it already has); returns how to stop following it. */
  follow(other: Abort): () => void {
    if (other.aborted) {
      this.abort(other.reason);
      return () => undefined;
    }
    const onAbort = (): void => this.abort(other.reason);
    other.once('abort', onAbort);
    return () => other.off('abort', onAbort);
  }

  /** The run-wide abort that follows an AbortSignal: one EventTarget listener per run, not per request. */
  static fromSignal(signal: AbortSignal): Abort {
    const abort = new Abort();
    // Every request in flight follows it: many listeners are expected, not a leak.
    abort.setMaxListeners(0);
    if (signal.aborted) abort.abort(signal.reason);
    else signal.addEventListener('abort', () => abort.abort(signal.reason), { once: true });
    return abort;
  }
}

/** Waits `ms`, or less if `abort` fires first; tells which happened. */
export function sleep(ms: number, abort: Abort): Promise<'slept' | 'aborted'> {
  if (abort.aborted) return Promise.resolve('aborted');
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve('aborted');
    };
    const timer = setTimeout(() => {
      abort.off('abort', onAbort);
      resolve('slept');
    }, ms);
    abort.once('abort', onAbort);
  });
}
