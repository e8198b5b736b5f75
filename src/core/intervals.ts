import type { GateInterval, Interval } from './types.js';

/**
 * Confidence intervals for the timing gates, all computed on the log scale: a time or a ratio of times is
 * positive and its noise multiplicative (a slow round is 1.3× slow, not 300 ms slow), so the t-interval is
 * built for the mean log and exponentiated into an interval of the geometric mean or of a ratio (Fleming &
 * Wallace 1986, "How not to lie with statistics: the correct way to summarize benchmark results", CACM
 * 29:218). It replaces the percentile bootstrap, which under-covers at the few rounds a CI job can afford
 * (Hesterberg 2015, "What teachers should know about the bootstrap", The American Statistician 69:371).
 * Pure arithmetic; the standard deviation is the sample one (n − 1) throughout, as in stats.ts.
 */

/**
 * Student's t quantile: the t with P(T ≤ t) = p for T ~ t(df), p in (0, 1) and any real df > 0 (Welch's
 * degrees of freedom are not whole; Infinity gives the normal quantile). The CDF comes from the regularized
 * incomplete beta function, P(|T| ≥ t) = I_x(df/2, 1/2) with x = df / (df + t²) (Numerical Recipes, Press et
 * al. 1992, §6.4), and the quantile from Newton's method kept inside a shrinking bracket by bisection, so it
 * always converges. Checked against 50-digit mpmath (A&S 26.7.5's expansion from df = 1e5): within 3e-14
 * relative for df ≤ 1e4, 1e-8 up to df = 1e9, 3e-7 beyond (see NORMAL_FROM_DF). Throws RangeError outside
 * that domain.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`studentTQuantile needs 0 < p < 1, got ${p}`);
  if (!(df > 0)) throw new RangeError(`studentTQuantile needs df > 0, got ${df}`);
  if (p === 0.5) return 0;
  // Solve for the upper tail q = min(p, 1 − p), both exact in binary floating point for p ≥ 0.5 (Sterbenz).
  const tail = p < 0.5 ? p : 1 - p;
  const t = upperTQuantile(tail, Math.min(df, NORMAL_FROM_DF));
  return p < 0.5 ? -t : t;
}

/**
 * Past this df Student's t and the normal differ by about (1 + z²) / (4 df) relative (Abramowitz & Stegun
 * 26.7.5), under 4e-8 for any p a double holds, while the continued fraction loses digits as df grows (the
 * terms 1 − (a + b) x / (a + 1) cancel as x → 1): about 3e-7 relative at 1e10. So any larger df is taken as
 * this one.
 */
const NORMAL_FROM_DF = 1e10;

/**
 * Interval of the speedup from paired rounds: ratios[i] = serial_i / concurrent_i of round i. The two runs
 * of a round share the machine's and the network's state, so each ratio is one observation and the design
 * is one-sample on the logs r_i = ln(ratio_i): exp(mean ± t(1 − α/2, n − 1) · s / √n), an interval of the
 * geometric-mean ratio (Student 1908, Biometrika 6:1; the paired t-interval). Null with fewer than two
 * ratios or when any is not finite and > 0.
 */
export function logRatioInterval(ratios: readonly number[], confidence = 0.95): Interval | null {
  return logMeanInterval(ratios, confidence);
}

/**
 * Interval of the geometric mean of per-round samples (a mode's wall time per round, a request percentile
 * taken per round): the one-sample t-interval on the logs, exp(mean ± t(1 − α/2, n − 1) · s / √n), s the
 * sample standard deviation of the logs. Constant samples give the zero-width interval [x, x], the limit of
 * the formula as s → 0. Null with fewer than two samples or when any is not finite and > 0.
 */
export function logMeanInterval(samples: readonly number[], confidence = 0.95): Interval | null {
  checkConfidence(confidence);
  const logs = logsOf(samples);
  if (logs === null) return null;
  const { mean, variance } = momentsOf(logs);
  if (variance === 0) return { low: samples[0]!, high: samples[0]!, confidence };
  const halfWidth = studentTQuantile((1 + confidence) / 2, logs.length - 1) * Math.sqrt(variance / logs.length);
  return { low: Math.exp(mean - halfWidth), high: Math.exp(mean + halfWidth), confidence };
}

/**
 * Interval of the ratio after / before of the geometric means of two independent sets of per-round
 * samples (a baseline's rounds and this session's): Welch's t-interval on the difference of the mean logs,
 * d ± t(1 − α/2, ν) · √(v_a/n_a + v_b/n_b), exponentiated, with the Welch–Satterthwaite degrees of freedom
 * ν = (v_a/n_a + v_b/n_b)² / ((v_a/n_a)²/(n_a − 1) + (v_b/n_b)²/(n_b − 1)) (Welch 1947, Biometrika 34:28;
 * Satterthwaite 1946, Biometrics Bulletin 2:110), v the sample variance of the logs of each side. Unequal
 * spreads are allowed: a session on a busier machine is noisier than its baseline. Convention when both sides
 * are constant (possible with a coarse clock): the zero-width interval at the exact ratio after[0] /
 * before[0], the limit of the formula; one constant side is no special case (ν becomes n − 1 of the other).
 * Null with fewer than two samples on either side or when any is not finite and > 0.
 */
export function welchLogRatioInterval(
  before: readonly number[],
  after: readonly number[],
  confidence = 0.95,
): Interval | null {
  checkConfidence(confidence);
  const logsBefore = logsOf(before);
  const logsAfter = logsOf(after);
  if (logsBefore === null || logsAfter === null) return null;
  const b = momentsOf(logsBefore);
  const a = momentsOf(logsAfter);
  const squaredErrorBefore = b.variance / logsBefore.length;
  const squaredErrorAfter = a.variance / logsAfter.length;
  const squaredError = squaredErrorBefore + squaredErrorAfter;
  if (squaredError === 0) {
    const ratio = after[0]! / before[0]!;
    return { low: ratio, high: ratio, confidence };
  }
  // Shares of the squared error rather than the squares themselves, which underflow for tiny variances.
  const shareBefore = squaredErrorBefore / squaredError;
  const shareAfter = squaredErrorAfter / squaredError;
  const df = 1 / (shareBefore ** 2 / (logsBefore.length - 1) + shareAfter ** 2 / (logsAfter.length - 1));
  const halfWidth = studentTQuantile((1 + confidence) / 2, df) * Math.sqrt(squaredError);
  const difference = a.mean - b.mean;
  return { low: Math.exp(difference - halfWidth), high: Math.exp(difference + halfWidth), confidence };
}

/**
 * The smallest ratio change these per-round samples can tell from noise, D = exp(t(1 − α/2, n − 1) · s / √n),
 * s the sample standard deviation of the logs: the factor by which the one-sample interval of logMeanInterval
 * reaches either side of the geometric mean g, [g / D, g · D]. So it is for a one-sample design (the
 * per-round speedup ratios, or one mode's per-round times against a fixed figure): a true ratio r is declared
 * different from a reference r0 only when r / r0 lies beyond D or below 1 / D, printed as "±x%" with
 * x = 100 · (D − 1) (the downward side is 100 · (1 − 1/D), a little smaller). It is a threshold, not a
 * guarantee: a true change of exactly D is detected about half the time; detecting it in most sessions
 * needs a change near exp((t(1 − α/2) + t(power)) · s / √n) (Cohen 1988, Statistical Power Analysis, ch. 2).
 * A two-sample design (a baseline's rounds against this session's, as welchLogRatioInterval) with as many
 * rounds and the same spread on each side has a √2 larger log half-width and detects only larger changes.
 * Null with fewer than two samples or when any is not finite and > 0; 1 for constant samples.
 */
export function detectableRatio(samples: readonly number[], confidence = 0.95): number | null {
  checkConfidence(confidence);
  const logs = logsOf(samples);
  if (logs === null) return null;
  const { variance } = momentsOf(logs);
  if (variance === 0) return 1;
  return Math.exp(studentTQuantile((1 + confidence) / 2, logs.length - 1) * Math.sqrt(variance / logs.length));
}

function checkConfidence(confidence: number): void {
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
}

/** Natural logs of at least two values, or null when there are fewer or any is not finite and > 0. */
function logsOf(values: readonly number[]): number[] | null {
  if (values.length < 2 || !values.every((x) => Number.isFinite(x) && x > 0)) return null;
  return values.map(Math.log);
}

/**
 * Mean and sample variance (n − 1), two-pass for accuracy. Equal values give exactly their value and 0: the
 * rounding of a summed mean would otherwise leave a spread of 1e-16 where there is none.
 */
function momentsOf(values: readonly number[]): { mean: number; variance: number } {
  const first = values[0]!;
  if (values.every((x) => x === first)) return { mean: first, variance: 0 };
  const mean = values.reduce((sum, x) => sum + x, 0) / values.length;
  const variance = values.reduce((sum, x) => sum + (x - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

/**
 * The t > 0 with P(T > t) = tail for 0 < tail < 0.5. The tail is convex and decreasing in t, so Newton's
 * step from below the root never overshoots it and a step from above that leaves the bracket is replaced
 * by bisection (geometric while the bracket spans orders of magnitude, as it does for small df).
 */
function upperTQuantile(tail: number, df: number): number {
  const central = 1 - 2 * tail;
  // Compare with whichever of the two probabilities is the smaller, which the beta function gives to full
  // relative precision: the tail far out, the central part near t = 0.
  const excessOf = (t: number): number => {
    const probabilities = studentTProbabilities(t, df);
    return tail < 0.25 ? probabilities.tail - tail : (central - probabilities.central) / 2;
  };
  let low = 0;
  let high = Number.POSITIVE_INFINITY;
  let t = 1;
  for (let iteration = 0; iteration < 1000; iteration++) {
    const excess = excessOf(t);
    if (excess === 0) return t;
    if (excess > 0) low = t;
    else high = t;
    // excess / density, in logs: far out in a heavy tail the density underflows long before the tail does.
    let next = t + Math.sign(excess) * Math.exp(Math.log(Math.abs(excess)) - studentTLogDensity(t, df));
    if (!(next > low && next < high)) {
      if (high === Number.POSITIVE_INFINITY) next = 2 * t;
      else next = low > 0 && high > 4 * low ? Math.sqrt(low * high) : (low + high) / 2;
    }
    if (Math.abs(next - t) <= 4 * Number.EPSILON * next || next === Number.POSITIVE_INFINITY) return next;
    t = next;
  }
  return t;
}

/** P(T > t) and P(|T| < t) for t ≥ 0, each to full relative precision (NR §6.4: I_x(df/2, 1/2), x = df/(df+t²)). */
function studentTProbabilities(t: number, df: number): { tail: number; central: number } {
  const { lower, upper } = regularizedBetaAtLogOdds(df / 2, 0.5, 2 * Math.log(t) - Math.log(df));
  return { tail: lower / 2, central: upper };
}

/** ln of Student's t density (1 + t²/df)^(−(df+1)/2) / (√df · B(df/2, 1/2)), with no t² to overflow. */
function studentTLogDensity(t: number, df: number): number {
  return -((df + 1) / 2) * softplus(2 * Math.log(t) - Math.log(df)) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5);
}

/** ln(1 + e^z) without overflow for large z nor loss for very negative z. */
function softplus(z: number): number {
  return z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
}

/**
 * The regularized incomplete beta I_x(a, b) and its complement 1 − I_x(a, b) = I_{1−x}(b, a) at
 * x = 1 / (1 + e^z), 1 − x = e^z / (1 + e^z), z the log odds ln((1 − x) / x) (for Student's t, ln(t² / df)).
 * Both ln x and ln(1 − x) follow from z without cancellation, where 1 − x itself would cancel near x = 1
 * (t near 0) and t² would overflow far out. The continued fraction (DLMF 8.17.22) is evaluated for whichever
 * side converges fast, x < (a + 1) / (a + b + 2) (Numerical Recipes §6.4), and gives that side to full
 * relative precision; the other is 1 minus it.
 */
function regularizedBetaAtLogOdds(a: number, b: number, logOdds: number): { lower: number; upper: number } {
  const logX = -softplus(logOdds);
  const logY = logOdds + logX;
  const front = Math.exp(a * logX + b * logY - logBeta(a, b));
  const x = Math.exp(logX);
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (front * betaContinuedFraction(a, b, x)) / a;
    return { lower, upper: 1 - lower };
  }
  const upper = (front * betaContinuedFraction(b, a, Math.exp(logY))) / b;
  return { lower: 1 - upper, upper };
}

/**
 * The continued fraction of I_x(a, b) (DLMF 8.17.22) by the modified Lentz method (Lentz 1976, Applied
 * Optics 15:668; Thompson & Barnett 1986, J. Comput. Phys. 64:490; Numerical Recipes §5.2 and betacf in
 * §6.4). Where it is used it converges in O(√max(a, b)) terms, a few dozen for the df of a timing gate; the
 * cap on terms is only a bound on the loop, far above that.
 */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  const guard = (value: number): number => (Math.abs(value) < tiny ? tiny : value);
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  const maxTerms = 1000 + 100 * Math.ceil(Math.sqrt(Math.max(a, b)));
  for (let m = 1; m <= maxTerms; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= Number.EPSILON) break;
  }
  return h;
}

/**
 * ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). For a large argument the difference ln Γ(a) − ln Γ(a + b)
 * would cancel between two huge numbers, so it is taken from Stirling's series directly:
 * −(a − ½) ln(1 + b/a) − b ln(a + b) + b + c(a) − c(a + b), c the series' correction (DLMF 5.11.1).
 */
function logBeta(a: number, b: number): number {
  const large = Math.max(a, b);
  const small = Math.min(a, b);
  if (large < STIRLING_FROM) return logGamma(a) + logGamma(b) - logGamma(a + b);
  const sum = large + small;
  return (
    logGamma(small) -
    (large - 0.5) * Math.log1p(small / large) -
    small * Math.log(sum) +
    small +
    stirlingCorrection(large) -
    stirlingCorrection(sum)
  );
}

/** Below this Stirling's series is not used directly: ln Γ is shifted up by the recurrence Γ(x + 1) = x Γ(x). */
const STIRLING_FROM = 10;

/** ln Γ(x) for x > 0: Stirling's series (DLMF 5.11.1) at x ≥ 10, the recurrence below that. */
function logGamma(x: number): number {
  let shifted = x;
  let logProduct = 0;
  while (shifted < STIRLING_FROM) {
    logProduct += Math.log(shifted);
    shifted += 1;
  }
  return (
    (shifted - 0.5) * Math.log(shifted) -
    shifted +
    0.5 * Math.log(2 * Math.PI) +
    stirlingCorrection(shifted) -
    logProduct
  );
}

/**
 * ln Γ(x) − [(x − ½) ln x − x + ½ ln 2π] for x ≥ 10: the series Σ B_2k / (2k (2k − 1) x^(2k−1)) (DLMF 5.11.1)
 * to k = 6; the first omitted term is below 1/(156 x¹³) < 1e-15 at x = 10.
 */
function stirlingCorrection(x: number): number {
  const inverse = 1 / x;
  const inverseSquared = inverse * inverse;
  return (
    inverse *
    (1 / 12 -
      inverseSquared *
        (1 / 360 -
          inverseSquared *
            (1 / 1260 - inverseSquared * (1 / 1680 - inverseSquared * (1 / 1188 - inverseSquared * (691 / 360360))))))
  );
}

/**
 * Distribution-free interval of the p-quantile of a sample (a median over rounds, a p95 over requests),
 * from its order statistics: the number B of samples below the true quantile is Binomial(n, p), so
 * [x_(l), x_(u)] covers it with probability P(l ≤ B ≤ u − 1) (Hahn & Meeker 1991, Statistical Intervals,
 * §5.2). Each end is the most extreme rank whose tail is at most α/2; when no rank reaches that, the sample's
 * own extreme is taken if its tail is at most α (5 rounds give a median interval of [min, max] at 93.75%),
 * and otherwise that end is open: 0 below (times are not negative), null above. `confidence` is the
 * coverage achieved. Contains the nearest-rank quantile of stats.ts. Null for no samples.
 */
export function quantileInterval(samples: readonly number[], p: number, confidence = 0.95): GateInterval | null {
  checkConfidence(confidence);
  const n = samples.length;
  if (n === 0) return null;
  const sorted = [...samples].sort((a, b) => a - b);
  const alpha = 1 - confidence;
  // atMost(k) = P(B ≤ k); a rank k's lower tail is P(B ≤ k − 1), its upper tail P(B ≥ k) = 1 − P(B ≤ k − 1).
  const atMost = binomialCdfs(n, p);
  let l = 0;
  // The slack keeps 1 − 0.95 (0.05000000000000004) from failing a tail of exactly 0.05.
  const within = (tail: number, limit: number): boolean => tail <= limit + 1e-12;
  while (l < n && within(atMost(l), alpha / 2)) l += 1;
  if (l === 0 && within(atMost(0), alpha)) l = 1;
  let u = n + 1;
  while (u > 1 && within(1 - atMost(u - 2), alpha / 2)) u -= 1;
  if (u === n + 1 && within(1 - atMost(n - 1), alpha)) u = n;
  const nearestRank = sorted[Math.max(1, Math.ceil(p * n)) - 1]!;
  const low = l === 0 ? 0 : Math.min(sorted[l - 1]!, nearestRank);
  const high = u === n + 1 ? null : Math.max(sorted[u - 1]!, nearestRank);
  const achieved = atMost(u - 1) - (l === 0 ? 0 : atMost(l - 1));
  // Rounded to 9 digits: 15/16 is 0.9375, not 0.93749999….
  return { low, high, confidence: Math.min(1, Math.round(achieved * 1e9) / 1e9), method: 'order-statistic' };
}

/**
 * The fewest samples whose largest bounds the p-quantile from above at this confidence: P(all n below it)
 * = pⁿ ≤ 1 − confidence. 5 for a median, 59 for a p95, 299 for a p99 at 95%.
 */
export function samplesToBound(p: number, confidence = 0.95): number {
  return Math.ceil(Math.log(1 - confidence) / Math.log(p) - 1e-9);
}

/** P(B ≤ k) for every k of B ~ Binomial(n, p), computed once: exact up to n = 5,000, normal beyond. */
function binomialCdfs(n: number, p: number): (k: number) => number {
  if (n > EXACT_BINOMIAL_UP_TO) return (k) => binomialCdf(k, n, p);
  const cumulative = new Float64Array(n + 1);
  let logPmf = n * Math.log1p(-p);
  const step = Math.log(p) - Math.log1p(-p);
  let total = 0;
  for (let k = 0; k <= n; k++) {
    total += Math.exp(logPmf);
    cumulative[k] = Math.min(1, total);
    logPmf += Math.log(n - k) - Math.log(k + 1) + step;
  }
  return (k) => (k < 0 ? 0 : k >= n ? 1 : cumulative[k]!);
}

const EXACT_BINOMIAL_UP_TO = 5_000;

/**
 * Interval of an arithmetic mean: mean ± t(1 − α/2, n − 1) · s / √n (Student 1908). For the figures that are
 * plain means (a mode's mean wall time); null with fewer than two samples.
 */
export function meanInterval(samples: readonly number[], confidence = 0.95): Interval | null {
  checkConfidence(confidence);
  if (samples.length < 2 || !samples.every(Number.isFinite)) return null;
  const { mean, variance } = momentsOf(samples);
  const halfWidth = studentTQuantile((1 + confidence) / 2, samples.length - 1) * Math.sqrt(variance / samples.length);
  return { low: mean - halfWidth, high: mean + halfWidth, confidence, method: 't-mean' };
}

/**
 * P(B ≤ k) for B ~ Binomial(n, p): summed exactly in log space up to n = 5,000; beyond, the normal
 * approximation with continuity correction, whose error there is far below the resolution that matters here.
 */
export function binomialCdf(k: number, n: number, p: number): number {
  if (k < 0) return 0;
  if (k >= n) return 1;
  if (n > EXACT_BINOMIAL_UP_TO) {
    const sd = Math.sqrt(n * p * (1 - p));
    return sd === 0 ? (k >= n * p ? 1 : 0) : normalCdf((k + 0.5 - n * p) / sd);
  }
  if (p <= 0) return 1;
  if (p >= 1) return 0;
  // log pmf(0) = n log(1 − p); pmf(i + 1) = pmf(i) · (n − i) / (i + 1) · p / (1 − p).
  let logPmf = n * Math.log1p(-p);
  const step = Math.log(p) - Math.log1p(-p);
  let total = 0;
  for (let i = 0; i <= k; i++) {
    total += Math.exp(logPmf);
    logPmf += Math.log(n - i) - Math.log(i + 1) + step;
  }
  return Math.min(1, total);
}

/** Φ(z), from the complementary error function (Abramowitz & Stegun 7.1.26; absolute error under 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erfc = poly * Math.exp(-x * x);
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}
