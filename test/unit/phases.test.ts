import { channel } from 'node:diagnostics_channel';
import { describe, expect, it } from 'vitest';
import {
  type ConnectionTimes,
  expectHeadersSent,
  NO_PHASES,
  PhaseProbe,
  timeConnection,
} from '../../src/core/phases.js';

const sendHeaders = channel('undici:client:sendHeaders');

function probeOn(connection: ConnectionTimes | null, reused: boolean | null, sentMs: number | null): PhaseProbe {
  return Object.assign(new PhaseProbe(), { connection, reused, sentMs });
}

function times(overrides: Partial<Omit<ConnectionTimes, 'watch'>>): ConnectionTimes {
  return Object.assign(timeConnection(), overrides);
}

const fresh = times({ startMs: 100, lookupMs: 104, connectMs: 110, secureMs: 130, requests: 1 });

describe('PhaseProbe.read', () => {
  it('splits a request on a fresh TLS connection into DNS, connect, TLS, first byte and download', () => {
    expect(probeOn(fresh, false, 131).read(181, 200)).toEqual({
      dnsMs: 4,
      connectMs: 6,
      tlsMs: 20,
      firstByteMs: 50,
      downloadMs: 19,
      reused: false,
    });
  });

  it('gives an IP-literal connection no DNS phase and starts its connect at the socket’s start', () => {
    const literal = times({ startMs: 100, lookupMs: null, connectMs: 110, secureMs: null });
    expect(probeOn(literal, false, 111).read(121, 122)).toMatchObject({ dnsMs: null, connectMs: 10, tlsMs: null });
  });

  it('gives a reused connection no DNS, connect or TLS phase', () => {
    expect(probeOn(fresh, true, 300).read(310, 320)).toEqual({
      dnsMs: null,
      connectMs: null,
      tlsMs: null,
      firstByteMs: 10,
      downloadMs: 10,
      reused: true,
    });
  });

  it('invents nothing for a request that was never written or never answered', () => {
    expect(new PhaseProbe().read(null, 50)).toEqual(NO_PHASES);
    expect(probeOn(fresh, false, 131).read(null, 500)).toMatchObject({ firstByteMs: null, downloadMs: null });
  });
});

describe('the order of undici’s events that phases rely on', () => {
  it('ties the next sendHeaders message to the probe of the request that started', () => {
    const probe = new PhaseProbe();
    expectHeadersSent(probe);
    sendHeaders.publish({ socket: {} });
    expect(probe.sentMs).toBeGreaterThan(0);
    // A socket corofetch did not open (not timed) leaves the connection unknown, not guessed.
    expect([probe.connection, probe.reused]).toEqual([null, null]);
  });

  it('refuses to start a request while another one’s headers are still unpublished', () => {
    const first = new PhaseProbe();
    expectHeadersSent(first);
    expect(() => expectHeadersSent(new PhaseProbe())).toThrow(/undici started a request before/);
    // The broken order is reported once (as that request's INTERNAL_ERROR), and the next request starts clean.
    const next = new PhaseProbe();
    expectHeadersSent(next);
    sendHeaders.publish({ socket: {} });
    expect([first.sentMs, next.sentMs === null]).toEqual([null, false]);
  });

  it('ignores sendHeaders of requests that are not corofetch’s', () => {
    expect(() => sendHeaders.publish({ socket: {} })).not.toThrow();
    const probe = new PhaseProbe();
    expectHeadersSent(probe);
    sendHeaders.publish({ socket: {} });
    expect(probe.sentMs).not.toBeNull();
  });
});
