import { describe, expect, it } from 'vitest';
import {
  detectableRatio,
  logMeanInterval,
  logRatioInterval,
  studentTQuantile,
  welchLogRatioInterval,
} from '../../src/core/intervals.js';

/** |actual − expected| within a relative tolerance: quantiles span 1e-10 to 1e150, so absolute digits mislead. */
function expectRelative(actual: number | null | undefined, expected: number, tolerance: number): void {
  expect(actual).toEqual(expect.any(Number));
  expect(Math.abs(actual! - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('studentTQuantile', () => {
  it.each([
    // Published two-sided 95% and 99% points (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2), to 6 decimals.
    [0.975, 1, 12.706205],
    [0.975, 2, 4.302653],
    [0.975, 4, 2.776445],
    [0.975, 9, 2.262157],
    [0.975, 30, 2.042272],
    [0.995, 5, 4.032143],
  ])('t(%f, %d) matches the table value %f', (p, df, expected) => {
    expectRelative(studentTQuantile(p, df), expected, 1e-6);
  });

  it('tends to the normal quantile 1.959964 as df grows', () => {
    for (const df of [1e7, 1e12, 1e300, Number.POSITIVE_INFINITY])
      expectRelative(studentTQuantile(0.975, df), 1.959964, 1e-6);
  });

  it('takes a non-integer df, as Welch needs', () => {
    // 50-digit mpmath root of the CDF 1 − I_{df/(df+t²)}(df/2, 1/2) / 2; 3888/784 is the Welch df of the example below.
    expectRelative(studentTQuantile(0.975, 2.5), 3.57465484200368, 1e-12);
    expectRelative(studentTQuantile(0.975, 3888 / 784), 2.57695844900906, 1e-12);
    expectRelative(studentTQuantile(0.975, 7.3), 2.3450667365477, 1e-12);
    expectRelative(studentTQuantile(0.9, 0.5), 10.2703244102345, 1e-12);
  });

  it('agrees with the closed forms for df = 1 (Cauchy) and df = 2, far into the tails', () => {
    // df = 1: t = tan(π(p − ½)) = −cot(πp), the cotangent form keeping its digits near p = 0 and 1, and ≈ −1/(πp)
    // for tiny p; df = 2: t = (2p − 1) / √(2p(1 − p)).
    for (const p of [1e-6, 0.001, 0.1, 0.3, 0.49, 0.6, 0.9, 0.999]) {
      expectRelative(studentTQuantile(p, 1), -1 / Math.tan(Math.PI * p), 1e-12);
      expectRelative(studentTQuantile(p, 2), (2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 1e-12);
    }
    expectRelative(studentTQuantile(1e-300, 1), -1 / (Math.PI * 1e-300), 1e-12);
    expectRelative(studentTQuantile(1e-100, 2), -1 / Math.sqrt(2e-100), 1e-12);
  });

  it('keeps its precision next to the median, where t is tiny', () => {
    // tan(π · 1e-10) = π · 1e-10 to 1e-20; p − 0.5 is the exact offset of the double nearest 0.5 + 1e-10.
    const p = 0.5 + 1e-10;
    expectRelative(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-12);
    expect(studentTQuantile(0.5, 3)).toBe(0);
  });

  it('is antisymmetric: t(1 − p) = −t(p)', () => {
    for (const df of [0.7, 1, 3, 4.959, 12, 1000]) {
      for (const p of [1e-9, 0.005, 0.025, 0.2, 0.4999]) {
        // 1 − p rounds, but 1 − (1 − p) is exact (Sterbenz), so `lower` and `upper` are true complements.
        const upper = 1 - p;
        const lower = 1 - upper;
        expectRelative(studentTQuantile(upper, df), -studentTQuantile(lower, df), 1e-12);
      }
    }
  });

  it('refuses a p outside (0, 1) and a df that is not positive', () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => studentTQuantile(p, 3)).toThrow(RangeError);
    for (const df of [0, -1, Number.NaN]) expect(() => studentTQuantile(0.975, df)).toThrow(RangeError);
  });
});

describe('logRatioInterval', () => {
  it('is exp(mean ± t · s / √n) of the log ratios', () => {
    // Ratios e^0.6, e^0.7, e^0.8: logs 0.6, 0.7, 0.8, mean 0.7, s = 0.1, n = 3, t(0.975, 2) = 4.302653;
    // half-width 4.302653 · 0.1 / √3 = 0.248414, so [e^0.451586, e^0.948414] = [1.570802, 2.581611].
    const interval = logRatioInterval([Math.exp(0.6), Math.exp(0.7), Math.exp(0.8)]);
    expect(interval?.confidence).toBe(0.95);
    expectRelative(interval?.low, 1.57080186156129, 1e-12);
    expectRelative(interval?.high, 2.58161138338227, 1e-12);
  });

  it('widens with the confidence asked for', () => {
    const ratios = [1.8, 2.1, 2.4, 2.0];
    const narrow = logRatioInterval(ratios, 0.8)!;
    const wide = logRatioInterval(ratios, 0.99)!;
    expect(wide.confidence).toBe(0.99);
    expect(wide.low).toBeLessThan(narrow.low);
    expect(wide.high).toBeGreaterThan(narrow.high);
  });

  it('is null with fewer than two ratios or any ratio that is not finite and positive', () => {
    expect(logRatioInterval([])).toBeNull();
    expect(logRatioInterval([2])).toBeNull();
    for (const bad of [0, -2, Number.NaN, Number.POSITIVE_INFINITY]) expect(logRatioInterval([2, 2.1, bad])).toBeNull();
  });

  it('refuses a confidence outside (0, 1)', () => {
    for (const confidence of [0, 1, 95]) expect(() => logRatioInterval([2, 2.1], confidence)).toThrow(RangeError);
  });
});

describe('logMeanInterval', () => {
  it('is an interval of the geometric mean', () => {
    // 100, 110, 121: logs ln 100 + (0, 1, 2) · ln 1.1, geometric mean 110, s = ln 1.1 = 0.0953102;
    // half-width 4.302653 · 0.0953102 / √3 = 0.236764, so 110 · e^∓0.236764 = [86.809560, 139.385570].
    const interval = logMeanInterval([121, 100, 110]);
    expectRelative(interval?.low, 86.8095599979519, 1e-12);
    expectRelative(interval?.high, 139.385569979683, 1e-12);
  });

  it('is the zero-width interval at the value when every sample is equal', () => {
    expect(logMeanInterval([812.5, 812.5, 812.5])).toEqual({ low: 812.5, high: 812.5, confidence: 0.95 });
  });

  it('is null with fewer than two samples or a sample that is not finite and positive', () => {
    expect(logMeanInterval([5])).toBeNull();
    expect(logMeanInterval([5, 0])).toBeNull();
    expect(logMeanInterval([5, -1])).toBeNull();
  });
});

describe('welchLogRatioInterval', () => {
  it('is exp(d ± t(ν) · se) with the Welch–Satterthwaite df', () => {
    // before 100, 110, 121: mean log ln 100 + L (L = ln 1.1), variance L², so v/n = L²/3.
    // after 200, 220, 242, 266.2: mean log ln 200 + 1.5 L, variance L² · 5/3, so v/n = L² · 5/12.
    // d = ln 2 + 0.5 L = 0.740802 (ratio of geometric means 2 · √1.1 = 2.097618); se² = L² · 3/4, se = 0.082541;
    // ν = (3/4)² / ((5/12)²/3 + (1/3)²/2) = 3888/784 = 4.959184, t(0.975, ν) = 2.576958;
    // exp(0.740802 ∓ 2.576958 · 0.082541) = [1.695703, 2.594794].
    const interval = welchLogRatioInterval([100, 110, 121], [200, 220, 242, 266.2]);
    expectRelative(interval?.low, 1.69570307426176, 1e-12);
    expectRelative(interval?.high, 2.59479390394783, 1e-12);
  });

  it('is the ratio interval of after / before: swapping the sides inverts it', () => {
    const before = [100, 104, 97, 111];
    const after = [130, 121, 126];
    const forward = welchLogRatioInterval(before, after)!;
    const backward = welchLogRatioInterval(after, before)!;
    expectRelative(backward.low, 1 / forward.high, 1e-12);
    expectRelative(backward.high, 1 / forward.low, 1e-12);
  });

  it('is the zero-width interval at the exact ratio when both sides are constant', () => {
    expect(welchLogRatioInterval([300, 300], [330, 330, 330])).toEqual({ low: 1.1, high: 1.1, confidence: 0.95 });
  });

  it('takes the other side alone when one side is constant: ν = n − 1 of the other', () => {
    // se² = L²/3 from the after side only, ν = 2: the one-sample interval of the after side, over 100.
    const welch = welchLogRatioInterval([100, 100, 100], [100, 110, 121])!;
    const oneSample = logMeanInterval([100, 110, 121])!;
    expectRelative(welch.low, oneSample.low / 100, 1e-12);
    expectRelative(welch.high, oneSample.high / 100, 1e-12);
  });

  it('is null with fewer than two samples on either side or a sample that is not positive', () => {
    expect(welchLogRatioInterval([100], [110, 120])).toBeNull();
    expect(welchLogRatioInterval([100, 105], [110])).toBeNull();
    expect(welchLogRatioInterval([100, 0], [110, 120])).toBeNull();
    expect(welchLogRatioInterval([100, 105], [110, -120])).toBeNull();
  });
});

describe('detectableRatio', () => {
  it('is the factor the one-sample interval reaches either side of the geometric mean', () => {
    // 100, 110, 121: exp(4.302653 · ln 1.1 / √3) = e^0.236764 = 1.267142, printed as ±26.7%.
    expectRelative(detectableRatio([100, 110, 121]), 1.26714154526984, 1e-12);
    const interval = logMeanInterval([100, 110, 121])!;
    expectRelative(interval.high / 110, detectableRatio([100, 110, 121])!, 1e-12);
    expectRelative(110 / interval.low, detectableRatio([100, 110, 121])!, 1e-12);
  });

  it('shrinks as rounds are added at the same spread', () => {
    const spread = [100, 110, 121, 100, 110, 121];
    expect(detectableRatio(spread)!).toBeLessThan(detectableRatio(spread.slice(0, 3))!);
  });

  it('is 1 for constant samples and null for too few or non-positive ones', () => {
    expect(detectableRatio([5, 5, 5])).toBe(1);
    expect(detectableRatio([5])).toBeNull();
    expect(detectableRatio([5, 0])).toBeNull();
  });
});

describe('the README’s worked example (issue 14)', () => {
  it('3 rounds with ratios 2.10, 2.00, 2.05 give 1.93×–2.18×', () => {
    const interval = logRatioInterval([2.1, 2.0, 2.05])!;
    expect(interval.low).toBeCloseTo(1.929, 3);
    expect(interval.high).toBeCloseTo(2.178, 3);
  });
});
