import { describe, expect, it } from 'vitest';
import { seededDraws } from '../../src/core/random.js';
import { bootstrapIntervals, fitBounded, fitUsl, type SweepPoint } from '../../src/core/sweep-fit.js';

const LEVELS = [1, 2, 4, 8, 16, 32, 64];

/** Three rounds per level of a known curve, each with log-normal noise of `noise` (0.03: about 3%). */
function simulate(curve: (c: number) => number, seed: number, noise = 0.03, levels = LEVELS): SweepPoint[] {
  const draws = seededDraws(seed);
  return levels.flatMap((level) =>
    [0, 1, 2].map(() => ({ level, throughput: curve(level) * Math.exp(noise * draws.normal()) })),
  );
}

const bounded = (k: number) => (c: number) => 50 * Math.min(c, k);
const usl = (sigma: number, kappa: number) => (c: number) => (50 * c) / (1 + sigma * (c - 1) + kappa * c * (c - 1));

describe('sweep fits (issue 16): recovered from simulations with a known truth', () => {
  it('finds K of a bounded server, also between grid levels, and prefers the bounded model by AICc', () => {
    for (const k of [3, 6, 12, 24]) {
      let chosenBounded = 0;
      for (let seed = 1; seed <= 30; seed++) {
        const points = simulate(bounded(k), seed * 101 + k);
        const b = fitBounded(points);
        const u = fitUsl(points);
        expect(b.k).toBeGreaterThan(k * 0.9);
        expect(b.k).toBeLessThan(k * 1.1);
        expect(b.lambda).toBeGreaterThan(45);
        expect(b.lambda).toBeLessThan(55);
        if (b.aicc < u.aicc) chosenBounded += 1;
      }
      expect(chosenBounded).toBeGreaterThanOrEqual(28);
    }
  });

  it('recovers σ, κ and c* of a USL curve within their bootstrap intervals in most trials (coverage)', () => {
    const truth = { sigma: 0.05, kappa: 0.002, peak: Math.sqrt(0.95 / 0.002) };
    const trials = 40;
    const covered = { sigma: 0, kappa: 0, peak: 0 };
    let chosenUsl = 0;
    for (let seed = 1; seed <= trials; seed++) {
      const points = simulate(usl(truth.sigma, truth.kappa), seed);
      const fit = fitUsl(points);
      if (fit.aicc < fitBounded(points).aicc) chosenUsl += 1;
      const intervals = bootstrapIntervals(
        points,
        fitUsl,
        (f) => ({ sigma: f.sigma, kappa: f.kappa, peak: f.peak }),
        seed,
        100,
      );
      for (const name of ['sigma', 'kappa', 'peak'] as const) {
        const interval = intervals[name];
        if (interval !== undefined && interval.low <= truth[name] && truth[name] <= interval.high) covered[name] += 1;
      }
    }
    // A percentile bootstrap over three rounds is narrower than a 95% interval should be; 80% is the floor.
    for (const name of ['sigma', 'kappa', 'peak'] as const) expect(covered[name] / trials).toBeGreaterThanOrEqual(0.8);
    expect(chosenUsl / trials).toBeGreaterThanOrEqual(0.9);
  }, 120_000);

  it('keeps σ and κ inside [0, 1] and flags one left at an edge (Amdahl: κ = 0)', () => {
    const exact = fitUsl(simulate(usl(0.1, 0), 5, 0));
    expect(exact.kappa).toBe(0);
    expect(exact.peak).toBeNull();
    expect(exact.sigma).toBeCloseTo(0.1, 4);
    expect(exact.atBound).toEqual(['kappa']);
    for (let seed = 1; seed <= 20; seed++) {
      const noisy = fitUsl(simulate(usl(0.1, 0), seed, 0.03));
      expect(noisy.kappa).toBeGreaterThanOrEqual(0);
      expect(noisy.kappa).toBeLessThan(1e-3);
      expect(noisy.sigma).toBeGreaterThan(0.06);
      expect(noisy.sigma).toBeLessThan(0.14);
    }
    const contention = fitUsl(simulate(() => 50, 3, 0));
    expect(contention.sigma).toBe(1);
    expect(contention.atBound).toContain('sigma');
  });

  it('says K is at the top of the range when throughput never stops growing', () => {
    const fit = fitBounded(simulate((c) => 50 * c, 9));
    expect(fit.kAtBound).toBe(true);
  });
});
