import type { Mode, Report, ThresholdCheck } from '../core/types.js';
import {
  describeIdeal,
  formatBytes,
  formatChange,
  formatCount,
  formatGap,
  formatInterval,
  formatIntervalOf,
  formatMetric,
  formatMs,
  formatPercent,
  formatRatio,
  describeWire,
  modesIn,
} from './format.js';
import { printable } from './printable.js';
import type { Style } from './style.js';

/** The closing lines of the text report: each mode, the speedup, the baseline, and every gate's verdict. */
export function renderSummary(report: Report, style: Style): string {
  const { chalk } = style;
  const { comparison, baseline } = report;
  const modes = modesIn(report);
  const lines: string[] = [];
  for (const mode of modes) {
    const summary = report.modes[mode]!;
    const urls = summary.okUrls + summary.failedUrls;
    const outcome =
      summary.failedUrls > 0
        ? chalk.red(
            `${formatCount(summary.okUrls)} of ${formatCount(urls)} URLs ok, ${formatCount(summary.failedUrls)} failed`,
          )
        : chalk.green(`${formatCount(summary.okUrls)} URL${summary.okUrls === 1 ? '' : 's'} ok`);
    const spread =
      summary.rounds > 1
        ? `, median of ${summary.rounds} rounds (${formatMs(summary.wallMs.min)}–${formatMs(summary.wallMs.max)})`
        : '';
    const vsIdeal =
      mode === 'concurrent' && comparison !== undefined
        ? `, ${formatPercent(comparison.efficiency)} of ideal (${formatMs(comparison.idealWallMs)})`
        : '';
    const wire = describeWire(summary);
    lines.push(
      `${chalk.bold(mode.padEnd(11))}${formatMs(summary.wallMs.median).padStart(10)}   ` +
        `${formatBytes(summary.bytesPerRound).padStart(14)}   ${outcome}${wire === null ? '' : `, ${wire}`}${spread}${vsIdeal}`,
    );
  }
  if (comparison !== undefined) {
    const anyFailed = modes.some((mode) => report.modes[mode]!.failedUrls > 0);
    const slots = Math.min(report.options.concurrency, report.urls.length);
    const interval = comparison.speedupInterval;
    lines.push(
      `${chalk.bold('speedup'.padEnd(11))}${chalk.bold(formatRatio(comparison.speedup).padStart(10))}   ` +
        `ideal ${formatRatio(comparison.idealSpeedup)} at concurrency ${slots}` +
        (interval !== undefined ? `; ${formatInterval(interval)} over ${comparison.pairRatios.length} rounds` : '') +
        (anyFailed ? chalk.yellow(' (timings include failed requests)') : ''),
    );
    if (comparison.slowestFirstWallMs <= comparison.idealWallMs * 0.95) {
      lines.push(`${' '.repeat(24)}${describeIdeal(comparison)}`);
    }
  }
  if (baseline !== undefined) {
    const changes = modes
      .filter((mode) => baseline.modes[mode] !== undefined)
      .map((mode) => `${mode} ${changeCell(baseline.modes[mode]!.ratio, style)}`);
    lines.push(
      `${chalk.bold('baseline'.padEnd(11))}${changes.join(', ')} in wall time since ${printable(baseline.file)} (${printable(baseline.startedAt)})`,
    );
  }
  for (const check of report.thresholds) lines.push(describeThreshold(check, report, style));
  return lines.join('\n');
}

/** A verdict that says which figure broke which limit, and by how much. */
export function describeThreshold(check: ThresholdCheck, report: Report, style: Style): string {
  const { chalk } = style;
  const head = `threshold ${check.expr}:`;
  if (check.outcome === 'not-judged') return chalk.yellow(`${head} not judged (interrupted before it was measured)`);
  if (check.actual === null) return chalk.red(`${head} FAILED (not measured)`);
  const measured = `measured ${formatMetric(check.metric, check.actual)}`;
  const interval = check.interval !== undefined ? `, ${formatIntervalOf(check.metric, check.interval)}` : '';
  if (check.outcome === 'inconclusive') {
    const policy = report.options.inconclusive;
    const verdict = check.passed
      ? `counted as passed (--inconclusive ${policy})`
      : 'counted as FAILED (--inconclusive fail)';
    const paint = check.passed ? chalk.yellow : chalk.red;
    const differ = report.baseline?.modes[check.metric.split('.')[0] as Mode]?.settingsDiffer;
    const why =
      check.metric.endsWith('.regression') && differ !== undefined
        ? `the baseline was measured with other settings (${differ.join('; ')})`
        : `add --runs (${measured}${interval} straddles ${check.limit})`;
    return paint(`${head} inconclusive: ${why}; ${verdict}`);
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
