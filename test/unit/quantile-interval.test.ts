/**
 * The order-statistic interval of a median or a percentile (QA of issue 12: a percentile gate passed with
 * its pooled figure over the limit, because its interval was of another figure). Proven by simulation with
 * a known truth: the interval covers the true quantile at least as often as it says.
 */
import { describe, expect, it } from 'vitest';
import { binomialCdf, quantileInterval } from '../../src/core/intervals.js';
import { buildReport } from '../../src/core/report.js';
import { percentiles } from '../../src/core/stats.js';
import { thresholdSpec } from '../../src/core/thresholds.js';
import { seededDraws } from '../../src/core/random.js';
import { reportInput, result, runRecord } from '../helpers/results.js';

describe('binomialCdf', () => {
  it('matches exact values, and the normal approximation past 5,000 trials', () => {
    expect(binomialCdf(0, 5, 0.5)).toBeCloseTo(1 / 32, 12);
    expect(binomialCdf(2, 5, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialCdf(98, 100, 0.99)).toBeCloseTo(1 - 0.99 ** 100 - 100 * 0.01 * 0.99 ** 99, 10);
    expect(binomialCdf(5_000, 10_000, 0.5)).toBeCloseTo(0.504, 3);
  });
});

describe('quantileInterval', () => {
  it('covers the true quantile at least as often as its stated confidence: 2,000 seeded trials per case', () => {
    const draws = seededDraws(1212);
    // Lognormal times with median 100 ms and a heavy right tail (σ 0.5): the true p-quantile is known.
    const z = { 0.5: 0, 0.95: 1.6448536269514722 } as const;
    for (const p of [0.5, 0.95] as const) {
      const truth = 100 * Math.exp(0.5 * z[p]);
      for (const n of [5, 20, 100, 400]) {
        let covered = 0;
        let stated = 0;
        let bounded = 0;
        for (let t = 0; t < 2000; t++) {
          const sample = Array.from({ length: n }, () => 100 * Math.exp(0.5 * draws.normal()));
          const interval = quantileInterval(sample, p)!;
          stated += interval.confidence;
          if (interval.high !== null) bounded += 1;
          if (interval.low <= truth && (interval.high === null || truth <= interval.high)) covered += 1;
        }
        // The stated confidence is exact for continuous data; 2,000 trials leave about ±1% of noise.
        expect(covered / 2000, `p ${p}, n ${n}`).toBeGreaterThanOrEqual(stated / 2000 - 0.02);
        expect(stated / 2000).toBeGreaterThanOrEqual(0.9);
        // 20 samples cannot bound a p95 from above; 100 can.
        if (p === 0.95) expect(bounded > 0).toBe(n >= 100);
      }
    }
  });

  it('always contains the nearest-rank figure the report prints', () => {
    const draws = seededDraws(7);
    for (let t = 0; t < 500; t++) {
      const n = 1 + Math.floor(draws.uniform() * 300);
      const sample = Array.from({ length: n }, () => Math.round(draws.uniform() * 1000));
      for (const p of [0.5, 0.95, 0.99] as const) {
        const figure = percentiles(sample)[p === 0.5 ? 'p50' : p === 0.95 ? 'p95' : 'p99'];
        const interval = quantileInterval(sample, p)!;
        expect(interval.low).toBeLessThanOrEqual(figure);
        if (interval.high !== null) expect(interval.high).toBeGreaterThanOrEqual(figure);
      }
    }
  });

  it('never lets a percentile gate pass when the figure it prints is over the limit (the QA case)', () => {
    // 20 rounds of 5 requests; every 25th request takes 200 ms instead of 100: the pooled p99 is 200.
    let i = 0;
    const runs = Array.from({ length: 20 }, () =>
      runRecord(
        200,
        Array.from({ length: 5 }, () => result({ durationMs: i++ % 25 === 24 ? 200 : 100 })),
      ),
    );
    const report = buildReport(
      reportInput({ concurrent: runs }, { thresholds: [thresholdSpec('concurrent.request.p99', '<', 150)] }),
    );
    const [check] = report.thresholds;
    expect(check!.actual).toBe(200);
    expect(check!.outcome).not.toBe('passed');
    expect(check!.passed ? check!.outcome : 'failed-or-inconclusive').not.toBe('passed');
  });
});
