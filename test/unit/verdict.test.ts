import { describe, expect, it } from 'vitest';
import { checkThresholds, compareModes, decideExitCode, idealWallMs } from '../../src/core/verdict.js';

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
    expect(idealWallMs(Array.from({ length: 200_000 }, () => 1), 100)).toBe(2000);
  });
});

describe('compareModes', () => {
  it('gives speedup, ideal speedup and efficiency as ratios', () => {
    expect(compareModes(1600, 820, 800)).toEqual({ speedup: 1600 / 820, idealWallMs: 800, idealSpeedup: 2, efficiency: 800 / 820 });
  });

  it('gives null rather than Infinity for a zero denominator', () => {
    expect(compareModes(10, 0, 0)).toMatchObject({ speedup: null, idealSpeedup: null, efficiency: null });
  });
});

describe('checkThresholds', () => {
  const comparison = compareModes(1000, 400, 300);

  it('records nothing when no threshold was asked for', () => {
    expect(checkThresholds({ minSpeedup: null }, comparison)).toEqual([]);
  });

  it('passes at and above the limit and fails below it', () => {
    expect(checkThresholds({ minSpeedup: 2.5 }, comparison)).toEqual([{ name: 'speedup', limit: 2.5, actual: 2.5, passed: true }]);
    expect(checkThresholds({ minSpeedup: 3 }, comparison)[0]).toMatchObject({ actual: 2.5, passed: false });
  });

  it('fails when the figure could not be measured', () => {
    expect(checkThresholds({ minSpeedup: 1 }, undefined)).toEqual([{ name: 'speedup', limit: 1, actual: null, passed: false }]);
  });
});

describe('decideExitCode', () => {
  const passed = { name: 'speedup' as const, limit: 2, actual: 3, passed: true };
  const breached = { ...passed, actual: 1, passed: false };

  it.each([
    [0, [], 0],
    [0, [passed], 0],
    [2, [passed], 1],
    [0, [breached], 3],
    // A failed request outranks a breached threshold.
    [1, [breached], 1],
  ])('failed=%i thresholds=%j gives %i', (failedCount, thresholds, code) => {
    expect(decideExitCode(failedCount, thresholds)).toBe(code);
  });
});
