import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { RequestFailure } from './errors.js';
import { roundMs } from './time.js';
import type { Phases } from './types.js';

/** When each step of opening one connection ended, read off its sockets' own events. */
export class ConnectionTimes {
  readonly startMs = performance.now();
  lookupMs: number | null = null;
  /** TCP connected; through a proxy, the tunnel opened (set by the connector). */
  connectMs: number | null = null;
  secureMs: number | null = null;
  /** Requests written on this connection so far. */
  requests = 0;
  /** The protocol it settled on, once open. */
  protocol: 'h1' | 'h2' | null = null;

  /**
   * Reads a socket's 'lookup', 'connect' (when `tcp`) and 'secureConnect' into these times, and ties the
   * socket to them for the requests written on it. The listeners go first (prepend) because undici writes
   * the request from its own 'connect' listener, and a phase must end before the request is sent.
   */
  watch(socket: Socket, tcp: boolean): void {
    connections.set(socket, this);
    socket.prependOnceListener('lookup', () => (this.lookupMs = performance.now()));
    if (tcp) socket.prependOnceListener('connect', () => (this.connectMs = performance.now()));
    socket.prependOnceListener('secureConnect', () => (this.secureMs = performance.now()));
  }
}

/** A clock for a connection about to be opened. */
export function timeConnection(): ConnectionTimes {
  return new ConnectionTimes();
}

/** What one request saw on the wire: the connection it was written on, and when it was written. */
export class PhaseProbe {
  connection: ConnectionTimes | null = null;
  /** Whether this was not the socket's first request; null until the request is written. */
  reused: boolean | null = null;
  sentMs: number | null = null;
  /** The connection's bytes read when this request was written: what came after was this request's answer. */
  bytesReadAtSend: number | null = null;

  /** The HTTP version of the connection the request was written on; null when it was never written. */
  httpVersion(): '1.1' | '2' | null {
    const protocol = this.connection?.protocol ?? null;
    return protocol === null ? null : protocol === 'h2' ? '2' : '1.1';
  }

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

/** The times of each socket a connector opened (phases.ts never holds a socket alive). */
const connections = new WeakMap<object, ConnectionTimes>();
/** The probe of the request undici is writing right now: its onRequestStart has run, its headers not yet. */
let writing: PhaseProbe | null = null;

/**
 * Called from a request handler's onRequestStart when it lets the request go ahead. undici calls
 * onRequestStart and then publishes `undici:client:sendHeaders` (with the socket) in one synchronous step
 * of writing the request (lib/dispatcher/client-h1.js writeH1, client-h2.js writeH2), so the next
 * sendHeaders message is this request's: that ties the socket to the probe exactly, even for a request
 * that waited in the pool's queue. If a probe were still waiting here, that order would be broken and every
 * later phase misattributed: the assertion stops that from passing silently.
 */
export function expectHeadersSent(probe: PhaseProbe): void {
  if (writing !== null) {
    writing = null;
    throw new RequestFailure(
      'INTERNAL_ERROR',
      'phases: undici started a request before publishing the previous one’s headers; please report this',
    );
  }
  writing = probe;
}

// undici's diagnostics channel (docs/api/DiagnosticsChannel.md): the request's headers are being written.
subscribe('undici:client:sendHeaders', (message) => {
  const probe = writing;
  // Another undici user in this process (not a corofetch request): nothing to record.
  if (probe === null) return;
  writing = null;
  const connection = connections.get((message as { socket: object }).socket) ?? null;
  probe.sentMs = performance.now();
  probe.bytesReadAtSend = (message as { socket: { bytesRead?: number } }).socket.bytesRead ?? null;
  probe.connection = connection;
  if (connection !== null) probe.reused = connection.requests++ > 0;
});

function span(from: number | null | undefined, to: number | null | undefined): number | null {
  return from === null || from === undefined || to === null || to === undefined ? null : roundMs(to - from);
}
