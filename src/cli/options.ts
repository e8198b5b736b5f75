import { shown, UsageError } from '../core/errors.js';
import type { RequestOptions } from '../core/fetch-one.js';
import type { ConnectionReuse, HttpProtocol } from '../core/http.js';
import { parseConnectTo, parseResolve, type Route } from '../core/routes.js';
import { MAX_CONCURRENCY, type ScheduleOptions } from '../core/session.js';
import { parseLevels } from '../core/sweep-plan.js';
import { assertMeasurable, type Gates, parseThreshold, thresholdSpec } from '../core/thresholds.js';
import type { InconclusivePolicy, Mode, ModeSelection, ReportDetailChoice, ReportOptions } from '../core/types.js';

/** Every default in one place; program.ts quotes them in --help. */
export const DEFAULTS = {
  mode: 'both',
  concurrency: 16,
  timeoutMs: 30_000,
  runs: 1,
  warmup: 0,
  /** With a gate and no --runs: enough rounds for an interval that can decide (issue 14), after a warm-up. */
  gatedRuns: 5,
  gatedWarmup: 1,
  inconclusive: 'warn',
  connectTimeoutMs: 10_000,
  maxRedirects: 5,
  retries: 0,
  table: 'auto',
  detail: 'auto',
  github: 'auto',
  connections: 'reuse',
  protocol: 'auto',
  port: 8750,
  host: '127.0.0.1',
  sweepReps: 3,
  sweepWarmup: 1,
  sweepOrder: 'shuffled',
  kneeTolerancePercent: 10,
} as const;

/**
 * The largest counts accepted, so a typo (an extra zero, a pasted number) is a usage error rather than a
 * schedule that could never finish: the README's options table states each.
 */
export const LIMITS = {
  concurrency: MAX_CONCURRENCY,
  runs: 1_000,
  warmup: 100,
  redirects: 100,
  retries: 100,
  // setTimeout stores its delay in 32 bits; a longer one fires at once.
  timerMs: 2 ** 31 - 1,
} as const;

const MODE_CHOICES: readonly ModeSelection[] = ['serial', 'concurrent', 'both'];
const INCONCLUSIVE_CHOICES: readonly InconclusivePolicy[] = ['pass', 'warn', 'fail'];
const TABLE_CHOICES = ['auto', 'all'] as const;
const DETAIL_CHOICES = ['auto', 'summary', 'full'] as const;
export type TableRows = (typeof TABLE_CHOICES)[number];
const GITHUB_CHOICES = ['auto', 'on', 'off'] as const;
const CONNECTIONS_CHOICES: readonly ConnectionReuse[] = ['reuse', 'fresh'];
const PROTOCOL_CHOICES: readonly HttpProtocol[] = ['auto', 'http1', 'http2'];
export type GithubWhen = (typeof GITHUB_CHOICES)[number];
// RFC 9110 §5.1: a field name is a token.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
const BYTE_UNITS: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/**
 * Headers corofetch cannot send as given, because the HTTP client owns them (connection reuse and framing
 * are part of what is measured) or because a GET without a body cannot carry them (RFC 9110 §7.6.1,
 * §10.1.1; RFC 9113 §8.2.2 forbids the connection-specific ones under HTTP/2).
 */
const FORBIDDEN_HEADERS = new Map([
  ['connection', 'corofetch manages connections itself (reusing them is part of what it measures)'],
  ['keep-alive', 'corofetch manages connections itself (reusing them is part of what it measures)'],
  ['proxy-connection', 'corofetch manages connections itself (reusing them is part of what it measures)'],
  ['upgrade', 'corofetch speaks HTTP and does not switch protocols'],
  ['http2-settings', 'corofetch speaks HTTP and does not switch protocols'],
  ['content-length', 'a GET sent by corofetch has no body, so no length or framing to declare'],
  ['transfer-encoding', 'a GET sent by corofetch has no body, so no length or framing to declare'],
  ['te', 'the HTTP client decides which transfer codings it accepts'],
  ['trailer', 'a GET sent by corofetch has no body, so no trailers'],
  ['expect', 'a GET sent by corofetch has no body to ask to continue with'],
]);
// What undici (and Node's http) accept in a header value: tab, visible ASCII and Latin-1.
const HEADER_VALUE = /^[\t\x20-\x7e\x80-\xff]*$/;

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
  detail?: string;
  progress?: boolean;
  timeline?: boolean;
  ascii?: boolean;
  html?: string;
  ndjson?: string;
  csv?: string;
  bencher?: string;
  benchmarkAction?: string;
  github?: string;
  connections?: string;
  protocol?: string;
  compressed?: boolean;
  resolve?: string[];
  connectTo?: string[];
  /** demo only: the fixture server over TLS with HTTP/2. */
  http2?: boolean;
}

/** Which outputs a report goes to, besides stdout. */
export type ExportFormat = 'json' | 'markdown' | 'html' | 'bencher' | 'benchmark-action' | 'ndjson' | 'csv';

/** One file a report is written to, and the flag that asked for it (messages name the flag). */
export interface ExportFile {
  format: ExportFormat;
  path: string;
  flag: string;
}

/** What the terminal report may show; cli/terminal.ts turns it into a Display. */
export interface DisplayFlags {
  /** Text report: summary only. */
  quiet: boolean;
  /** Text table: every row, or (auto) the slowest and failed rows of a long list. */
  table: TableRows;
  /** --progress / --no-progress; undefined leaves it to the terminal. */
  progress: boolean | undefined;
  /** --timeline / --no-timeline; undefined leaves it to the terminal and the list. */
  timeline: boolean | undefined;
  /** ASCII instead of Unicode blocks in the timeline. */
  ascii: boolean;
  /** False when --no-color was given; the terminal and environment may still turn colour off. */
  color: boolean;
}

/**
 * Everything a comparison needs to know, validated before any request is sent, grouped by who reads it:
 * the engine takes `schedule` and `request` as they are, and `connection` once its files are read.
 */
export interface RunOptions {
  mode: ModeSelection;
  schedule: ScheduleOptions;
  /** Where the round counts came from: the report says so. */
  roundsFrom: ReportOptions['roundsFrom'];
  request: RequestOptions;
  /** Connection settings; the CA files are read by the CLI before the session starts. */
  connection: {
    connectTimeoutMs: number;
    insecure: boolean;
    caFiles: readonly string[];
    connections: ConnectionReuse;
    protocol: HttpProtocol;
    routes: readonly Route[];
  };
  gates: Gates & {
    /** Earlier report to compare with; null when not asked. */
    baselinePath: string | null;
  };
  /** Report as JSON on stdout instead of text. */
  json: boolean;
  /** JSON report: every request (full), or aggregates, failed and slowest URLs (summary); auto by list size. */
  detail: ReportDetailChoice;
  /** Files the report is also written to, in the order of the flags' table in --help. */
  exports: readonly ExportFile[];
  /** GitHub Actions annotations, step summary and step outputs: on, off, or (auto) when GITHUB_ACTIONS=true. */
  github: GithubWhen;
  display: DisplayFlags;
}

/** Turns commander's raw flags into RunOptions; `version` goes into the User-Agent. */
export function parseRunOptions(raw: RawRunFlags, version: string): Readonly<RunOptions> {
  const mode = parseChoice('--mode', raw.mode ?? DEFAULTS.mode, MODE_CHOICES);
  const modes: readonly Mode[] = mode === 'both' ? ['serial', 'concurrent'] : [mode];
  const baselinePath = parseFileName('--baseline', raw.baseline);

  const thresholds = (raw.threshold ?? []).map(parseThreshold);
  if (raw.minSpeedup !== undefined) {
    if (mode !== 'both') {
      throw new UsageError(`--min-speedup compares the two modes, so it needs --mode both (got --mode ${mode})`);
    }
    thresholds.push(thresholdSpec('speedup', '>=', parsePositiveNumber('--min-speedup', raw.minSpeedup)));
  }
  if (raw.maxRegression !== undefined) {
    if (baselinePath === null) throw new UsageError('--max-regression needs --baseline <report.json> to compare with');
    const percent = parseNonNegativeNumber('--max-regression', raw.maxRegression);
    for (const m of modes) thresholds.push(thresholdSpec(`${m}.regression`, '<=', percent));
  }
  for (const spec of thresholds) assertMeasurable(spec, modes, baselinePath !== null);

  // A gate needs rounds to judge against noise: 5 after a warm-up, unless the flags say otherwise.
  const gated = thresholds.length > 0 && raw.runs === undefined;
  const roundsFrom: ReportOptions['roundsFrom'] =
    raw.runs !== undefined ? 'flags' : gated ? 'gate-defaults' : raw.warmup !== undefined ? 'flags' : 'defaults';

  const exports: ExportFile[] = [];
  for (const [flag, format, value] of [
    ['--output', 'json', raw.output],
    ['--markdown', 'markdown', raw.markdown],
    ['--html', 'html', raw.html],
    ['--ndjson', 'ndjson', raw.ndjson],
    ['--csv', 'csv', raw.csv],
    ['--bencher', 'bencher', raw.bencher],
    ['--benchmark-action', 'benchmark-action', raw.benchmarkAction],
  ] as const) {
    const path = parseFileName(flag, value);
    if (path !== null) exports.push({ format, path, flag });
  }

  return deepFreeze({
    mode,
    schedule: {
      modes,
      concurrency: parseCount('--concurrency', raw.concurrency, DEFAULTS.concurrency, 1, LIMITS.concurrency),
      runs: parseCount('--runs', raw.runs, gated ? DEFAULTS.gatedRuns : DEFAULTS.runs, 1, LIMITS.runs),
      warmup: parseCount('--warmup', raw.warmup, gated ? DEFAULTS.gatedWarmup : DEFAULTS.warmup, 0, LIMITS.warmup),
    },
    roundsFrom,
    ...parseRequestFlags(raw, version),
    gates: {
      thresholds,
      inconclusive: parseChoice('--inconclusive', raw.inconclusive ?? DEFAULTS.inconclusive, INCONCLUSIVE_CHOICES),
      baselinePath,
    },
    json: raw.json ?? false,
    detail: parseChoice('--detail', raw.detail ?? DEFAULTS.detail, DETAIL_CHOICES),
    exports,
    github: parseChoice('--github', raw.github ?? DEFAULTS.github, GITHUB_CHOICES),
    display: {
      quiet: raw.quiet ?? false,
      table: parseChoice('--table', raw.table ?? DEFAULTS.table, TABLE_CHOICES),
      progress: raw.progress,
      timeline: raw.timeline,
      ascii: raw.ascii ?? false,
      color: raw.color ?? true,
    },
  });
}

/** The flags that say how each request is made, shared by the comparison and the sweep. */
type RawRequestFlags = Pick<
  RawRunFlags,
  | 'timeout'
  | 'header'
  | 'maxBytes'
  | 'maxRedirects'
  | 'retries'
  | 'compressed'
  | 'connectTimeout'
  | 'insecure'
  | 'connections'
  | 'protocol'
  | 'resolve'
  | 'connectTo'
  | 'ca'
>;

function parseRequestFlags(raw: RawRequestFlags, version: string): Pick<RunOptions, 'request' | 'connection'> {
  return {
    request: {
      timeoutMs: parseCount('--timeout', raw.timeout, DEFAULTS.timeoutMs, 1, LIMITS.timerMs),
      userAgent: `corofetch/${version}`,
      headers: parseHeaders(raw.header ?? []),
      maxBytes: raw.maxBytes === undefined ? null : parseByteCount('--max-bytes', raw.maxBytes),
      maxRedirects: parseCount('--max-redirects', raw.maxRedirects, DEFAULTS.maxRedirects, 0, LIMITS.redirects),
      retries: parseCount('--retries', raw.retries, DEFAULTS.retries, 0, LIMITS.retries),
      compressed: raw.compressed ?? false,
    },
    connection: {
      connectTimeoutMs: parseCount(
        '--connect-timeout',
        raw.connectTimeout,
        DEFAULTS.connectTimeoutMs,
        1,
        LIMITS.timerMs,
      ),
      insecure: raw.insecure ?? false,
      connections: parseChoice('--connections', raw.connections ?? DEFAULTS.connections, CONNECTIONS_CHOICES),
      protocol: parseChoice('--protocol', raw.protocol ?? DEFAULTS.protocol, PROTOCOL_CHOICES),
      routes: [...(raw.resolve ?? []).map(parseResolve), ...(raw.connectTo ?? []).map(parseConnectTo)],
      caFiles: (raw.ca ?? []).map((file) => parseFileName('--ca', file)!),
    },
  };
}

/** `corofetch sweep`'s own flags, and the request flags it shares with the comparison. */
export interface RawSweepFlags extends RawRequestFlags {
  levels?: string;
  reps?: string;
  warmup?: string;
  order?: string;
  seed?: string;
  kneeTolerance?: string;
  json?: boolean;
  output?: string;
  csv?: string;
  html?: string;
  quiet?: boolean;
  ascii?: boolean;
  color?: boolean;
  progress?: boolean;
}

export interface SweepOptions extends Pick<RunOptions, 'request' | 'connection'> {
  /** --levels; null for the default levels. */
  levels: number[] | null;
  reps: number;
  warmup: number;
  order: 'shuffled' | 'ascending';
  seed: number;
  /** A fraction: 0.1 for --knee-tolerance 10. */
  kneeTolerance: number;
  json: boolean;
  exports: readonly ExportFile[];
  display: Pick<DisplayFlags, 'quiet' | 'progress' | 'ascii' | 'color'>;
}

const ORDER_CHOICES = ['shuffled', 'ascending'] as const;

/** Turns `corofetch sweep`'s raw flags into SweepOptions; `randomSeed` is used when --seed is not given. */
export function parseSweepOptions(raw: RawSweepFlags, version: string, randomSeed: number): Readonly<SweepOptions> {
  const exports: ExportFile[] = [];
  for (const [flag, format, value] of [
    ['--output', 'json', raw.output],
    ['--csv', 'csv', raw.csv],
    ['--html', 'html', raw.html],
  ] as const) {
    const path = parseFileName(flag, value);
    if (path !== null) exports.push({ format, path, flag });
  }
  // `10` and `10%` alike: the flag is a percentage.
  const tolerance =
    raw.kneeTolerance === undefined ? DEFAULTS.kneeTolerancePercent : parseDecimal(raw.kneeTolerance.replace(/%$/, ''));
  if (!(tolerance > 0 && tolerance < 100)) {
    throw new UsageError(
      `--knee-tolerance is a percentage above 0 and below 100, got ${shown(raw.kneeTolerance ?? '')}`,
    );
  }
  return deepFreeze({
    levels: raw.levels === undefined ? null : parseLevels(raw.levels),
    reps: parseCount('--reps', raw.reps, DEFAULTS.sweepReps, 1, LIMITS.runs),
    warmup: parseCount('--warmup', raw.warmup, DEFAULTS.sweepWarmup, 0, LIMITS.warmup),
    order: parseChoice('--order', raw.order ?? DEFAULTS.sweepOrder, ORDER_CHOICES),
    seed: raw.seed === undefined ? randomSeed : parseInteger('--seed', raw.seed, 0, 2 ** 32 - 1),
    kneeTolerance: tolerance / 100,
    ...parseRequestFlags(raw, version),
    json: raw.json ?? false,
    exports,
    display: { quiet: raw.quiet ?? false, progress: raw.progress, ascii: raw.ascii ?? false, color: raw.color ?? true },
  });
}

/** Freezes a plain value and everything in it, so no stage can change what another one reads. */
function deepFreeze<T>(value: T): Readonly<T> {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}

/** Each -H as `Name: value` → [name, value]; the messages never repeat a value, which may be a secret. */
function parseHeaders(texts: readonly string[]): Array<readonly [string, string]> {
  const headers = texts.map(parseHeader);
  const hosts = headers.filter(([name]) => name.toLowerCase() === 'host');
  if (hosts.length > 1) throw new UsageError("-H/--header 'Host' is given twice; a request has one Host");
  return headers;
}

function parseHeader(text: string): readonly [string, string] {
  const colon = text.indexOf(':');
  const name = colon === -1 ? '' : text.slice(0, colon).trim();
  if (!HEADER_NAME.test(name)) {
    throw new UsageError(
      `-H/--header must be 'Name: value' with a valid header name (got a header named ${shown(name)})`,
    );
  }
  const why = FORBIDDEN_HEADERS.get(name.toLowerCase());
  if (why !== undefined) throw new UsageError(`-H/--header '${name}' cannot be set: ${why}`);
  const value = text.slice(colon + 1).trim();
  if (/[\r\n\0]/.test(value)) throw new UsageError(`-H/--header '${name}': the value has a line break or NUL`);
  if (!HEADER_VALUE.test(value)) {
    throw new UsageError(
      `-H/--header '${name}': the value has a character a header cannot carry (a control character, or one beyond Latin-1)`,
    );
  }
  return [name, value];
}

/** A byte count, optionally with k, M or G (powers of 1024): 1048576, 1024k and 1M are the same. */
function parseByteCount(flag: string, value: string): number {
  const match = /^\s*(\d+)\s*([kmg]?)i?b?\s*$/i.exec(value);
  const n = match === null ? Number.NaN : Number(match[1]) * BYTE_UNITS[match[2]!.toLowerCase()]!;
  if (!Number.isSafeInteger(n) || n < 1)
    throw new UsageError(`${flag} must be a byte count >= 1 such as 1048576 or 10M, got ${shown(value)}`);
  return n;
}

export interface ServeOptions {
  host: string;
  port: number;
  tls: boolean;
  http2: boolean;
  /** Most /page requests served at once (the rest wait); null for no limit. */
  maxInFlight: number | null;
}

/** `corofetch serve`'s flags as commander hands them over. */
export interface RawServeFlags {
  host?: string;
  port?: string;
  tls?: boolean;
  http2?: boolean;
  maxInFlight?: string;
}

export function parseServeOptions(raw: RawServeFlags): Readonly<ServeOptions> {
  const port = raw.port === undefined ? DEFAULTS.port : parseInteger('--port', raw.port, 0, 65_535);
  const host = raw.host ?? DEFAULTS.host;
  if (host.trim() === '') throw new UsageError('--host needs an address, e.g. 127.0.0.1');
  const maxInFlight =
    raw.maxInFlight === undefined ? null : parseInteger('--max-in-flight', raw.maxInFlight, 1, LIMITS.concurrency);
  return Object.freeze({ host, port, tls: raw.tls ?? false, http2: raw.http2 ?? false, maxInFlight });
}

function parseChoice<T extends string>(flag: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${choices.join(', ')}, got ${shown(value)}`);
}

function parseFileName(flag: string, value: string | undefined): string | null {
  if (value === undefined) return null;
  if (value.trim() === '') throw new UsageError(`${flag} needs a file name`);
  return value;
}

/** A whole number from min to max, or the fallback when the flag is absent. */
function parseCount(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  return value === undefined ? fallback : parseInteger(flag, value, min, max);
}

function parseInteger(flag: string, value: string, min: number, max: number): number {
  const n = /^\s*\d+\s*$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
    throw new UsageError(`${flag} must be ${range}, got ${shown(value)}`);
  }
  return n;
}

function parsePositiveNumber(flag: string, value: string): number {
  const n = parseDecimal(value);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(`${flag} must be a number above 0, got ${shown(value)}`);
  return n;
}

function parseNonNegativeNumber(flag: string, value: string): number {
  const n = parseDecimal(value);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number >= 0, got ${shown(value)}`);
  return n;
}

function parseDecimal(value: string): number {
  return /^\s*(\d+\.?\d*|\.\d+)\s*$/.test(value) ? Number(value) : Number.NaN;
}
