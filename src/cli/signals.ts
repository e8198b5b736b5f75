import { RequestFailure } from '../core/errors.js';
import { EXIT, type InterruptSignal } from '../core/exit-codes.js';

const SIGNALS: readonly InterruptSignal[] = ['SIGINT', 'SIGTERM'];

export interface Interruption {
  /** Aborts on the first SIGINT or SIGTERM, with an INTERRUPTED RequestFailure as its reason. */
  signal: AbortSignal;
  /** Which signal aborted, or null while none has. */
  received(): InterruptSignal | null;
  /** What the first signal's notice says corofetch does next; set as the command moves on. */
  next: string;
  /** Called before the notice is written (the live output wipes its progress line there). */
  beforeNotice: () => void;
  /** Stops listening (restores Node's default handling). */
  dispose(): void;
}

/**
 * The first SIGINT or SIGTERM asks the run to stop and keep what it measured (oha and hyperfine both
 * print what they collected on Ctrl-C); a second one exits at once, for when even that takes too long.
 */
export function interruptOnSignals(stderr: NodeJS.WritableStream): Interruption {
  const controller = new AbortController();
  let first: InterruptSignal | null = null;
  const interruption: Interruption = {
    signal: controller.signal,
    received: () => first,
    next: 'stopping',
    beforeNotice: () => undefined,
    dispose: () => {
      for (const name of SIGNALS) process.off(name, onSignal);
    },
  };
  const onSignal = (name: NodeJS.Signals): void => {
    const signal = name as InterruptSignal;
    if (first !== null) {
      stderr.write(`corofetch: ${signal} again; exiting without a report\n`);
      process.exit(EXIT[signal]);
    }
    first = signal;
    interruption.beforeNotice();
    stderr.write(`corofetch: ${signal}: ${interruption.next} (${signal} again to exit at once)\n`);
    controller.abort(new RequestFailure('INTERRUPTED', `interrupted by ${signal}`));
  };
  for (const name of SIGNALS) process.on(name, onSignal);
  return interruption;
}
