import { subscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type { buildConnector, Dispatcher } from 'undici';
import type { Phases } from './types.js';
import { roundMs } from './time.js';

/** When each step of opening one connection ended, read off the socket's own events. */
interface ConnectionTimes {
  startMs: number;
  lookupMs: number | null;
  connectMs: number | null;
  secureMs: number | null;
  /** Requests written on this socket so far. */
  requests: number;
}

/** What one request saw on the wire. */
export class PhaseProbe {
  connection: ConnectionTimes | null = null;
  /** Whether this was not the socket's first request; null until the request is written. */
  reused: boolean | null = null;
  sentMs: number | null = null;

  /** Phases of a request whose headers came at headersMs and last byte at endMs (null if never). */
  read(headersMs: number | null, endMs: number): Phases {
    const fresh = this.reused === false ? this.connection : null;
    const tcpStart = fresh?.lookupMs ?? fresh?.startMs ?? null;
    return {
      dnsMs: span(fresh?.startMs, fresh?.lookupMs),
      connectMs: span(tcpStart, fresh?.connectMs),
      tlsMs: span(fresh?.connectMs, fresh?.secureMs),
      firstByteMs: span(this.sentMs, headersMs),
      downloadMs: span(headersMs, headersMs === null ? null : endMs),
      reused: this.reused,
    };
  }
}

/** Phases of a request nothing was observed of (never sent, redirected). Shared and frozen. */
export const NO_PHASES: Phases = Object.freeze({
  dnsMs: null,
  connectMs: null,
  tlsMs: null,
  firstByteMs: null,
  downloadMs: null,
  reused: null,
});

const connections = new WeakMap<object, ConnectionTimes>();
/** The probe handed to the dispatch under way (set and cleared synchronously around it). */
let dispatching: PhaseProbe | null = null;
/** The probe whose request undici is writing right now: its onRequestStart has run, its headers not yet. */
let writing: PhaseProbe | null = null;

type Connector = buildConnector.connector;

/**
 * Wraps undici's connector to time DNS, TCP and TLS from the socket's 'lookup', 'connect' and
 * 'secureConnect' events. The listeners go first (prepend) because undici writes the request from its own
 * 'connect' listener, and the phase must end before the request is sent, not after.
 */
export function timeConnections(connect: Connector): Connector {
  return (options, callback) => {
    const times: ConnectionTimes = {
      startMs: performance.now(),
      lookupMs: null,
      connectMs: null,
      secureMs: null,
      requests: 0,
    };
    // undici's typings say void; the connector returns the socket it opens.
    const socket = connect(options, callback) as unknown as Socket;
    connections.set(socket, times);
    socket.prependOnceListener('lookup', () => (times.lookupMs = performance.now()));
    socket.prependOnceListener('connect', () => (times.connectMs = performance.now()));
    socket.prependOnceListener('secureConnect', () => (times.secureMs = performance.now()));
    return socket;
  };
}

/** Runs `start`, which must dispatch one request synchronously, with a probe travelling with that request. */
export function probePhases<T>(start: () => T): [T, PhaseProbe] {
  const probe = new PhaseProbe();
  dispatching = probe;
  try {
    return [start(), probe];
  } finally {
    dispatching = null;
  }
}

/**
 * An interceptor that attaches the probe to the request's handler when it is dispatched, so it survives
 * the pool's queue (a request can wait there for a busy connection). undici calls the handler's
 * onRequestStart and then publishes `undici:client:sendHeaders` in one synchronous step of writing the
 * request (lib/dispatcher/client-h1.js writeH1), which ties the socket to the probe exactly.
 */
export const probeInterceptor: Dispatcher.DispatcherComposeInterceptor = (dispatch) => (opts, handler) => {
  const probe = dispatching;
  dispatching = null;
  return dispatch(opts, probe === null ? handler : new ProbeHandler(handler, probe));
};

type Args<K extends keyof Dispatcher.DispatchHandler> = Parameters<NonNullable<Dispatcher.DispatchHandler[K]>>;

/** Passes everything on to the request's own handler; only notes when undici starts writing the request. */
class ProbeHandler implements Dispatcher.DispatchHandler {
  constructor(
    private readonly handler: Dispatcher.DispatchHandler,
    private readonly probe: PhaseProbe,
  ) {}

  onRequestStart(...args: Args<'onRequestStart'>): void {
    writing = this.probe;
    this.handler.onRequestStart?.(...args);
  }

  onRequestUpgrade(...args: Args<'onRequestUpgrade'>): void {
    this.handler.onRequestUpgrade?.(...args);
  }

  onResponseStart(...args: Args<'onResponseStart'>): void {
    this.handler.onResponseStart?.(...args);
  }

  onResponseData(...args: Args<'onResponseData'>): void {
    this.handler.onResponseData?.(...args);
  }

  onResponseEnd(...args: Args<'onResponseEnd'>): void {
    this.handler.onResponseEnd?.(...args);
  }

  onResponseError(...args: Args<'onResponseError'>): void {
    this.handler.onResponseError?.(...args);
  }
}

// undici's diagnostics channel (docs/api/DiagnosticsChannel.md): the request's headers are being written.
subscribe('undici:client:sendHeaders', (message) => {
  const probe = writing;
  writing = null;
  if (probe === null) return;
  const connection = connections.get((message as { socket: object }).socket) ?? null;
  probe.sentMs = performance.now();
  probe.connection = connection;
  if (connection !== null) probe.reused = connection.requests++ > 0;
});

function span(from: number | null | undefined, to: number | null | undefined): number | null {
  return from === null || from === undefined || to === null || to === undefined ? null : roundMs(to - from);
}
