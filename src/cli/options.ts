import type { Mode, ModeSelection } from '../core/types.js';
import { UsageError } from '../core/errors.js';

/** Every default in one place; program.ts quotes them in --help. */
export const DEFAULTS = {
  mode: 'both',
  concurrency: 16,
  timeoutMs: 30_000,
  port: 8750,
  host: '127.0.0.1',
} as const;

const MODE_CHOICES: readonly ModeSelection[] = ['serial', 'concurrent', 'both'];
// setTimeout stores its delay in 32 bits; a longer one fires at once, so it is refused here.
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Flag values as commander hands them over: strings, booleans, or absent. */
export interface RawRunFlags {
  mode?: string;
  concurrency?: string;
  timeout?: string;
  json?: boolean;
  quiet?: boolean;
  output?: string;
  minSpeedup?: string;
  color?: boolean;
}

/** Everything a run needs to know, validated before any request is sent. */
export interface RunOptions {
  mode: ModeSelection;
  /** The modes in the order they run: serial first, as in the gevent lesson. */
  modes: readonly Mode[];
  concurrency: number;
  timeoutMs: number;
  /** Report as JSON on stdout instead of text. */
  json: boolean;
  /** Text report: summary only. */
  quiet: boolean;
  /** Also write the JSON report to this file; null when not asked. */
  outputPath: string | null;
  /** --min-speedup; null when not asked. */
  minSpeedup: number | null;
  /** False when --no-color was given; the terminal and environment may still turn colour off. */
  color: boolean;
}

export function parseRunOptions(raw: RawRunFlags): Readonly<RunOptions> {
  const mode = parseMode(raw.mode ?? DEFAULTS.mode);
  const minSpeedup = raw.minSpeedup === undefined ? null : parsePositiveNumber('--min-speedup', raw.minSpeedup);
  if (minSpeedup !== null && mode !== 'both') {
    throw new UsageError(`--min-speedup compares the two modes, so it needs --mode both (got --mode ${mode})`);
  }
  if (raw.output === '') throw new UsageError('--output needs a file name');
  return Object.freeze({
    mode,
    modes: mode === 'both' ? (['serial', 'concurrent'] as const) : ([mode] as const),
    concurrency: parsePositiveInteger('--concurrency', raw.concurrency, DEFAULTS.concurrency),
    timeoutMs: parsePositiveInteger('--timeout', raw.timeout, DEFAULTS.timeoutMs, MAX_TIMER_MS),
    json: raw.json ?? false,
    quiet: raw.quiet ?? false,
    outputPath: raw.output ?? null,
    minSpeedup,
    color: raw.color ?? true,
  });
}

export interface ServeOptions {
  host: string;
  port: number;
}

export function parseServeOptions(raw: { host?: string; port?: string }): Readonly<ServeOptions> {
  const port = raw.port === undefined ? DEFAULTS.port : parseInteger('--port', raw.port, 0, 65_535);
  const host = raw.host ?? DEFAULTS.host;
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  return Object.freeze({ host, port });
}

function parseMode(value: string): ModeSelection {
  if ((MODE_CHOICES as readonly string[]).includes(value)) return value as ModeSelection;
  throw new UsageError(`--mode must be one of ${MODE_CHOICES.join(', ')}, got '${value}'`);
}

function parsePositiveInteger(flag: string, value: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  return value === undefined ? fallback : parseInteger(flag, value, 1, max);
}

function parseInteger(flag: string, value: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
    throw new UsageError(`${flag} must be ${range}, got '${value}'`);
  }
  return n;
}

function parsePositiveNumber(flag: string, value: string): number {
  const n = /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number above 0, got '${value}'`);
  return n;
}
