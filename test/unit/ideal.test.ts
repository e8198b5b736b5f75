import { describe, expect, it } from 'vitest';
import { inOrderMakespanMs, lowerBoundMs, slowestFirstMakespanMs } from '../../src/core/ideal.js';

describe('the in-order ideal (issue 14)', () => {
  it('is the longest request when there is a slot for every request', () => {
    expect(inOrderMakespanMs([300, 500, 800], 3)).toBe(800);
    expect(inOrderMakespanMs([300, 500, 800], 16)).toBe(800);
  });

  it('replays the list through the slots in order: 5 × 100 ms then 500 ms at c = 2', () => {
    // Slot A: 100, 100, 100 → free at 300; slot B: 100, 100 → free at 200; the 500 ms URL takes B at 200,
    // ending at 700. The fetcher cannot do better in this order; the lower bound says 500.
    expect(inOrderMakespanMs([100, 100, 100, 100, 100, 500], 2)).toBe(700);
    expect(lowerBoundMs([100, 100, 100, 100, 100, 500], 2)).toBe(500);
    // Slowest first: A takes 500; B takes the five 100s, ending at 500.
    expect(slowestFirstMakespanMs([100, 100, 100, 100, 100, 500], 2)).toBe(500);
  });

  it('3 × 300 ms at c = 2 takes two waves, 600 ms: 1.5×, not 2×', () => {
    expect(inOrderMakespanMs([300, 300, 300], 2)).toBe(600);
    expect(lowerBoundMs([300, 300, 300], 2)).toBe(450);
  });

  it('is the serial sum at one slot, and 0 for no requests', () => {
    expect(inOrderMakespanMs([1, 2, 3.5], 1)).toBe(6.5);
    expect(inOrderMakespanMs([], 4)).toBe(0);
    expect(lowerBoundMs([], 4)).toBe(0);
  });

  it('takes each next item on the slot that frees first, ties to the same answer', () => {
    // c = 3: 400, 100, 100 start; 100 frees at 100 → next 300 ends 400; other 100 frees at 100 → 50 ends 150,
    // then 200 starts at 150 → 350. Makespan 400.
    expect(inOrderMakespanMs([400, 100, 100, 300, 50, 200], 3)).toBe(400);
  });

  it('never beats the lower bound and never loses to the serial sum', () => {
    let seed = 7;
    const random = (): number => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let trial = 0; trial < 500; trial++) {
      const durations = Array.from({ length: 1 + Math.floor(random() * 30) }, () => Math.round(random() * 1000));
      const slots = 1 + Math.floor(random() * 8);
      const inOrder = inOrderMakespanMs(durations, slots);
      expect(inOrder).toBeGreaterThanOrEqual(lowerBoundMs(durations, slots));
      expect(inOrder).toBeLessThanOrEqual(durations.reduce((a, b) => a + b, 0));
      expect(slowestFirstMakespanMs(durations, slots)).toBeGreaterThanOrEqual(lowerBoundMs(durations, slots));
    }
  });
});
