import { InputError } from './errors.js';
import { MAX_CONCURRENCY } from './session.js';
import { seededDraws } from './random.js';

/** The widest default sweep: powers of two up to here. */
const DEFAULT_TOP_LEVEL = 64;
/** A level fetches at least this many requests per slot, so a short list does not make waves of ⌈n/c⌉. */
export const REQUESTS_PER_SLOT = 8;
/** The most levels a sweep takes: each costs rounds of runs. */
const MAX_LEVELS = 64;

/**
 * `--levels`: a comma list (`1,2,4,8`) or a geometric range `from..to:xF` (`1..64:x2`: 1, 2, 4, …, 64) or
 * an arithmetic one `from..to:+S` (`10..50:+10`); parts may be mixed (`1,2..16:x2,24`). Levels are sorted,
 * duplicates dropped; each within 1..MAX_CONCURRENCY. Throws an InputError naming the bad part.
 */
export function parseLevels(spec: string): number[] {
  const levels = new Set<number>();
  for (const raw of spec.split(',')) {
    const part = raw.trim();
    const range = /^(\d+)\.\.(\d+)(?::([x+])(\d+(?:\.\d+)?))?$/.exec(part);
    if (range !== null) {
      const from = level(range[1]!, spec);
      const to = level(range[2]!, spec);
      if (to < from) throw new InputError(`--levels: '${part}' runs downwards; write the smaller level first`);
      const op = range[3] ?? '+';
      const step = Number(range[4] ?? '1');
      if (op === 'x' ? !(step > 1) : !(step >= 1 && Number.isInteger(step))) {
        throw new InputError(`--levels: '${part}' needs a step x above 1 (x2) or +1 and more (+10)`);
      }
      for (
        let c = from;
        c <= to && levels.size <= MAX_LEVELS;
        c = op === 'x' ? Math.max(c + 1, Math.round(c * step)) : c + step
      ) {
        levels.add(c);
      }
      levels.add(to);
    } else if (/^\d+$/.test(part)) levels.add(level(part, spec));
    else throw new InputError(`--levels: '${part}' is not a level (a whole number), nor a range like 1..64:x2`);
    if (levels.size > MAX_LEVELS) throw new InputError(`--levels: more than ${MAX_LEVELS} levels`);
  }
  return [...levels].sort((a, b) => a - b);
}

function level(text: string, spec: string): number {
  const c = Number(text);
  if (!Number.isSafeInteger(c) || c < 1 || c > MAX_CONCURRENCY) {
    const where = text === spec.trim() ? '' : ` in '${spec}'`;
    throw new InputError(`--levels: ${text}${where} is not a concurrency from 1 to ${MAX_CONCURRENCY}`);
  }
  return c;
}

/**
 * Powers of two from 1 to 64, whatever the list's length: each level goes round the list as often as it
 * takes (passesFor), so even one URL can be fetched 64 at a time.
 */
export function defaultLevels(): number[] {
  const levels = [1];
  while (levels.at(-1)! < DEFAULT_TOP_LEVEL) levels.push(levels.at(-1)! * 2);
  return levels;
}

/** How many times a level goes through the list: enough for REQUESTS_PER_SLOT requests per slot. */
export function passesFor(level: number, urlCount: number): number {
  return Math.max(1, Math.ceil((REQUESTS_PER_SLOT * level) / urlCount));
}

export interface SweepScheduleOptions {
  levels: readonly number[];
  /** Measured rounds: each runs every level once. */
  reps: number;
  /** Uncounted runs of each level before the first round. */
  warmup: number;
  /** shuffled: each round's levels in a seeded random order; ascending: 1, 2, 4, … every round. */
  order: 'shuffled' | 'ascending';
  seed: number;
}

export interface SweepStep {
  level: number;
  /** 1-based round; 0 for a warm-up run. */
  round: number;
}

/**
 * The runs of a sweep in the order they happen: warm-ups (every level once, ascending) and then `reps`
 * rounds, each level once per round, in an order shuffled per round by `seed`. Interleaving spreads drift of
 * the machine or the network over all levels instead of tilting the curve (levels run one after another
 * would see the drift as a trend in c); hyperfine's --parameter-scan runs them in order.
 */
export function planSweep(options: SweepScheduleOptions): SweepStep[] {
  const steps: SweepStep[] = [];
  for (let w = 0; w < options.warmup; w++) for (const level of options.levels) steps.push({ level, round: 0 });
  const draws = seededDraws(options.seed);
  for (let round = 1; round <= options.reps; round++) {
    const order = [...options.levels];
    if (options.order === 'shuffled') {
      // Fisher–Yates with the seeded stream.
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(draws.uniform() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
    }
    for (const level of order) steps.push({ level, round });
  }
  return steps;
}
