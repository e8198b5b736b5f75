import { performance } from 'node:perf_hooks';
import type { Abort } from './abort.js';
import { deadlinePassed } from './errors.js';

/**
 * The deadlines of a run's requests, kept by one timer rather than one per request. A timer per request
 * cost far more than itself: V8 soon allocates Node's Timeout objects straight into the old generation,
 * and a Timeout there, even cleared, keeps its callback's request (abort, handler, promises, response)
 * alive through every scavenge until the next full collection. At 100,000 requests that promoted about
 * 3.4 KB of garbage a request and made the run 20% slower (`--trace-gc-nvp`, see BENCHMARKS.md).
 *
 * Deadlines of one length fall due in the order they started: a queue per length (a run has one), with
 * a timer armed for its head. A request that settles takes itself off (its slot is cleared, so nothing
 * keeps it alive); the timer skips cleared slots when it fires.
 */
export class Deadlines {
  private readonly queues = new Map<number, DeadlineQueue>();

  /** Starts a deadline `ms` from now for `abort`; the ticket given back, with the same `ms`, stops it. */
  start(abort: Abort, ms: number): number {
    let queue = this.queues.get(ms);
    if (queue === undefined) this.queues.set(ms, (queue = new DeadlineQueue(ms)));
    return queue.start(abort);
  }

  /** Stops a deadline (the request settled first); a ticket already passed or stopped is ignored. */
  stop(ticket: number, ms: number): void {
    this.queues.get(ms)?.stop(ticket);
  }
}

/** The deadlines of one length, in the order they started. */
class DeadlineQueue {
  /** performance.now() at which each slot's deadline falls, in start order. */
  private due: number[] = [];
  private aborts: Array<Abort | null> = [];
  /** The first slot still in the queue. */
  private head = 0;
  /** Tickets handed out before the slots at index 0 (slots are dropped from the front as they pass). */
  private dropped = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly ms: number) {}

  /** Starts the deadline of `abort` now; the ticket given back stops it. */
  start(abort: Abort): number {
    this.due.push(performance.now() + this.ms);
    this.aborts.push(abort);
    if (this.timer === undefined) this.arm();
    return this.dropped + this.aborts.length - 1;
  }

  /** Stops a deadline (the request settled first); a ticket already passed or stopped is ignored. */
  stop(ticket: number): void {
    const slot = ticket - this.dropped;
    if (slot < this.head || slot >= this.aborts.length) return;
    this.aborts[slot] = null;
    if (slot === this.head) this.skipStopped();
  }

  private arm(): void {
    this.skipStopped();
    if (this.head === this.aborts.length) return;
    const waitMs = Math.max(0, this.due[this.head]! - performance.now());
    // Requests in flight hold sockets that keep the process alive; the deadline alone must not.
    this.timer = setTimeout(this.fire, waitMs).unref();
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    const now = performance.now();
    while (this.head < this.aborts.length && (this.aborts[this.head] === null || this.due[this.head]! <= now)) {
      const abort = this.aborts[this.head];
      this.aborts[this.head] = null;
      this.head += 1;
      abort?.abort(deadlinePassed(this.ms));
    }
    this.arm();
  };

  /**
   * Moves the head past stopped slots, and drops passed slots from the front once they are the larger
   * part: the queue holds what started since the oldest request still in flight.
   */
  private skipStopped(): void {
    while (this.head < this.aborts.length && this.aborts[this.head] === null) this.head += 1;
    if (this.head < 1024 || this.head * 2 < this.aborts.length) return;
    this.due = this.due.slice(this.head);
    this.aborts = this.aborts.slice(this.head);
    this.dropped += this.head;
    this.head = 0;
  }
}
