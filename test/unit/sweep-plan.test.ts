import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/core/errors.js';
import { findKnee, type SweepLevel } from '../../src/core/sweep-analysis.js';
import { defaultLevels, parseLevels, passesFor, planSweep } from '../../src/core/sweep-plan.js';

describe('--levels (issue 16)', () => {
  it('reads lists, geometric and arithmetic ranges, sorted and without repeats', () => {
    expect(parseLevels('1,2,4,8')).toEqual([1, 2, 4, 8]);
    expect(parseLevels('1..64:x2')).toEqual([1, 2, 4, 8, 16, 32, 64]);
    expect(parseLevels('1..10:x3')).toEqual([1, 3, 9, 10]);
    expect(parseLevels('10..50:+10')).toEqual([10, 20, 30, 40, 50]);
    expect(parseLevels('8, 1, 2..4, 8')).toEqual([1, 2, 3, 4, 8]);
  });

  it('takes any text and gives levels or one InputError naming --levels, never another error', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.stringMatching(/^[0-9.,:x+ ]{0,20}$/)), (text) => {
        try {
          const levels = parseLevels(text);
          expect(levels.length).toBeGreaterThan(0);
          expect(levels.length).toBeLessThanOrEqual(64);
          for (const c of levels) expect(Number.isInteger(c) && c >= 1 && c <= 10_000).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(InputError);
          expect((err as Error).message).toMatch(/^--levels: [^\n]+$/);
        }
      }),
      { numRuns: 500, seed: 16 },
    );
  });

  it('defaults to powers of two up to 64, whatever the list length (a level goes round the list)', () => {
    expect(defaultLevels()).toEqual([1, 2, 4, 8, 16, 32, 64]);
  });

  it('repeats a short list to 8 requests per slot', () => {
    expect(passesFor(1, 1)).toBe(8);
    expect(passesFor(16, 3)).toBe(43);
    expect(passesFor(4, 1_000)).toBe(1);
  });
});

describe('planSweep (issue 16)', () => {
  it('runs every level once per round, shuffled per round by the seed, after the warm-ups', () => {
    const options = { levels: [1, 2, 4, 8, 16], reps: 4, warmup: 1, order: 'shuffled' as const, seed: 7 };
    const steps = planSweep(options);
    expect(steps.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((level) => ({ level, round: 0 })));
    const rounds = [1, 2, 3, 4].map((r) => steps.filter((s) => s.round === r).map((s) => s.level));
    for (const order of rounds) expect([...order].sort((a, b) => a - b)).toEqual([1, 2, 4, 8, 16]);
    expect(new Set(rounds.map((order) => order.join())).size).toBeGreaterThan(1);
    expect(planSweep(options)).toEqual(steps);
    expect(planSweep({ ...options, seed: 8 })).not.toEqual(steps);
    expect(
      planSweep({ ...options, order: 'ascending' })
        .filter((s) => s.round === 3)
        .map((s) => s.level),
    ).toEqual([1, 2, 4, 8, 16]);
  });
});

describe('findKnee (issue 16)', () => {
  const level = (c: number, rps: number, spread = 0.02, excluded = false): SweepLevel => ({
    level: c,
    passes: 1,
    requestsPerRound: 8 * c,
    rounds: 3,
    rps,
    rpsInterval: { low: rps * (1 - spread), high: rps * (1 + spread), confidence: 0.95 },
    bytesPerSecond: null,
    speedup: null,
    speedupInterval: null,
    idealSpeedup: null,
    efficiency: null,
    requestMs: null,
    failedRequests: excluded ? 1 : 0,
    errors: {},
    excluded,
    client: { cpuShare: 0.1, loopDelayP99Ms: null, busy: false },
  });

  it('is the smallest level within the tolerance of the best, wherever the best falls on the plateau', () => {
    const plateau = [level(1, 40), level(2, 80), level(4, 160), level(8, 240), level(16, 238), level(32, 243)];
    expect(findKnee(plateau, 0.1).level).toBe(8);
    expect(findKnee(plateau, 0.1).bestLevel).toBe(32);
  });

  it('goes by the centres: a noisy level whose interval overlaps the best one is not the knee for that', () => {
    const noisy = [level(1, 40, 0.9), level(2, 80), level(4, 200, 0.3), level(8, 240), level(16, 250)];
    expect(findKnee(noisy, 0.1).level).toBe(8);
    expect(findKnee([level(1, 40), level(2, 80), level(4, 200, 0.02), level(8, 240), level(16, 250)], 0.1).level).toBe(
      8,
    );
  });

  it('is none when the curve still rises at the last level', () => {
    expect(findKnee([level(1, 40), level(2, 80), level(4, 160)], 0.1).level).toBeNull();
  });

  it('leaves a level with failures out', () => {
    const knee = findKnee([level(1, 40), level(2, 80), level(4, 300, 0.02, true), level(8, 100), level(16, 101)], 0.1);
    expect(knee.level).toBe(8);
  });
});
