import { medianDurations } from './result-columns.js';
import { InputError } from './errors.js';
import { welchLogRatioInterval } from './intervals.js';
import { geometricMean } from './stats.js';
import {
  type BaselineChange,
  type BaselineComparison,
  type Mode,
  MODES,
  type ModeSummary,
  type Report,
  type ReportOptions,
} from './types.js';

/** The schema version of the reports this corofetch writes, and so of the baselines it reads. */
export const SCHEMA_VERSION = 2;

/** The parts of an earlier report a comparison reads (the file was checked against the schema first). */
export interface BaselineReport {
  version: string;
  startedAt: string;
  urls: readonly string[];
  options: ReportOptions;
  /** Per mode: the wall time of each round, and each URL's median duration. */
  modes: Partial<Record<Mode, { wallSamples: number[]; urlMedianMs: number[] }>>;
}

/** Refuses, by name, a report of another schema version: the first thing to say about an old baseline. */
export function assertBaselineVersion(json: unknown, file: string): void {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof json === 'object' && json !== null && version !== undefined && version !== SCHEMA_VERSION) {
    throw new InputError(
      `baseline '${file}' has schemaVersion ${JSON.stringify(version).slice(0, 20)}; this corofetch reads ` +
        `schemaVersion ${SCHEMA_VERSION}: measure the baseline again with this version`,
    );
  }
}

/** Reads an earlier report that is valid against the schema (cli/inputs.ts checks that before). */
export function parseBaseline(json: unknown): BaselineReport {
  const report = json as Report;
  const modes: BaselineReport['modes'] = {};
  for (const mode of MODES) {
    const summary: ModeSummary | undefined = report.modes[mode];
    if (summary === undefined) continue;
    modes[mode] = {
      wallSamples: summary.wallMs.samples,
      urlMedianMs: Array.from(medianDurations(summary.urls)),
    };
  }
  return {
    version: report.tool.version,
    startedAt: report.startedAt,
    urls: report.urls,
    // Reports from before --connections (corofetch 0.1.0 of issue 14) always reused connections.
    // Reports from before these were recorded (issues 12 and 11) measured with what are now the defaults.
    options: {
      ...report.options,
      connections: report.options.connections ?? 'reuse',
      // Before --protocol, corofetch offered only HTTP/1.1.
      protocol: report.options.protocol ?? 'http1',
      compressed: report.options.compressed ?? false,
      routes: report.options.routes ?? [],
    },
    modes,
  };
}

/**
 * How the baseline's URLs match this list: the same URLs in the same order (`exact`), or, when every URL
 * differs only in scheme, host or port — a fixture or a service on a random port in CI — the same paths and
 * queries in the same order (`path`). Anything else is an InputError saying where the lists part; checked
 * before the first request too.
 */
export function matchUrls(baseline: BaselineReport, file: string, urls: readonly string[]): 'exact' | 'path' {
  const fail = (where: string): never => {
    throw new InputError(`baseline '${file}' measured another URL list (${where}); compare runs of the same list`);
  };
  if (baseline.urls.length !== urls.length) fail(`it has ${baseline.urls.length} URLs, this list ${urls.length}`);
  if (baseline.urls.every((url, i) => url === urls[i])) return 'exact';
  const differsAt = baseline.urls.findIndex((url, i) => pathOf(url) !== pathOf(urls[i]!));
  if (differsAt !== -1) fail(`URL ${differsAt + 1} differs, and not only in scheme, host or port`);
  return 'path';
}

function pathOf(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.pathname}${parsed.search}`;
  } catch {
    return url;
  }
}

/** The settings that change what is measured; a baseline taken with others compares different work. */
const COMPARED_SETTINGS = [
  'mode',
  'concurrency',
  'runs',
  'timeoutMs',
  'connectTimeoutMs',
  'connections',
  'protocol',
  'compressed',
  'routes',
  'maxBytes',
  'maxRedirects',
  'retries',
  'headerNames',
  'insecure',
  'proxy',
] as const satisfies ReadonlyArray<keyof ReportOptions>;

/** Each compared setting that differs, as `name: then → now`; with `mode`, only those that matter to it. */
export function diffSettings(then: ReportOptions, now: ReportOptions, mode?: Mode): string[] {
  const show = (value: unknown): string => (Array.isArray(value) ? `[${value.join(', ')}]` : String(value));
  // The serial loop opens one connection per origin whatever --concurrency says.
  const matters = (key: (typeof COMPARED_SETTINGS)[number]): boolean => !(mode === 'serial' && key === 'concurrency');
  return COMPARED_SETTINGS.filter((key) => matters(key) && show(then[key]) !== show(now[key])).map(
    (key) => `${key}: ${show(then[key])} → ${show(now[key])}`,
  );
}

/**
 * Changes since the baseline, as ratios now / then: per mode, the geometric means of the rounds' wall
 * times with Welch's interval of their ratio (2 or more rounds on each side); per URL, the median durations.
 */
export function compareWithBaseline(
  baseline: BaselineReport,
  file: string,
  current: Pick<Report, 'urls' | 'modes' | 'options'>,
): BaselineComparison {
  const urlMatch = matchUrls(baseline, file, current.urls);
  const modes: BaselineComparison['modes'] = {};
  for (const mode of MODES) {
    const then = baseline.modes[mode];
    const now = current.modes[mode];
    if (then === undefined || now === undefined) continue;
    const interval = welchLogRatioInterval(then.wallSamples, now.wallMs.samples);
    const differ = diffSettings(baseline.options, current.options, mode);
    modes[mode] = {
      ...change(geometricMean(then.wallSamples), geometricMean(now.wallMs.samples)),
      ...(interval !== null && { interval: { ...interval, method: 'welch-log-ratio' as const } }),
      ...(differ.length > 0 && { settingsDiffer: differ }),
    };
  }
  const urls = current.urls.map((url, i) => {
    const row: BaselineComparison['urls'][number] = { url };
    for (const mode of MODES) {
      const then = baseline.modes[mode];
      const now = current.modes[mode];
      if (then !== undefined && now !== undefined) {
        row[mode] = change(then.urlMedianMs[i]!, now.urls.at(i)!.durationMs.median);
      }
    }
    return row;
  });
  return {
    file,
    version: baseline.version,
    startedAt: baseline.startedAt,
    urlMatch,
    settingsDiffer: diffSettings(baseline.options, current.options),
    modes,
    urls,
  };
}

function change(baselineMs: number, currentMs: number): BaselineChange {
  return { baselineMs, currentMs, ratio: baselineMs > 0 ? currentMs / baselineMs : null };
}
