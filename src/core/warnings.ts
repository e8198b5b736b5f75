import { pickList } from './result-columns.js';
import { detectableRatio, samplesToBound } from './intervals.js';
import { coefficientOfVariation, medianOf } from './stats.js';
import { PERCENTILE_P } from './thresholds.js';
import {
  type BaselineComparison,
  type Mode,
  MODES,
  type ModeSummary,
  type Report,
  type ReportOptions,
  type ThresholdCheck,
  type Warning,
} from './types.js';
import { MIN_ROUNDS_FOR_GATES } from './verdict.js';

/** Wall times varying more than this (stddev / mean) are too noisy to trust, as hyperfine warns. */
const NOISY_CV = 0.1;
/** A first run this much slower than the median of the others looks like a cold start. */
const SLOW_FIRST_FACTOR = 1.5;

export interface WarningFacts {
  modes: Report['modes'];
  options: ReportOptions;
  thresholds: readonly ThresholdCheck[];
  baseline: BaselineComparison | undefined;
}

/** What could make the figures mean less than they seem; each warning says what to do about it. */
export function collectWarnings({ modes, options, thresholds, baseline }: WarningFacts): Warning[] {
  const warnings: Warning[] = [];
  const present = MODES.filter((mode) => modes[mode] !== undefined);

  if (modes.serial !== undefined && modes.concurrent !== undefined) {
    for (const warning of disagreements(modes.serial, modes.concurrent)) warnings.push(warning);
  }
  for (const mode of present) {
    const summary = modes[mode]!;
    const slow = slowFirstRun(mode, summary, options.warmup);
    if (slow !== null) warnings.push(slow);
    const noisy = noisyWallTimes(mode, summary);
    if (noisy !== null) warnings.push(noisy);
  }
  const rounds = present.length > 0 ? modes[present[0]!]!.rounds : 0;
  // With no complete round nothing was judged (the gates are not-judged): there is no noise to warn of.
  if (thresholds.length > 0 && rounds > 0 && rounds < MIN_ROUNDS_FOR_GATES) {
    warnings.push({
      code: 'FEW_RUNS',
      message: `gates judged on ${rounds} round${rounds === 1 ? '' : 's'}, so noise can decide them; use --runs ${MIN_ROUNDS_FOR_GATES} or more (5 when a gate is given and --runs is not)`,
    });
  }
  for (const check of thresholds) {
    if (check.outcome === 'inconclusive' && options.inconclusive === 'warn') {
      const mode = check.metric.split('.')[0] as Mode;
      const otherSettings = check.metric.endsWith('.regression') && baseline?.modes[mode]?.settingsDiffer !== undefined;
      const why = otherSettings
        ? 'the baseline was measured with other settings, so a change against it cannot be judged; measure the baseline again with these flags'
        : check.interval?.high === null
          ? `too few samples to bound the figure from above (${neededToBound(check.metric)}); add rounds with --runs`
          : `the rounds cannot tell ${check.actual === null ? 'its figure' : 'the measured figure'} from the limit; add rounds with --runs`;
      warnings.push({
        code: 'INCONCLUSIVE',
        message: `gate ${check.expr} is inconclusive: ${why}; counted as passed (--inconclusive warn), or pass --inconclusive fail to fail on it`,
      });
    }
  }
  if (baseline !== undefined) {
    if (baseline.settingsDiffer.length > 0) {
      warnings.push({
        code: 'BASELINE_SETTINGS_DIFFER',
        message: `the baseline ${baseline.file} was measured with other settings (${baseline.settingsDiffer.join('; ')}), so a regression against it cannot be judged: regression gates are inconclusive`,
      });
    }
    if (baseline.urlMatch === 'path') {
      warnings.push({
        code: 'BASELINE_URLS_BY_PATH',
        message: `the baseline ${baseline.file} measured the same paths on another scheme, host or port; they were matched by path and query`,
      });
    }
  }
  return warnings;
}

/**
 * Wall times that vary by more than 10% (stddev / mean): the figures are not stable, and the rounds can
 * only tell a change larger than the one this says from noise.
 */
function noisyWallTimes(mode: Mode, summary: ModeSummary): Warning | null {
  const cv = coefficientOfVariation(summary.wallMs);
  if (cv === null || cv <= NOISY_CV) return null;
  const detectable = detectableRatio(summary.wallMs.samples);
  const smallest =
    detectable === null
      ? ''
      : `; these ${summary.rounds} rounds can tell only a change beyond ±${Math.round((detectable - 1) * 100)}% from noise`;
  return {
    code: 'NOISY',
    message: `${mode} wall times vary by ${Math.round(cv * 100)}% (stddev / mean over ${summary.rounds} rounds)${smallest}: add --runs, or quiet the machine and the network`,
  };
}

/**
 * A URL that answered differently in the two modes means they did not do the same work: a server that
 * rate-limits parallel clients (429s, short error bodies) would otherwise inflate the speedup.
 */
function disagreements(serial: ModeSummary, concurrent: ModeSummary): Warning[] {
  const seen = (summary: ModeSummary, index: number): Set<string> =>
    new Set(
      summary.runs
        .map((run) => run.results.at(index)!)
        .map((r) => `${r.status ?? r.error?.code ?? '-'} with ${r.bytes} B`),
    );
  return pickList(serial.urls, ({ url }, index): Warning | null => {
    const s = seen(serial, index);
    const c = seen(concurrent, index);
    const same = s.size === c.size && [...s].every((x) => c.has(x));
    if (same) return null;
    return {
      code: 'MODES_DISAGREE',
      message: `${url} answered differently: serial ${[...s].join(', ')}; concurrent ${[...c].join(', ')}. The speedup compares different work`,
    };
  });
}

function slowFirstRun(mode: Mode, summary: ModeSummary, warmup: number): Warning | null {
  const [first, ...rest] = summary.wallMs.samples;
  if (warmup > 0 || first === undefined || rest.length < 2) return null;
  const typical = medianOf(rest);
  if (first <= SLOW_FIRST_FACTOR * typical) return null;
  return {
    code: 'SLOW_FIRST_RUN',
    message: `the first ${mode} run took ${Math.round(first)} ms, ${(first / typical).toFixed(1)}× the median of the others; add --warmup 1 to leave cold starts out`,
  };
}

/** How many samples bound a gated quantile from above: rounds for a median wall time, else requests. */
function neededToBound(metric: string): string {
  const stat = metric.split('.').at(-1)!;
  const p = Object.hasOwn(PERCENTILE_P, stat) ? PERCENTILE_P[stat as keyof typeof PERCENTILE_P] : PERCENTILE_P.p50;
  const n = samplesToBound(p);
  if (metric === 'efficiency' || metric.includes('.wall.')) return `a median needs ${n} rounds`;
  return `a ${stat} needs ${n} requests over all rounds`;
}
