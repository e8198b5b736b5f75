import { describe, expect, it } from 'vitest';
import { compareModes, decideExitCode, idealWallMs } from '../../src/core/verdict.js';
import { buildReport } from '../../src/core/report.js';
import type { ThresholdCheck } from '../../src/core/types.js';
import { reportInput, runsOf } from '../helpers/results.js';

describe('idealWallMs', () => {
  it('is the longest request when slots cover every request', () => {
    expect(idealWallMs([300, 500, 800], 16)).toBe(800);
  });

  it('is the work spread over the slots when that exceeds the longest request', () => {
    expect(idealWallMs([300, 300, 300, 300, 300, 300, 300, 300], 2)).toBe(1200);
  });

  it('is 0 for no requests', () => {
    expect(idealWallMs([], 4)).toBe(0);
  });

  it('copes with long lists', () => {
    expect(
      idealWallMs(
        Array.from({ length: 200_000 }, () => 1),
        100,
      ),
    ).toBe(2000);
  });
});

describe('compareModes', () => {
  const modes = (serial: number[], concurrent: number[], durationMs = 100) =>
    buildReport(reportInput({ serial: runsOf(serial, 4, durationMs), concurrent: runsOf(concurrent, 4, durationMs) }))
      .modes;

  it('gives the speedup as a ratio of medians and every pair ratio', () => {
    const { serial, concurrent } = modes([400, 420, 410], [100, 140, 105]);
    const c = compareModes(serial!, concurrent!, 16);
    expect(c.speedup).toBeCloseTo(410 / 105, 10);
    expect(c.pairRatios).toEqual([4, 3, 410 / 105]);
    expect([c.pairMin, c.pairMax]).toEqual([3, 4]);
  });

  it('takes the ideal from the serial per-URL medians and the concurrency', () => {
    const { serial, concurrent } = modes([400], [200], 100);
    expect(compareModes(serial!, concurrent!, 2)).toMatchObject({ idealWallMs: 200, idealSpeedup: 2, efficiency: 1 });
    expect(compareModes(serial!, concurrent!, 4)).toMatchObject({ idealWallMs: 100, efficiency: 0.5 });
  });

  it('has an interval only from 3 paired runs, and a note below that', () => {
    const two = modes([400, 410], [100, 110]);
    expect(compareModes(two.serial!, two.concurrent!, 16)).toMatchObject({
      note: expect.stringMatching(/2 runs per mode: no confidence interval/),
    });
    expect(compareModes(two.serial!, two.concurrent!, 16)).not.toHaveProperty('speedupInterval');
    const three = modes([400, 410, 405], [100, 110, 101]);
    const c = compareModes(three.serial!, three.concurrent!, 16);
    expect(c).not.toHaveProperty('note');
    expect(c.speedupInterval!.low).toBeLessThanOrEqual(c.speedup!);
    expect(c.speedupInterval!.high).toBeGreaterThanOrEqual(c.speedup!);
  });

  it('gives null rather than Infinity for a zero denominator', () => {
    const { serial, concurrent } = modes([10], [0], 0);
    expect(compareModes(serial!, concurrent!, 16)).toMatchObject({
      speedup: null,
      idealSpeedup: null,
      efficiency: null,
    });
  });
});

describe('decideExitCode', () => {
  const check = (metric: string, passed: boolean): ThresholdCheck => ({
    name: metric,
    expr: `${metric} >= 1`,
    metric,
    op: '>=',
    limit: 1,
    actual: 0,
    passed,
    outcome: passed ? 'passed' : 'failed',
  });

  it.each([
    ['nothing wrong', 0, [], 0],
    ['a passed threshold', 0, [check('speedup', true)], 0],
    ['a failed request', 2, [check('speedup', true)], 1],
    ['a breached threshold', 0, [check('speedup', false)], 3],
    ['both: the failure wins', 1, [check('speedup', false)], 1],
    ['failures judged by a passing failed threshold', 2, [check('failed', true)], 0],
    ['failures judged by a breached failed threshold', 2, [check('failed', false)], 3],
    ['a failed threshold judging, another breached', 2, [check('failed', true), check('speedup', false)], 3],
  ])('%s', (_name, failedCount, thresholds, code) => {
    expect(decideExitCode(failedCount, thresholds)).toBe(code);
  });
});
