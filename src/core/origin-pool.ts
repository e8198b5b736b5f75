import { Client, Dispatcher, Pool } from 'undici';

/** The HTTP version a connection speaks, as its ALPN (or prior knowledge) settled it. */
export type WireProtocol = 'h1' | 'h2';

/** How a run shares connections to one origin. */
export interface OriginPoolOptions {
  /** Requests that may be in flight to it at once: the run's slots (1 for the serial loop). */
  slots: number;
  /** `fresh`: a connection of its own for every request, under either protocol. */
  connections: 'reuse' | 'fresh';
  /** Known before any connection (http:// targets: HTTP/1.1, or h2c by prior knowledge); null to learn it. */
  known: WireProtocol | null;
  /** Options for each undici Client (the connector, header limits). */
  client: Client.Options;
}

type Pending = { opts: Dispatcher.DispatchOptions; handler: Dispatcher.DispatchHandler };

/**
 * One origin's connections within a run, shared as the web's clients share them. Until the first
 * connection has said which protocol it speaks, later requests wait for it (curl's PIPEWAIT, as `curl -Z`
 * does): under HTTP/2 they then go as streams on that one connection, up to `slots` at once; under
 * HTTP/1.1 each takes a connection of its own, the first one included, up to `slots`. With
 * `connections: fresh` every request opens its own and closes it after.
 *
 * undici's Pool cannot do this by itself: it opens a new connection for every request that arrives while
 * the first is still being opened, so an HTTP/2 origin would get `slots` connections of one stream each.
 */
export class OriginPool extends Dispatcher {
  private readonly first: Client;
  private route: WireProtocol | 'learning';
  private firstUsed = false;
  /** HTTP/1.1: whether the first connection has a request in flight (it takes one at a time). */
  private firstBusy = false;
  private more: Pool | null = null;
  private readonly waiting: Pending[] = [];
  private readonly fresh = new Set<Client>();

  constructor(
    private readonly origin: string,
    private readonly options: OriginPoolOptions,
  ) {
    super();
    // Pipelining here only lets HTTP/2 carry `slots` streams; under HTTP/1.1 the first connection is given
    // one request at a time (firstBusy), so nothing is pipelined.
    this.first = this.track(new Client(origin, { ...options.client, pipelining: options.slots }));
    this.route = options.known ?? 'learning';
  }

  /** The connector says which protocol a connection to this origin settled on. */
  learned(protocol: WireProtocol): void {
    if (this.route !== 'learning') return;
    this.route = protocol;
    for (const { opts, handler } of this.waiting.splice(0)) this.dispatch(opts, handler);
  }

  override dispatch(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (this.options.connections === 'fresh') return this.dispatchFresh(opts, handler);
    if (this.route === 'h2') return this.first.dispatch(opts, handler);
    if (this.route === 'h1') return this.dispatchH1(opts, handler);
    if (this.firstUsed) {
      this.waiting.push({ opts, handler });
      return true;
    }
    // The first request opens the connection that settles the protocol. Should it end without one (the
    // connection failed), the waiting requests go on as HTTP/1.1 and open their own.
    this.firstUsed = true;
    this.firstBusy = true;
    return this.first.dispatch(
      opts,
      whenDone(handler, () => {
        this.firstBusy = false;
        this.learned('h1');
        this.drainH1();
      }),
    );
  }

  private dispatchH1(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    if (!this.firstBusy) {
      this.firstBusy = true;
      return this.first.dispatch(
        opts,
        whenDone(handler, () => {
          this.firstBusy = false;
          this.drainH1();
        }),
      );
    }
    if (this.options.slots > 1) {
      this.more ??= this.track(new Pool(this.origin, { ...this.options.client, connections: this.options.slots - 1 }));
      return this.more.dispatch(opts, handler);
    }
    this.waiting.push({ opts, handler });
    return true;
  }

  /** With one slot, a request can wait for the first connection under HTTP/1.1. */
  private drainH1(): void {
    if (this.route !== 'h1' || this.firstBusy) return;
    const next = this.waiting.shift();
    if (next !== undefined) this.dispatchH1(next.opts, next.handler);
  }

  private dispatchFresh(opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler): boolean {
    const client = this.track(new Client(this.origin, { ...this.options.client, pipelining: 1 }));
    this.fresh.add(client);
    return client.dispatch(
      opts,
      whenDone(handler, () => {
        this.fresh.delete(client);
        void client.close().catch(() => undefined);
      }),
    );
  }

  /** Passes a client's events on, as undici's Agent expects of the dispatchers it holds. */
  private track<T extends Client | Pool>(dispatcher: T): T {
    // undici types each event's listener apart; passing them on needs the plain EventEmitter view.
    const from = dispatcher as unknown as NodeJS.EventEmitter;
    const to = this as unknown as NodeJS.EventEmitter;
    for (const event of ['connect', 'disconnect', 'connectionError', 'drain']) {
      from.on(event, (...args: unknown[]) => to.emit(event, ...args));
    }
    return dispatcher;
  }

  private all(): Array<Client | Pool> {
    return [this.first, ...(this.more === null ? [] : [this.more]), ...this.fresh];
  }

  override close(): Promise<void>;
  override close(callback: () => void): void;
  override close(callback?: () => void): Promise<void> | void {
    const closed = Promise.all(this.all().map((d) => d.close())).then(() => undefined);
    if (callback === undefined) return closed;
    void closed.then(callback, callback);
  }

  override destroy(): Promise<void>;
  override destroy(err: Error | null): Promise<void>;
  override destroy(callback: () => void): void;
  override destroy(err: Error | null, callback: () => void): void;
  override destroy(errOrCallback?: Error | null | (() => void), callback?: () => void): Promise<void> | void {
    const err = typeof errOrCallback === 'function' ? null : (errOrCallback ?? null);
    const done = typeof errOrCallback === 'function' ? errOrCallback : callback;
    for (const { handler } of this.waiting.splice(0)) fail(handler, err ?? new Error('closed'));
    const destroyed = Promise.all(this.all().map((d) => d.destroy(err))).then(() => undefined);
    if (done === undefined) return destroyed;
    void destroyed.then(done, done);
  }
}

/** The methods by which a handler hears its request end: undici 7's, and the legacy ones an Agent hands on. */
const ENDINGS = new Set<string | symbol>(['onResponseEnd', 'onResponseError', 'onComplete', 'onError']);

/**
 * The same handler, telling `done` once when its request ends, however it ends. A Proxy, not a copy:
 * undici's Agent passes its dispatchers handlers in the legacy shape (onConnect, onHeaders…), so every
 * method must reach the handler as it is.
 */
function whenDone(handler: Dispatcher.DispatchHandler, done: () => void): Dispatcher.DispatchHandler {
  let called = false;
  return new Proxy(handler, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      if (!ENDINGS.has(property)) return method.bind(target);
      return (...args: unknown[]) => {
        if (!called) {
          called = true;
          done();
        }
        return method.apply(target, args);
      };
    },
  });
}

/** Ends a request that never reached a connection, in whichever shape its handler speaks. */
function fail(handler: Dispatcher.DispatchHandler, err: Error): void {
  const legacy = handler as { onError?: (err: Error) => void };
  if (handler.onResponseError !== undefined) handler.onResponseError(abandoned(), err);
  else legacy.onError?.(err);
}

/** A controller for a request that never reached a connection (the pool was destroyed first). */
function abandoned(): Dispatcher.DispatchController {
  return {
    abort: () => undefined,
    pause: () => undefined,
    resume: () => undefined,
    aborted: true,
    paused: false,
    reason: null,
  } as unknown as Dispatcher.DispatchController;
}
