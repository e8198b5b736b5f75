import { subscribe } from 'node:diagnostics_channel';
import { performance } from 'node:perf_hooks';
import type { Socket } from 'node:net';
import type { buildConnector } from 'undici';
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

/** What one fetchOne call saw of its request on the wire. */
export class PhaseProbe {
  connection: ConnectionTimes | null = null;
  /** Whether this was not the socket's first request. */
  reused: boolean | null = null;
  sentMs: number | null = null;
  /** A redirect was followed: the timings of one hop would not describe the whole request. */
  redirected = false;

  /** Phases of a request whose final headers came at headersMs and last byte at endMs (null if never). */
  read(headersMs: number | null, endMs: number): Phases {
    const none: Phases = { dnsMs: null, connectMs: null, tlsMs: null, firstByteMs: null, downloadMs: null, reused: null };
    if (this.redirected || this.sentMs === null) return none;
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

const connections = new WeakMap<object, ConnectionTimes>();
const probes = new WeakMap<object, PhaseProbe>();
let binding: PhaseProbe | null = null;

type Connector = buildConnector.connector;

/**
 * Wraps undici's connector to time DNS, TCP and TLS from the socket's 'lookup', 'connect' and
 * 'secureConnect' events. The listeners go first (prepend) because undici writes the request from its own
 * 'connect' listener, and the phase must end before the request is sent, not after.
 */
export function timeConnections(connect: Connector): Connector {
  return (options, callback) => {
    const times: ConnectionTimes = { startMs: performance.now(), lookupMs: null, connectMs: null, secureMs: null, requests: 0 };
    // undici's typings say void; the connector returns the socket it opens.
    const socket = connect(options, callback) as unknown as Socket;
    connections.set(socket, times);
    socket.prependOnceListener('lookup', () => (times.lookupMs = performance.now()));
    socket.prependOnceListener('connect', () => (times.connectMs = performance.now()));
    socket.prependOnceListener('secureConnect', () => (times.secureMs = performance.now()));
    return socket;
  };
}

/**
 * Runs `start` (which must dispatch exactly one undici request synchronously) with a probe bound to the
 * request it creates. undici creates its Request object inside the dispatch call, so the binding is
 * exact without threading anything through undici.
 */
export function probePhases<T>(start: () => T): [T, PhaseProbe] {
  const probe = new PhaseProbe();
  binding = probe;
  try {
    return [start(), probe];
  } finally {
    binding = null;
  }
}

// undici's diagnostics channels (docs/api/DiagnosticsChannel.md): created → headers sent → headers back.
subscribe('undici:request:create', (message) => {
  if (binding !== null) probes.set((message as { request: object }).request, binding);
});

subscribe('undici:client:sendHeaders', (message) => {
  const { request, socket } = message as { request: object; socket: object };
  const probe = probes.get(request);
  if (probe === undefined) return;
  const connection = connections.get(socket) ?? null;
  probe.sentMs = performance.now();
  probe.connection = connection;
  if (connection !== null) probe.reused = connection.requests++ > 0;
});

subscribe('undici:request:headers', (message) => {
  const { request, response } = message as { request: object; response: { statusCode: number; headers: Buffer[] } };
  const probe = probes.get(request);
  if (probe !== undefined && response.statusCode >= 300 && response.statusCode < 400 && hasLocation(response.headers)) {
    probe.redirected = true;
  }
});

function hasLocation(headers: Buffer[]): boolean {
  for (let i = 0; i < headers.length; i += 2) if (headers[i]!.toString('latin1').toLowerCase() === 'location') return true;
  return false;
}

function span(from: number | null | undefined, to: number | null | undefined): number | null {
  return from === null || from === undefined || to === null || to === undefined ? null : roundMs(to - from);
}
