/**
 * Issue 12: the diagnoses, on sessions simulated with a known truth. Healthy sessions — requests as fast
 * concurrently as serially, up to noise — must get none (false alarms are defects): thousands of seeded
 * trials over list sizes, round counts and noise levels. Each condition, simulated, gets its code.
 * test/integration/diagnosis.test.ts produces each on a real loopback server.
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import type { ClientResources, DiagnosisCode, FetchResult, RunRecord } from '../../src/core/types.js';
import { type Draws, seededDraws } from '../../src/core/random.js';
import { reportInput, result, runRecord } from '../helpers/results.js';

interface Truth {
  urls: number;
  rounds: number;
  /** Per-request noise: each duration is its true one times e^(σ·z). */
  sigma: number;
  concurrency?: number;
  /** True durations spread over 50–500 ms (the default), or 90–110 ms. */
  alike?: boolean;
  /** Added to every serial request after the first (keep-alive costs, as Nagle and delayed ACKs give). */
  serialPenaltyMs?: number;
  /** The server answers one request at a time: concurrent requests queue there. */
  serverSerializes?: boolean;
  /** This many concurrent connections take a resent SYN (1 s) to open. */
  stalls?: number;
  /** corofetch's process on the CPU this share of each run. */
  cpuShare?: number;
}

const calm = (wallMs: number, cpuShare: number): ClientResources => ({
  cpuMs: wallMs * cpuShare,
  loopDelayMs: { p50: 0.1, p99: 1, max: 2 },
  peakRssBytes: 80e6,
});

function request(
  url: string,
  startMs: number,
  durationMs: number,
  connectMs: number | null,
  queuedMs: number | null,
): FetchResult {
  return result({
    url,
    startMs,
    durationMs,
    queuedMs,
    ttfbMs: durationMs - 1,
    phases: {
      dnsMs: null,
      connectMs,
      tlsMs: null,
      firstByteMs: durationMs - 1 - (connectMs ?? 0),
      downloadMs: 1,
      reused: connectMs === null,
    },
  });
}

function simulate(draws: Draws, truth: Truth) {
  const urls = Array.from({ length: truth.urls }, (_, i) => `http://h.test/${i}`);
  const base = urls.map(() => (truth.alike === true ? 90 + 20 * draws.uniform() : 50 + 450 * draws.uniform()));
  const noisy = (ms: number): number => ms * Math.exp(truth.sigma * draws.normal());
  const slots = truth.concurrency ?? 16;
  const serial: RunRecord[] = [];
  const concurrent: RunRecord[] = [];
  for (let r = 0; r < truth.rounds; r++) {
    let at = 0;
    const s = urls.map((url, i) => {
      const d = noisy(base[i]!) + (i > 0 ? (truth.serialPenaltyMs ?? 0) : 0) + (i === 0 ? 1 : 0);
      const req = request(url, at, d, i === 0 ? 1 : null, null);
      at += d;
      return req;
    });
    serial.push({ ...runRecord(at, s), client: calm(at, truth.cpuShare ?? 0.05) });
    // Concurrent: list scheduling on `slots`; a serializing server adds the queue ahead of each request.
    const free = new Array<number>(Math.min(slots, urls.length)).fill(0);
    let serverFreeAt = 0;
    const c = urls.map((url, i) => {
      const slot = free.indexOf(Math.min(...free));
      const start = free[slot]!;
      const connect = i < (truth.stalls ?? 0) ? 1020 + 10 * draws.uniform() : 1;
      let d = noisy(base[i]!) + connect;
      if (truth.serverSerializes === true) {
        serverFreeAt = Math.max(serverFreeAt, start) + noisy(base[i]!);
        d = serverFreeAt - start + connect;
      }
      free[slot] = start + d;
      return request(url, start, d, connect, start);
    });
    const wall = Math.max(...free);
    concurrent.push({ ...runRecord(wall, c), client: calm(wall, truth.cpuShare ?? 0.05) });
  }
  return buildReport(reportInput({ serial, concurrent }, { urls, concurrency: slots }));
}

const codes = (truth: Truth, seed: number): DiagnosisCode[] =>
  simulate(seededDraws(seed), truth).diagnosis.map((d) => d.code);

describe('diagnosis on simulated sessions (issue 12)', () => {
  // A rule judged on noisy figures cannot promise zero; it can promise a rate. Seen with these seeds: 4 alarms
  // in 9,000 (0.044%), all IDEAL_EXCEEDED with 15% noise, where chance made the requests look 10–36% faster.
  it('raises an alarm on at most 0.1% of healthy sessions: 9,000 seeded trials over 2–20 URLs, 1–5 rounds, 5–15% noise', () => {
    let trials = 0;
    const alarms = new Map<string, number>();
    for (const urls of [2, 5, 20]) {
      for (const rounds of [1, 3, 5]) {
        for (const sigma of [0.05, 0.15]) {
          for (let t = 0; t < 500; t++) {
            trials += 1;
            for (const code of codes({ urls, rounds, sigma }, trials)) alarms.set(code, (alarms.get(code) ?? 0) + 1);
          }
        }
      }
    }
    expect(trials).toBe(9000);
    const total = [...alarms.values()].reduce((sum, n) => sum + n, 0);
    expect(total / trials, JSON.stringify(Object.fromEntries(alarms))).toBeLessThanOrEqual(0.001);
    expect([...alarms.keys()].filter((code) => code !== 'IDEAL_EXCEEDED')).toEqual([]);
  });

  it.each<[DiagnosisCode, Truth]>([
    // The case: 5 pages of ~100 ms, each serial one after the first 40 ms slower on a reused connection.
    ['IDEAL_EXCEEDED', { urls: 5, rounds: 3, sigma: 0.05, alike: true, serialPenaltyMs: 40 }],
    ['IDEAL_EXCEEDED', { urls: 10, rounds: 1, sigma: 0.05, alike: true, serialPenaltyMs: 40 }],
    ['SERVER_SERIALIZES', { urls: 5, rounds: 3, sigma: 0.05, serverSerializes: true }],
    ['CONNECT_STALL', { urls: 10, rounds: 1, sigma: 0.05, stalls: 3 }],
    ['QUEUE_BOUND', { urls: 8, rounds: 3, sigma: 0.05, concurrency: 2 }],
    ['CLIENT_BOUND', { urls: 5, rounds: 3, sigma: 0.05, cpuShare: 0.9 }],
  ])('finds %s where the simulation put it, in at least 99 of 100 seeded trials', (code, truth) => {
    let found = 0;
    for (let seed = 1; seed <= 100; seed++) if (codes(truth, seed).includes(code)) found += 1;
    expect(found).toBeGreaterThanOrEqual(99);
  });

  it('explains a connect stall instead of blaming the server for the waits it causes', () => {
    const found = codes({ urls: 10, rounds: 3, sigma: 0.05, stalls: 3 }, 7);
    expect(found).toContain('CONNECT_STALL');
    expect(found).not.toContain('SERVER_SERIALIZES');
  });
});
