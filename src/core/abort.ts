import { EventEmitter } from 'node:events';

/**
 * An abort signal for one request: fired by its deadline or by the session's interruption, with the
 * reason as its cause. An EventEmitter rather than an AbortController: a CPU profile showed
 * AbortController and EventTarget listeners among the top per-request costs, and an emitter does the
 * same job for less. `reason` is set whenever `aborted` is true.
 */
export class Abort extends EventEmitter {
  aborted = false;
  reason: Error | undefined = undefined;

  abort(reason: Error): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    this.emit('abort');
  }

  /** Aborts when `other` does (at once if it already has); returns how to stop following it. */
  follow(other: Abort): () => void {
    if (other.aborted) {
      this.abort(other.reason!);
      return () => undefined;
    }
    const onAbort = (): void => this.abort(other.reason!);
    other.once('abort', onAbort);
    return () => other.off('abort', onAbort);
  }

  /** The run-wide abort that follows an AbortSignal: one EventTarget listener per run, not per request. */
  static fromSignal(signal: AbortSignal): Abort {
    const abort = new Abort();
    // Every request in flight follows it: many listeners are expected, not a leak.
    abort.setMaxListeners(0);
    if (signal.aborted) abort.abort(signal.reason as Error);
    else signal.addEventListener('abort', () => abort.abort(signal.reason as Error), { once: true });
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
