/**
 * Issue 12: each diagnosis from a real loopback server built to show exactly that condition, through the
 * built CLI; a healthy server gets none. The same conditions, simulated with a known truth, are in
 * test/unit/diagnosis.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Diagnosis, Report } from '../../src/core/types.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import {
  startConnectionCountingServer,
  startOneAtATimeServer,
  startSmallBacklogServer,
  startTwoWriteServer,
  type TestServer,
} from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const pages = (base: string, n: number, query = ''): string[] =>
  Array.from({ length: n }, (_, i) => `${base}${query === '' ? `p${i}` : `page?${query}&i=${i}`}`);

async function measure(urls: string[], args: string[] = [], nodeArgs: string[] = []): Promise<Report> {
  const { code, stdout, stderr } = await runCli([...urls, '--json', ...args], { nodeArgs, timeoutMs: 60_000 });
  expect(stderr).not.toMatch(STACK_LINE);
  expect([0, 1]).toContain(code);
  return parseReport(stdout);
}

const named = (report: Report, code: string): Diagnosis | undefined => report.diagnosis.find((d) => d.code === code);

describe('diagnosis from real servers (issue 12)', () => {
  it('says nothing about a healthy server', { timeout: 60_000 }, async () => {
    const report = await measure(pages(workspace.baseUrl, 10, 'delay=100&bytes=20000'), ['--runs', '3']);
    expect(report.comparison!.efficiency!).toBeGreaterThan(0.5);
    expect(report.diagnosis).toEqual([]);
  });

  describe('CONNECT_STALL: a server with a tiny accept backlog', () => {
    let server: TestServer;
    beforeAll(async () => (server = await startSmallBacklogServer()));
    afterAll(() => server.close());

    it(
      'names the stalled connections and the share of the gap they explain, and blames no one else',
      { timeout: 60_000 },
      async () => {
        const report = await measure(pages(server.url, 10), ['-c', '10']);
        const stall = named(report, 'CONNECT_STALL');
        expect(stall, JSON.stringify(report.diagnosis)).toBeDefined();
        expect(stall!.mode).toBe('concurrent');
        expect(stall!.evidence.stalledConnections).toBeGreaterThanOrEqual(1);
        expect(stall!.evidence.medianStallMs).toBeGreaterThanOrEqual(900);
        expect(stall!.evidence.explainedShare).toBeGreaterThan(0.5);
        expect(stall!.message).toMatch(/^\d+ of \d+ connections took 900 ms or more to open/);
        expect(named(report, 'SERVER_SERIALIZES')).toBeUndefined();
      },
    );
  });

  describe('SERVER_SERIALIZES: a server that works on one request at a time', () => {
    let server: TestServer;
    beforeAll(async () => (server = await startOneAtATimeServer(100)));
    afterAll(() => server.close());

    it('gives its effective concurrency against the requests in flight', { timeout: 60_000 }, async () => {
      const report = await measure(pages(server.url, 5), ['-c', '5', '--runs', '3']);
      const found = named(report, 'SERVER_SERIALIZES');
      expect(found, JSON.stringify(report.diagnosis)).toBeDefined();
      expect(found!.evidence.effectiveConcurrency).toBeLessThan(1.5);
      expect(found!.evidence.meanInFlight).toBeGreaterThanOrEqual(2);
      expect(found!.evidence.concurrentFirstByteMs as number).toBeGreaterThan(
        found!.evidence.serialFirstByteMs as number,
      );
    });
  });

  it(
    'QUEUE_BOUND: names the limit that set the pace and what a larger one would buy',
    { timeout: 60_000 },
    async () => {
      const report = await measure(pages(workspace.baseUrl, 8, 'delay=100'), ['-c', '2', '--runs', '3']);
      const found = named(report, 'QUEUE_BOUND');
      expect(found, JSON.stringify(report.diagnosis)).toBeDefined();
      expect(found!.evidence).toMatchObject({ concurrency: 2, suggestedConcurrency: 8 });
      expect(found!.evidence.idealUnlimitedWallMs as number).toBeLessThan((found!.evidence.idealWallMs as number) / 2);
    },
  );

  it('CLIENT_BOUND: says when corofetch itself was busy', { timeout: 60_000 }, async () => {
    // Keeps corofetch's own event loop busy 40 ms of every 50: its timings then measure this process.
    const hog = `data:text/javascript,${encodeURIComponent(
      'setInterval(() => { const end = Date.now() + 40; while (Date.now() < end); }, 50).unref();',
    )}`;
    const report = await measure(pages(workspace.baseUrl, 6, 'delay=100'), ['--runs', '2'], ['--import', hog]);
    const found = report.diagnosis.filter((d) => d.code === 'CLIENT_BOUND');
    expect(found.length, JSON.stringify(report.diagnosis)).toBeGreaterThanOrEqual(1);
    expect(found[0]!.evidence.loopDelayP99Ms).toBeGreaterThanOrEqual(20);
    expect(report.modes.concurrent!.client!.loopDelayMs!.p99).toBeGreaterThanOrEqual(20);
  });

  describe('IDEAL_EXCEEDED: a server that answers in two small writes with Nagle on', () => {
    let server: TestServer;
    beforeAll(async () => (server = await startTwoWriteServer(100)));
    afterAll(() => server.close());

    it(
      'explains an efficiency above 100% by the reused connection, and --connections fresh removes it',
      { timeout: 60_000 },
      async () => {
        const reused = await measure(pages(server.url, 5), ['-c', '5', '--runs', '3']);
        expect(reused.comparison!.efficiency!).toBeGreaterThan(1.05);
        const found = named(reused, 'IDEAL_EXCEEDED');
        expect(found, JSON.stringify(reused.diagnosis)).toBeDefined();
        expect(found!.message).toMatch(/--connections fresh/);
        expect(found!.evidence.serialReusedShare).toBeGreaterThan(0.5);

        const fresh = await measure(pages(server.url, 5), ['-c', '5', '--runs', '3', '--connections', 'fresh']);
        expect(fresh.options.connections).toBe('fresh');
        expect(fresh.comparison!.efficiency!).toBeLessThan(1.05);
        expect(named(fresh, 'IDEAL_EXCEEDED')).toBeUndefined();
      },
    );
  });
});

describe('--connections (issue 12)', () => {
  let server: Awaited<ReturnType<typeof startConnectionCountingServer>>;
  beforeAll(async () => (server = await startConnectionCountingServer()));
  afterAll(() => server.close());

  it('reuse keeps one connection for the serial loop; fresh opens one per request, in both modes', async () => {
    const urls = pages(server.url, 6);
    await measure(urls, ['--mode', 'serial']);
    expect(server.connections()).toBe(1);
    await measure(urls, ['--connections', 'fresh']);
    expect(server.connections()).toBe(1 + 12);
  });
});
