import type { Mode, ModeSelection } from '../core/types.js';
import { UsageError } from '../core/errors.js';
import { assertMeasurable, parseThreshold, type InconclusivePolicy, type ThresholdSpec } from '../core/thresholds.js';

/** Every default in one place; program.ts quotes them in --help. */
export const DEFAULTS = {
  mode: 'both',
  concurrency: 16,
  timeoutMs: 30_000,
  runs: 1,
  warmup: 0,
  inconclusive: 'fail',
  connectTimeoutMs: 10_000,
  maxRedirects: 5,
  retries: 0,
  table: 'auto',
  port: 8750,
  host: '127.0.0.1',
} as const;

const MODE_CHOICES: readonly ModeSelection[] = ['serial', 'concurrent', 'both'];
const INCONCLUSIVE_CHOICES: readonly InconclusivePolicy[] = ['pass', 'fail'];
const TABLE_CHOICES = ['auto', 'all'] as const;
export type TableRows = (typeof TABLE_CHOICES)[number];
// RFC 9110 §5.1: a field name is a token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
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
  runs?: string;
  warmup?: string;
  threshold?: string[];
  inconclusive?: string;
  baseline?: string;
  maxRegression?: string;
  markdown?: string;
  connectTimeout?: string;
  maxBytes?: string;
  maxRedirects?: string;
  header?: string[];
  insecure?: boolean;
  ca?: string[];
  retries?: string;
  table?: string;
  progress?: boolean;
  timeline?: boolean;
  ascii?: boolean;
  html?: string;
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
  /** Measured runs per mode. */
  runs: number;
  /** Uncounted runs per mode before the measured ones. */
  warmup: number;
  /** Every gate: --threshold in the order given, then --min-speedup, then --max-regression per mode. */
  thresholds: readonly ThresholdSpec[];
  /** Whether a speedup whose interval straddles its limit passes or fails. */
  inconclusive: InconclusivePolicy;
  /** Earlier report to compare with; null when not asked. */
  baselinePath: string | null;
  /** Also write a Markdown summary here; null when not asked. */
  markdownPath: string | null;
  /** Deadline for opening a connection (TCP, and TLS on https). */
  connectTimeoutMs: number;
  /** Stop a body past this many bytes with MAX_BYTES; null for no cap. */
  maxBytes: number | null;
  maxRedirects: number;
  /** Extra request headers (-H 'Name: value'), in order; their values are never printed. */
  headers: ReadonlyArray<readonly [string, string]>;
  insecure: boolean;
  /** Files of extra CA certificates to trust (--ca); read by the CLI before the run. */
  caFiles: readonly string[];
  retries: number;
  /** Text table: every row, or (auto) the slowest and failed rows of a long list. */
  table: TableRows;
  /** --progress / --no-progress; undefined leaves it to the terminal. */
  progress: boolean | undefined;
  /** --timeline / --no-timeline; undefined leaves it to the terminal and the list. */
  timeline: boolean | undefined;
  /** ASCII instead of Unicode blocks in the timeline. */
  ascii: boolean;
  /** Also write a self-contained HTML report here; null when not asked. */
  htmlPath: string | null;
  /** False when --no-color was given; the terminal and environment may still turn colour off. */
  color: boolean;
}

export function parseRunOptions(raw: RawRunFlags): Readonly<RunOptions> {
  const mode = parseMode(raw.mode ?? DEFAULTS.mode);
  const modes: readonly Mode[] = mode === 'both' ? ['serial', 'concurrent'] : [mode];
  const baselinePath = parseFileName('--baseline', raw.baseline);

  const thresholds = (raw.threshold ?? []).map(parseThreshold);
  if (raw.minSpeedup !== undefined) {
    if (mode !== 'both')
      throw new UsageError(`--min-speedup compares the two modes, so it needs --mode both (got --mode ${mode})`);
    thresholds.push(parseThreshold(`speedup >= ${parsePositiveNumber('--min-speedup', raw.minSpeedup)}`));
  }
  if (raw.maxRegression !== undefined) {
    if (baselinePath === null) throw new UsageError('--max-regression needs --baseline <report.json> to compare with');
    const percent = parseNonNegativeNumber('--max-regression', raw.maxRegression);
    for (const m of modes) thresholds.push(parseThreshold(`${m}.regression <= ${percent}`));
  }
  for (const spec of thresholds) assertMeasurable(spec, modes, baselinePath !== null);

  return Object.freeze({
    mode,
    modes,
    concurrency: parsePositiveInteger('--concurrency', raw.concurrency, DEFAULTS.concurrency),
    timeoutMs: parsePositiveInteger('--timeout', raw.timeout, DEFAULTS.timeoutMs, MAX_TIMER_MS),
    runs: parsePositiveInteger('--runs', raw.runs, DEFAULTS.runs),
    warmup:
      raw.warmup === undefined ? DEFAULTS.warmup : parseInteger('--warmup', raw.warmup, 0, Number.MAX_SAFE_INTEGER),
    json: raw.json ?? false,
    quiet: raw.quiet ?? false,
    outputPath: parseFileName('--output', raw.output),
    thresholds: Object.freeze(thresholds),
    inconclusive: parseChoice('--inconclusive', raw.inconclusive ?? DEFAULTS.inconclusive, INCONCLUSIVE_CHOICES),
    baselinePath,
    markdownPath: parseFileName('--markdown', raw.markdown),
    connectTimeoutMs: parsePositiveInteger(
      '--connect-timeout',
      raw.connectTimeout,
      DEFAULTS.connectTimeoutMs,
      MAX_TIMER_MS,
    ),
    maxBytes: raw.maxBytes === undefined ? null : parseByteCount('--max-bytes', raw.maxBytes),
    maxRedirects:
      raw.maxRedirects === undefined
        ? DEFAULTS.maxRedirects
        : parseInteger('--max-redirects', raw.maxRedirects, 0, 100),
    headers: Object.freeze((raw.header ?? []).map(parseHeader)),
    insecure: raw.insecure ?? false,
    caFiles: Object.freeze((raw.ca ?? []).map((file) => parseFileName('--ca', file)!)),
    retries: raw.retries === undefined ? DEFAULTS.retries : parseInteger('--retries', raw.retries, 0, 100),
    table: parseChoice('--table', raw.table ?? DEFAULTS.table, TABLE_CHOICES),
    progress: raw.progress,
    timeline: raw.timeline,
    ascii: raw.ascii ?? false,
    htmlPath: parseFileName('--html', raw.html),
    color: raw.color ?? true,
  });
}

/** `Name: value` → [name, value]; the message never repeats the value, which may be a secret. */
function parseHeader(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  if (!HEADER_NAME.test(name)) {
    throw new UsageError(
      `-H/--header must be 'Name: value' with a valid header name (got a header named '${name.slice(0, 40)}')`,
    );
  }
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) throw new UsageError(`-H/--header '${name}': the value has a line break or NUL`);
  return [name, value];
}

/** A byte count, optionally with k, M or G (powers of 1024): 1048576, 1024k and 1M are the same. */
function parseByteCount(flag: string, value: string): number {
  const match = /^\s*(\d+)\s*([kmg]?)i?b?\s*$/i.exec(value);
  const n = match === null ? Number.NaN : Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a byte count >= 1 such as 1048576 or 10M, got '${value}'`);
  return n;
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
  return parseChoice('--mode', value, MODE_CHOICES);
}

function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got '${value}'`);
}

function parseFileName(flag: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.trim() === '') throw new UsageError(`${flag} needs a file name`);
  return value;
}

function parsePositiveInteger(
  flag: string,
  value: string | undefined,
  fallback: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
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
  const n = parseDecimal(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number above 0, got '${value}'`);
  return n;
}

function parseNonNegativeNumber(flag: string, value: string): number {
  const n = parseDecimal(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number >= 0, got '${value}'`);
  return n;
}

function parseDecimal(value: string): number {
  return /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
}
