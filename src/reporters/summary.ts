import type { Report, ThresholdCheck } from '../core/types.js';
import {
  formatBytes,
  formatChange,
  formatGap,
  formatInterval,
  formatMetric,
  formatMs,
  formatPercent,
  formatRatio,
  modesIn,
  printable,
} from './format.js';
import type { Style } from './style.js';

/** The closing lines of the text report: each mode, the speedup, the baseline, and every threshold's verdict. */
export function renderSummary(report: Report, style: Style): string {
  const { chalk } = style;
  const { comparison, baseline } = report;
  const modes = modesIn(report);
  const lines: string[] = [];
  for (const mode of modes) {
    const summary = report.modes[mode]!;
    const outcome =
      summary.failed > 0 ? chalk.red(`${summary.ok} ok, ${summary.failed} failed`) : chalk.green(`${summary.ok} ok`);
    const spread =
      summary.runs.length > 1
        ? `, median of ${summary.runs.length} runs (${formatMs(summary.wallMs.min)}–${formatMs(summary.wallMs.max)})`
        : '';
    const vsIdeal =
      mode === 'concurrent' && comparison !== undefined
        ? `, ${formatPercent(comparison.efficiency)} of ideal (${formatMs(comparison.idealWallMs)})`
        : '';
    lines.push(
      `${chalk.bold(mode.padEnd(11))}${formatMs(summary.wallMs.median).padStart(10)}   ` +
        `${formatBytes(summary.totalBytes).padStart(14)}   ${outcome}${spread}${vsIdeal}`,
    );
  }
  if (comparison !== undefined) {
    const anyFailed = modes.some((mode) => report.modes[mode]!.failed > 0);
    const slots = Math.min(report.options.concurrency, report.urls.length);
    const interval = comparison.speedupInterval;
    lines.push(
      `${chalk.bold('speedup'.padEnd(11))}${chalk.bold(formatRatio(comparison.speedup).padStart(10))}   ` +
        `ideal ${formatRatio(comparison.idealSpeedup)} at concurrency ${slots}` +
        (interval !== undefined
          ? `; ${formatInterval(interval)} over ${comparison.pairRatios.length} paired runs`
          : '') +
        (anyFailed ? chalk.yellow(' (timings include failed requests)') : ''),
    );
  }
  if (baseline !== undefined) {
    const changes = modes
      .filter((mode) => baseline.modes[mode] !== undefined)
      .map((mode) => `${mode} ${changeCell(baseline.modes[mode]!.ratio, style)}`);
    lines.push(
      `${chalk.bold('baseline'.padEnd(11))}${changes.join(', ')} in median wall time since ${printable(baseline.file)} (${printable(baseline.startedAt)})`,
    );
  }
  for (const check of report.thresholds) lines.push(renderThreshold(check, style));
  return lines.join('\n');
}

/** A verdict that says which figure broke which limit, and by how much. */
function renderThreshold(check: ThresholdCheck, style: Style): string {
  const { chalk } = style;
  const head = `threshold ${check.expr}:`;
  if (check.actual === null) return chalk.red(`${head} FAILED (not measured)`);
  const measured = `measured ${formatMetric(check.metric, check.actual)}`;
  const interval = check.interval !== undefined ? `, ${formatInterval(check.interval, 3)}` : '';
  if (check.outcome === 'inconclusive') {
    const verdict = check.passed ? 'counted as passed (--inconclusive pass)' : 'counted as FAILED';
    const paint = check.passed ? chalk.yellow : chalk.red;
    return paint(`${head} inconclusive: add --runs (${measured}${interval} straddles ${check.limit}); ${verdict}`);
  }
  if (check.passed) return chalk.green(`${head} passed (${measured}${interval})`);
  const direction = check.op === '<' || check.op === '<=' ? 'over' : check.op === '==' ? 'off' : 'short';
  return chalk.red(
    `${head} FAILED (${measured}${interval}, ${direction} by ${formatGap(check.metric, check.actual, check.limit)})`,
  );
}

/** A change against the baseline, red past +5% and green past −5%. */
export function changeCell(ratio: number | null, style: Style): string {
  const text = formatChange(ratio);
  if (ratio === null) return text;
  return ratio > 1.05 ? style.chalk.red(text) : ratio < 0.95 ? style.chalk.green(text) : text;
}
