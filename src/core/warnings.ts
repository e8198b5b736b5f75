import { MODES, type Mode, type ModeSummary, type Report, type Warning } from './types.js';
import { coefficientOfVariation, medianOf } from './stats.js';
import { MIN_RUNS_FOR_INTERVAL } from './verdict.js';

/** Wall times varying more than this (stddev / mean) are too noisy to trust, as hyperfine warns. */
const NOISY_CV = 0.1;
/** A first run this much slower than the median of the others looks like a cold start. */
const SLOW_FIRST_FACTOR = 1.5;

export interface WarningFacts {
  modes: Report['modes'];
  warmup: number;
  thresholdCount: number;
}

/** What could make the figures mean less than they seem; each warning says what to do about it. */
export function collectWarnings({ modes, warmup, thresholdCount }: WarningFacts): Warning[] {
  const warnings: Warning[] = [];
  const present = MODES.filter((mode) => modes[mode] !== undefined);

  if (modes.serial !== undefined && modes.concurrent !== undefined)
    for (const warning of disagreements(modes.serial, modes.concurrent)) warnings.push(warning);
  for (const mode of present) {
    const summary = modes[mode]!;
    const slow = slowFirstRun(mode, summary, warmup);
    if (slow !== null) warnings.push(slow);
    const cv = coefficientOfVariation(summary.wallMs);
    if (cv !== null && cv > NOISY_CV) {
      warnings.push({
        code: 'NOISY',
        message: `${mode} wall times vary by ${Math.round(cv * 100)}% (stddev / mean over ${summary.runs.length} runs); the figures are not stable: add --runs, or quiet the machine and the network`,
      });
    }
  }
  const runs = present.length > 0 ? modes[present[0]!]!.runs.length : 0;
  if (thresholdCount > 0 && runs < MIN_RUNS_FOR_INTERVAL) {
    warnings.push({
      code: 'FEW_RUNS',
      message: `thresholds judged on ${runs} run${runs === 1 ? '' : 's'} per mode, so noise can decide the verdict; use --runs ${MIN_RUNS_FOR_INTERVAL} or more`,
    });
  }
  return warnings;
}

/**
 * A URL that answered differently in the two modes means they did not do the same work: a server that
 * rate-limits parallel clients (429s, short error bodies) would otherwise inflate the speedup.
 */
function disagreements(serial: ModeSummary, concurrent: ModeSummary): Warning[] {
  const seen = (summary: ModeSummary, index: number): Set<string> =>
    new Set(
      summary.runs
        .map((run) => run.results[index]!)
        .map((r) => `${r.status ?? r.error?.code ?? '-'} with ${r.bytes} B`),
    );
  return serial.urls.flatMap(({ url }, index) => {
    const s = seen(serial, index);
    const c = seen(concurrent, index);
    const same = s.size === c.size && [...s].every((x) => c.has(x));
    if (same) return [];
    return [
      {
        code: 'MODES_DISAGREE',
        message: `${url} answered differently: serial ${[...s].join(', ')}; concurrent ${[...c].join(', ')}. The speedup compares different work`,
      },
    ];
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
