import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runSession } from '../../src/core/session.js';
import type { FetchResult } from '../../src/core/types.js';
import { parseUrlList } from '../../src/core/url-list.js';
import { startFixtureServer, type FixtureServer } from '../../src/fixture-server/server.js';
import { sessionPlan } from '../helpers/plans.js';

let server: FixtureServer;
beforeAll(async () => {
  server = await startFixtureServer();
});
afterAll(() => server.close());

const pages = (delays: number[]) =>
  parseUrlList(delays.map((d, i) => `${server.url}page?i=${i}&delay=${d}&bytes=${100 + i}`).join('\n')).targets;

describe('runSession', () => {
  it('runs serial first, one request at a time, in input order', async () => {
    const events: string[] = [];
    const outcome = await runSession(sessionPlan(pages([100, 50, 10]), { modes: ['serial'] }), {
      onRequestStart: (_m, i) => events.push(`start ${i}`),
      onRequestEnd: (_m, i) => events.push(`end ${i}`),
    });
    expect(events).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
    const [run] = outcome.runs.serial!;
    expect(run!.wallMs).toBeGreaterThanOrEqual(160);
    expect(Array.from(run!.results).map((r) => r.bytes)).toEqual([100, 101, 102]);
  });

  it('keeps input order in concurrent mode although requests finish in reverse', async () => {
    const finished: number[] = [];
    const outcome = await runSession(sessionPlan(pages([600, 400, 200, 0]), { modes: ['concurrent'] }), {
      onRequestEnd: (_m, i) => finished.push(i),
    });
    expect(finished).toEqual([3, 2, 1, 0]);
    expect(Array.from(outcome.runs.concurrent![0]!.results).map((r: FetchResult) => r.bytes)).toEqual([
      100, 101, 102, 103,
    ]);
  });

  it('never has more than --concurrency requests in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const outcome = await runSession(
      sessionPlan(pages(Array(8).fill(300)), { concurrency: 2, modes: ['concurrent'] }),
      {
        onRequestStart: () => (peak = Math.max(peak, ++inFlight)),
        onRequestEnd: () => inFlight--,
      },
    );
    expect(peak).toBe(2);
    // 8 requests × 300 ms, 2 at a time: four waves, at least 1.2 s.
    expect(outcome.runs.concurrent![0]!.wallMs).toBeGreaterThanOrEqual(1_100);
  });

  it('tells the observer when each mode starts and ends', async () => {
    const events: string[] = [];
    await runSession(sessionPlan(pages([0]), { modes: ['serial', 'concurrent'] }), {
      onRunStart: (r, n: number) => events.push(`${r.mode} ${n}`),
      onRunEnd: (r) => events.push(`${r.mode} done`),
    });
    expect(events).toEqual(['serial 1', 'serial done', 'concurrent 1', 'concurrent done']);
  });

  it('alternates the modes, keeps warm-ups out and records the order', async () => {
    const started: string[] = [];
    const outcome = await runSession(
      sessionPlan(pages([0, 0]), { modes: ['serial', 'concurrent'], runs: 2, warmup: 1 }),
      {
        onRunStart: (r) => started.push(`${r.mode}${r.warmup ? '-warmup' : ''}`),
      },
    );
    expect(started).toEqual(['serial-warmup', 'concurrent-warmup', 'serial', 'concurrent', 'serial', 'concurrent']);
    expect(outcome.order).toEqual(['serial', 'concurrent', 'serial', 'concurrent']);
    expect(outcome.runs.serial!.map((r) => r.sequence)).toEqual([2, 4]);
    expect(outcome.runs.concurrent!.map((r) => r.sequence)).toEqual([3, 5]);
  });

  it('runs the serial loop on one reused connection, and each run on a fresh one', async () => {
    const outcome = await runSession(sessionPlan(pages([0, 0, 0, 0]), { modes: ['serial'], runs: 2 }));
    for (const run of outcome.runs.serial!) {
      expect(Array.from(run.results).map((r: FetchResult) => r.phases.reused)).toEqual([false, true, true, true]);
    }
  });

  it('times the phases of every request, also those that waited in the pool for a connection', async () => {
    const outcome = await runSession(sessionPlan(pages(Array(12).fill(50)), { concurrency: 3, modes: ['concurrent'] }));
    const results = Array.from(outcome.runs.concurrent![0]!.results);
    expect(results.every((r: FetchResult) => r.phases.reused !== null && r.phases.firstByteMs !== null)).toBe(true);
    expect(results.filter((r: FetchResult) => r.phases.reused === false)).toHaveLength(3);
  });

  it('records how long each concurrent request queued for a slot', async () => {
    const outcome = await runSession(sessionPlan(pages([100, 100]), { concurrency: 1, modes: ['concurrent'] }));
    const [first, second] = outcome.runs.concurrent![0]!.results;
    expect(first!.queuedMs).toBeLessThan(50);
    expect(second!.queuedMs).toBeGreaterThanOrEqual(95);
  });

  it('records no wait when a slot is free (issue 19: queuedMs used to equal startMs)', async () => {
    const outcome = await runSession(sessionPlan(pages([50, 50, 50]), { concurrency: 4, modes: ['concurrent'] }));
    for (const result of outcome.runs.concurrent![0]!.results) expect(result.queuedMs).toBeLessThan(5);
  });
});
