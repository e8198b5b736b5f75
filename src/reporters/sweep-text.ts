import Table from 'cli-table3';
import type { SweepLevel, SweepReport } from '../core/sweep-analysis.js';
import { formatCount, formatMsNumber, hangingWrap } from './format.js';
import type { Style } from './style.js';
import { ASCII_BORDERS } from './url-table.js';

/**
 * Requests per second for people: whole numbers from 100 up. Core's formatRps writes the sweep's sentences
 * the same way; reporters take only types from core (the architecture test).
 */
export function formatRps(rps: number): string {
  return rps >= 100 ? formatCount(Math.round(rps)) : rps.toFixed(1);
}

/**
 * The sweep as a table, one row per level (the knee marked), then what the knee, the model and the
 * client's own load say. `quiet`: those lines only.
 */
export function renderSweepText(
  report: SweepReport,
  style: Style,
  options: { width: number; unicode: boolean; quiet: boolean },
): string {
  // The table keeps its rows whole (a terminal narrower than it scrolls or cuts); the prose is wrapped.
  const table = options.quiet || report.levels.length === 0 ? '' : `${sweepTable(report, style, options.unicode)}\n\n`;
  const times = options.unicode ? '×' : 'x';
  const lines: string[] = [];
  const repeated = report.levels.filter((l) => l.passes > 1);
  if (!options.quiet && repeated.length > 0) {
    lines.push(
      style.chalk.dim(
        `The list (${formatCount(report.urlCount)} URL${report.urlCount === 1 ? '' : 's'}) went round ${repeated.map((l) => `${l.passes}${times} at c = ${l.level}`).join(', ')}: ` +
          `at least ${report.options.requestsPerSlot} requests per slot, so a short list does not end in a half-empty wave.`,
      ),
      '',
    );
  }
  lines.push(`${style.chalk.bold('knee ')} ${report.knee.message}`);
  lines.push(
    `${style.chalk.bold('model')} ${'skipped' in report.model ? `none: ${report.model.skipped}` : modelLine(report)}`,
  );
  lines.push(`${style.chalk.bold('client')} ${report.client.message}`);
  const excluded = report.levels.filter((l) => l.excluded);
  if (excluded.length > 0) {
    lines.push(
      style.chalk.yellow(
        `failed requests at c = ${excluded.map((l) => l.level).join(', ')} (${describeErrors(excluded)}): those levels are left out of the knee and the fits`,
      ),
    );
  }
  if (report.interruption !== null) {
    lines.push(
      style.chalk.yellow(`interrupted by ${report.interruption.signal}: the figures cover the runs made before it`),
    );
  }
  return `${table}${lines.map((line) => hangingWrap(line, options.width)).join('\n')}\n`;
}

function modelLine(report: SweepReport): string {
  if ('skipped' in report.model) return '';
  const { chosen, bounded, usl } = report.model;
  const other = chosen === 'bounded' ? `USL AICc ${usl.aicc.toFixed(1)}` : `bounded AICc ${bounded.aicc.toFixed(1)}`;
  const mine = chosen === 'bounded' ? bounded.aicc : usl.aicc;
  return `${chosen === 'bounded' ? 'bounded' : 'USL'} (AICc ${mine.toFixed(1)} against ${other}): ${report.model.message}`;
}

function describeErrors(levels: readonly SweepLevel[]): string {
  const counts: Record<string, number> = {};
  for (const l of levels) for (const [code, n] of Object.entries(l.errors)) counts[code] = (counts[code] ?? 0) + n;
  return Object.entries(counts)
    .map(([code, n]) => `${formatCount(n)} ${code}`)
    .join(', ');
}

function sweepTable(report: SweepReport, style: Style, unicode: boolean): string {
  const table = new Table({
    head: ['c', 'req/s', '95% interval', 'speedup', 'ideal', 'efficiency', 'p95 ms', 'failed', ''],
    colAligns: ['right', 'right', 'right', 'right', 'right', 'right', 'right', 'right', 'left'],
    chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '', ...(!unicode && ASCII_BORDERS) },
    style: style.color ? { head: ['cyan'], border: ['grey'] } : { head: [], border: [] },
  });
  const dash = unicode ? '–' : '-';
  const times = unicode ? '×' : 'x';
  for (const level of report.levels) {
    const notes: string[] = [];
    if (level.level === report.knee.level) notes.push(style.chalk.green(unicode ? '◀ knee' : '< knee'));
    if (level.excluded) notes.push(style.chalk.yellow('failures: not fitted'));
    if (level.client.busy)
      notes.push(style.chalk.yellow(`client busy (${Math.round((level.client.cpuShare ?? 0) * 100)}% CPU)`));
    table.push([
      String(level.level),
      level.rps === null ? 'n/a' : formatRps(level.rps),
      level.rpsInterval === null
        ? 'n/a'
        : `${formatRps(level.rpsInterval.low)}${dash}${formatRps(level.rpsInterval.high)}`,
      level.speedup === null ? 'n/a' : `${level.speedup.toFixed(2)}${times}`,
      level.idealSpeedup === null ? 'n/a' : `${level.idealSpeedup.toFixed(2)}${times}`,
      level.efficiency === null ? 'n/a' : `${Math.round(level.efficiency * 100)}%`,
      level.requestMs === null ? 'n/a' : formatMsNumber(level.requestMs.p95),
      level.failedRequests === 0 ? '0' : style.chalk.red(formatCount(level.failedRequests)),
      notes.join(', '),
    ]);
  }
  return table.toString();
}

/** One row per measured run, the raw figures a spreadsheet or another fit needs. */
export function renderSweepCsv(report: SweepReport): string {
  const head = 'level,round,passes,wall_ms,requests,failed_requests,bytes,rps,cpu_ms,loop_delay_p99_ms';
  const rows = report.runs.map((r) =>
    [
      r.level,
      r.round,
      r.passes,
      r.wallMs,
      r.requests,
      r.failedRequests,
      r.bytes,
      r.rps,
      r.cpuMs,
      r.loopDelayP99Ms ?? '',
    ].join(','),
  );
  return `${[head, ...rows].join('\n')}\n`;
}

export function renderSweepJson(report: SweepReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
