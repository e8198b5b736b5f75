import { seededDraws } from './random.js';
import { maxOf } from './stats.js';

/** One measured run of a sweep: its concurrency and the requests per second it reached. */
export interface SweepPoint {
  level: number;
  throughput: number;
}

/** X(c) = λ · min(c, K): a server or path that serves at most K requests at once, each at rate λ. */
export interface BoundedFit {
  model: 'bounded';
  lambda: number;
  k: number;
  rss: number;
  aicc: number;
  /** K past the second-highest level: only the last level could show such a bound, so none was seen. */
  kAtBound: boolean;
}

/**
 * X(c) = λc / (1 + σ(c − 1) + κc(c − 1)), Gunther's Universal Scalability Law: σ the share of work that
 * serialises (contention), κ the cost of keeping requests coherent with one another (crosstalk); κ = 0 is
 * Amdahl's law. Its peak is at c* = √((1 − σ) / κ).
 */
export interface UslFit {
  model: 'usl';
  lambda: number;
  sigma: number;
  kappa: number;
  rss: number;
  aicc: number;
  /** c*, or null when κ = 0 (no peak: the curve only flattens). */
  peak: number | null;
  /** Coefficients the solver left at an edge of [0, 1]. */
  atBound: Array<'sigma' | 'kappa'>;
}

export type ModelFit = BoundedFit | UslFit;

/**
 * Residuals are taken on log throughput: run-to-run noise grows with the throughput, so equal relative
 * errors weigh alike (weighted least squares with weights 1/X², which the log scale gives). For fixed
 * shape parameters the best ln λ is then the mean of ln X − ln shape(c): only the shape is searched.
 */
function fitScale(points: readonly SweepPoint[], shape: (c: number) => number): { lambda: number; rss: number } {
  let sum = 0;
  for (const p of points) sum += Math.log(p.throughput) - Math.log(shape(p.level));
  const logLambda = sum / points.length;
  let rss = 0;
  for (const p of points) rss += (Math.log(p.throughput) - Math.log(shape(p.level)) - logLambda) ** 2;
  return { lambda: Math.exp(logLambda), rss };
}

/**
 * Akaike's criterion with the small-sample correction (Hurvich & Tsai 1989) for least squares:
 * n·ln(RSS/n) + 2k + 2k(k + 1)/(n − k − 1), k counting the noise variance too (a model's parameters + 1).
 * The model with the lower value is preferred; with n ≤ k + 1 points it is undefined (Infinity).
 */
export function aicc(rss: number, n: number, parameters: number): number {
  const k = parameters + 1;
  if (n <= k + 1) return Number.POSITIVE_INFINITY;
  // An exact fit has no likelihood to compare; a tiny floor keeps the logarithm finite.
  return n * Math.log(Math.max(rss, 1e-12) / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
}

/** The bounded model by a search over K (λ follows from K), on a log grid over the levels, then refined. */
export function fitBounded(points: readonly SweepPoint[]): BoundedFit {
  const levels = [...new Set(points.map((p) => p.level))].sort((a, b) => a - b);
  const top = maxOf(levels);
  const rssAt = (k: number): number => fitScale(points, (c) => Math.min(c, k)).rss;
  const k = minimise1d(rssAt, 1, top);
  const { lambda, rss } = fitScale(points, (c) => Math.min(c, k));
  const secondHighest = levels.at(-2) ?? top;
  return { model: 'bounded', lambda, k, rss, aicc: aicc(rss, points.length, 2), kAtBound: k > secondHighest };
}

/** The USL by a bounded search over σ, κ ∈ [0, 1] (λ follows from them): a grid, then a shrinking compass search. */
export function fitUsl(points: readonly SweepPoint[]): UslFit {
  const shape =
    (sigma: number, kappa: number) =>
    (c: number): number =>
      c / (1 + sigma * (c - 1) + kappa * c * (c - 1));
  const rssAt = (sigma: number, kappa: number): number => fitScale(points, shape(sigma, kappa)).rss;
  // κ spans orders of magnitude: a grid on its logarithm (and 0), σ on a linear one.
  const kappas = [0, ...Array.from({ length: 36 }, (_, i) => 10 ** (-7 + (7 * i) / 35))];
  const sigmas = Array.from({ length: 41 }, (_, i) => i / 40);
  let best = { sigma: 0, kappa: 0, rss: Number.POSITIVE_INFINITY };
  for (const sigma of sigmas) {
    for (const kappa of kappas) {
      const rss = rssAt(sigma, kappa);
      if (rss < best.rss) best = { sigma, kappa, rss };
    }
  }
  // Compass search in (σ, log κ), each move kept inside the box.
  let stepSigma = 1 / 40;
  let stepLog = 0.2;
  const clamp = (x: number): number => Math.min(1, Math.max(0, x));
  while (stepSigma > 1e-7 || stepLog > 1e-6) {
    let moved = false;
    const logKappa = best.kappa > 0 ? Math.log10(best.kappa) : -7;
    const tries: Array<[number, number]> = [
      [clamp(best.sigma + stepSigma), best.kappa],
      [clamp(best.sigma - stepSigma), best.kappa],
      [best.sigma, clamp(10 ** (logKappa + stepLog))],
      [best.sigma, logKappa - stepLog < -7 ? 0 : clamp(10 ** (logKappa - stepLog))],
    ];
    for (const [sigma, kappa] of tries) {
      const rss = rssAt(sigma, kappa);
      if (rss < best.rss - 1e-15) {
        best = { sigma, kappa, rss };
        moved = true;
      }
    }
    if (!moved) {
      stepSigma /= 2;
      stepLog /= 2;
    }
  }
  const { lambda, rss } = fitScale(points, shape(best.sigma, best.kappa));
  const atBound: UslFit['atBound'] = [];
  if (best.sigma <= 1e-6 || best.sigma >= 1 - 1e-6) atBound.push('sigma');
  if (best.kappa <= 1e-7 || best.kappa >= 1 - 1e-6) atBound.push('kappa');
  return {
    model: 'usl',
    lambda,
    sigma: best.sigma,
    kappa: best.kappa,
    rss,
    aicc: aicc(rss, points.length, 3),
    // σ = 1 serialises everything: throughput only falls from c = 1, no peak inside.
    peak: best.kappa > 0 && best.sigma < 1 ? Math.sqrt((1 - best.sigma) / best.kappa) : null,
    atBound,
  };
}

/** Golden-section search for the minimum of f on [low, high] after a coarse log grid picks the bracket. */
function minimise1d(f: (x: number) => number, low: number, high: number): number {
  if (high <= low) return low;
  const grid = Array.from({ length: 121 }, (_, i) => low * (high / low) ** (i / 120));
  const values = grid.map(f);
  let at = 0;
  for (let i = 1; i < grid.length; i++) if (values[i]! < values[at]!) at = i;
  let a = grid[Math.max(0, at - 1)]!;
  let b = grid[Math.min(grid.length - 1, at + 1)]!;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let i = 0; i < 80; i++) {
    const x1 = b - ratio * (b - a);
    const x2 = a + ratio * (b - a);
    if (f(x1) <= f(x2)) b = x2;
    else a = x1;
  }
  return (a + b) / 2;
}

/** The throughput a fitted model predicts at concurrency c. */
export function predict(fit: ModelFit, c: number): number {
  if (fit.model === 'bounded') return fit.lambda * Math.min(c, fit.k);
  return (fit.lambda * c) / (1 + fit.sigma * (c - 1) + fit.kappa * c * (c - 1));
}

/** 95% percentile intervals of a fitted model's figures. */
export interface FitIntervals {
  [figure: string]: { low: number; high: number };
}

/**
 * A residual bootstrap (Efron & Tibshirani 1993, §9.5): the fit's log residuals, scaled by √(n / (n − p))
 * for the parameters spent, are drawn with replacement onto the fitted curve `samples` times and the model
 * refitted; the 2.5th and 97.5th percentiles of each figure are its interval. Residuals pooled over all
 * levels, rather than each level's three rounds redrawn, which gave intervals that covered the truth in
 * only 3 of 4 simulated sweeps. Seeded, so a report can be reproduced.
 */
export function bootstrapIntervals<F extends ModelFit>(
  points: readonly SweepPoint[],
  fit: (points: readonly SweepPoint[]) => F,
  figures: (fit: F) => Record<string, number | null>,
  seed: number,
  samples = 200,
): FitIntervals {
  const draws = seededDraws(seed);
  const fitted = fit(points);
  const parameters = fitted.model === 'bounded' ? 2 : 3;
  const inflate = Math.sqrt(points.length / Math.max(1, points.length - parameters));
  const residuals = points.map((p) => (Math.log(p.throughput) - Math.log(predict(fitted, p.level))) * inflate);
  const seen: Record<string, number[]> = {};
  for (let s = 0; s < samples; s++) {
    const resampled = points.map((p) => ({
      level: p.level,
      throughput: predict(fitted, p.level) * Math.exp(residuals[Math.floor(draws.uniform() * residuals.length)]!),
    }));
    for (const [name, value] of Object.entries(figures(fit(resampled)))) {
      if (value !== null && Number.isFinite(value)) (seen[name] ??= []).push(value);
    }
  }
  const intervals: FitIntervals = {};
  for (const [name, values] of Object.entries(seen)) {
    // A figure that more than 2.5% of the refits lack (c* when κ falls to 0: a peak at infinity) has no
    // finite upper end: no interval.
    if (values.length < samples * 0.975) continue;
    values.sort((a, b) => a - b);
    intervals[name] = {
      low: values[Math.floor(0.025 * (values.length - 1))]!,
      high: values[Math.ceil(0.975 * (values.length - 1))]!,
    };
  }
  return intervals;
}
