import { MODES, type BaselineChange, type BaselineComparison, type Mode, type Report } from './types.js';
import { InputError } from './errors.js';
import { medianOf } from './stats.js';

/** The parts of an earlier report a comparison reads; checked field by field, since it came from a file. */
export interface BaselineReport {
  version: string;
  startedAt: string;
  urls: string[];
  modes: Partial<Record<Mode, { medianMs: number; urlMedianMs: number[] }>>;
}

/** Refuses, by name, a report of another schema version: the first thing to say about an old baseline. */
export function assertBaselineVersion(json: unknown, file: string): void {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof json === 'object' && json !== null && version !== undefined && version !== 1) {
    throw new InputError(
      `baseline '${file}' has schemaVersion ${JSON.stringify(version).slice(0, 20)}; this corofetch reads schemaVersion 1`,
    );
  }
}

/** Reads an earlier corofetch report (already JSON-parsed); anything else is an InputError naming the file. */
export function parseBaseline(json: unknown, file: string): BaselineReport {
  const fail = (why: string): never => {
    throw new InputError(`baseline '${file}' ${why}`);
  };
  const report = json as Partial<Report> | null;
  if (typeof report !== 'object' || report === null) return fail('is not a corofetch JSON report');
  if (report.schemaVersion !== 1) {
    return fail(`has schemaVersion ${JSON.stringify(report.schemaVersion)}; this corofetch reads schemaVersion 1`);
  }
  if (!Array.isArray(report.urls) || !report.urls.every((u) => typeof u === 'string')) return fail('has no URL list');
  const modes: BaselineReport['modes'] = {};
  for (const mode of MODES) {
    const summary = report.modes?.[mode];
    if (summary === undefined) continue;
    const runs = summary.runs;
    if (typeof summary.wallMs?.median !== 'number' || !Array.isArray(runs) || runs.length === 0) {
      return fail(`has an unreadable '${mode}' section`);
    }
    const urlMedianMs = report.urls.map((_, i) =>
      medianOf(runs.map((run) => run.results?.[i]?.durationMs ?? fail(`lacks ${mode} durations`))),
    );
    modes[mode] = { medianMs: summary.wallMs.median, urlMedianMs };
  }
  return {
    version: report.tool?.version ?? 'unknown',
    startedAt: report.startedAt ?? 'unknown',
    urls: report.urls,
    modes,
  };
}

/**
 * Changes since the baseline, as ratios now / then, per mode and per URL. Another URL list is an
 * InputError that says where the lists part.
 */
export function compareWithBaseline(
  baseline: BaselineReport,
  file: string,
  current: Pick<Report, 'urls' | 'modes'>,
): BaselineComparison {
  assertSameUrls(baseline, file, current.urls);
  const modes: BaselineComparison['modes'] = {};
  for (const mode of MODES) {
    const then = baseline.modes[mode];
    const now = current.modes[mode];
    if (then !== undefined && now !== undefined) modes[mode] = change(then.medianMs, now.wallMs.median);
  }
  const urls = current.urls.map((url, i) => {
    const row: BaselineComparison['urls'][number] = { url };
    for (const mode of MODES) {
      const then = baseline.modes[mode];
      const now = current.modes[mode];
      if (then !== undefined && now !== undefined)
        row[mode] = change(then.urlMedianMs[i]!, now.urls[i]!.durationMs.median);
    }
    return row;
  });
  return { file, version: baseline.version, startedAt: baseline.startedAt, modes, urls };
}

/** Only the same URL list, in the same order, compares meaningfully; checked before any request too. */
export function assertSameUrls(baseline: BaselineReport, file: string, urls: readonly string[]): void {
  const differsAt = urls.findIndex((url, i) => baseline.urls[i] !== url);
  if (differsAt !== -1 || baseline.urls.length !== urls.length) {
    const where =
      baseline.urls.length !== urls.length
        ? `it has ${baseline.urls.length} URLs, this list ${urls.length}`
        : `URL ${differsAt + 1} differs`;
    throw new InputError(`baseline '${file}' measured another URL list (${where}); compare runs of the same list`);
  }
}

function change(baselineMs: number, currentMs: number): BaselineChange {
  return { baselineMs, currentMs, ratio: baselineMs > 0 ? currentMs / baselineMs : null };
}
