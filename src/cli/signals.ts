import { CorofetchError, RequestFailure } from '../core/errors.js';
import { EXIT, type InterruptSignal } from '../core/exit-codes.js';
import type { CommandIo } from './io.js';

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

/**
 * A signal while the inputs are read or checked ends the command with its exit code (130/143) and a
 * one-line message; during the session the session keeps what was measured (see measure).
 */
export async function interruptible(
  io: CommandIo,
  command: (interruption: Interruption) => Promise<number>,
): Promise<number> {
  const { interruption } = io;
  interruption.next = 'stopping; nothing was fetched yet';
  try {
    if (interruption.signal.aborted) throw interruption.signal.reason;
    return await command(interruption);
  } catch (err) {
    const signal = interruption.received();
    // Only the signal's own reason means "stopped before the session": any other error is itself.
    if (signal === null || err !== interruption.signal.reason) throw err;
    throw new CorofetchError(`interrupted by ${signal} before the first request; nothing was fetched`, EXIT[signal]);
  }
}
