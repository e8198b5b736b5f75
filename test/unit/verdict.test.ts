import { describe, expect, it } from 'vitest';
import { compareModes, decideExitCode } from '../../src/core/verdict.js';
import { buildReport } from '../../src/core/report.js';
import type { ThresholdCheck } from '../../src/core/types.js';
import { reportInput, runsOf } from '../helpers/results.js';

describe('compareModes', () => {
  const modes = (serial: number[], concurrent: number[], durationMs = 100) =>
    buildReport(reportInput({ serial: runsOf(serial, 4, durationMs), concurrent: runsOf(concurrent, 4, durationMs) }))
      .modes;

  it('gives the speedup as the geometric mean of the rounds’ ratios, and every ratio', () => {
    const { serial, concurrent } = modes([400, 420, 410], [100, 140, 105]);
    const c = compareModes(serial!, concurrent!, 16);
    expect(c.pairRatios).toEqual([4, 3, 410 / 105]);
    expect(c.speedup).toBeCloseTo(Math.cbrt(4 * 3 * (410 / 105)), 10);
    expect([c.pairMin, c.pairMax]).toEqual([3, 4]);
  });

  it('takes the in-order ideal from the serial per-URL medians, with the bound and the slowest-first order', () => {
    const { serial, concurrent } = modes([400], [200], 100);
    expect(compareModes(serial!, concurrent!, 2)).toMatchObject({
      idealWallMs: 200,
      lowerBoundWallMs: 200,
      slowestFirstWallMs: 200,
      idealSpeedup: 2,
      efficiency: 1,
    });
    expect(compareModes(serial!, concurrent!, 4)).toMatchObject({ idealWallMs: 100, efficiency: 0.5 });
    // 3 URLs at c = 2 take two waves: the ideal is 200 ms, not 150 (issue 14).
    const three = buildReport(reportInput({ serial: runsOf([300], 3, 100), concurrent: runsOf([200], 3, 100) })).modes;
    expect(compareModes(three.serial!, three.concurrent!, 2)).toMatchObject({
      idealWallMs: 200,
      lowerBoundWallMs: 150,
      efficiency: 1,
    });
  });

  it('has a t-interval on the log ratios from 2 rounds, and a note with one', () => {
    const one = modes([400], [100]);
    expect(compareModes(one.serial!, one.concurrent!, 16)).toMatchObject({
      note: expect.stringMatching(/1 round: no interval/),
    });
    expect(compareModes(one.serial!, one.concurrent!, 16)).not.toHaveProperty('speedupInterval');
    const three = modes([400, 410, 405], [100, 110, 101]);
    const c = compareModes(three.serial!, three.concurrent!, 16);
    expect(c).not.toHaveProperty('note');
    expect(c.speedupInterval).toMatchObject({ method: 't-log-ratio', confidence: 0.95 });
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
