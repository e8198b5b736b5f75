import type { Report, ThresholdCheck } from '../core/types.js';
import {
  formatChange,
  formatCount,
  formatInterval,
  formatMetric,
  formatMs,
  formatPercent,
  formatRatio,
  modesIn,
} from './format.js';

const OUTCOME_MARK = { passed: '✅ passed', failed: '❌ failed', inconclusive: '⚠️ inconclusive' } as const;

/**
 * The summary as GitHub-flavoured Markdown, for $GITHUB_STEP_SUMMARY or a pull-request comment: modes,
 * medians, speedup, efficiency, baseline changes and every threshold's verdict.
 */
export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  const runs = report.options.runs;
  lines.push(
    `## corofetch: ${formatCount(report.urls.length)} URL${report.urls.length === 1 ? '' : 's'}, ` +
      `${runs} run${runs === 1 ? '' : 's'} per mode, concurrency ${report.options.concurrency}`,
    '',
    '| mode | median wall | min | max | bytes | ok | failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const mode of modesIn(report)) {
    const m = report.modes[mode]!;
    lines.push(
      `| ${mode} | ${formatMs(m.wallMs.median)} | ${formatMs(m.wallMs.min)} | ${formatMs(m.wallMs.max)} | ` +
        `${formatCount(m.totalBytes)} | ${m.ok} | ${m.failed} |`,
    );
  }
  const c = report.comparison;
  if (c !== undefined) {
    const interval = c.speedupInterval === undefined ? '' : ` (${formatInterval(c.speedupInterval)})`;
    lines.push(
      '',
      `**Speedup ${formatRatio(c.speedup)}**${interval}; ideal ${formatRatio(c.idealSpeedup)} (${formatMs(c.idealWallMs)}); ` +
        `efficiency ${formatPercent(c.efficiency)}.`,
    );
  }
  const b = report.baseline;
  if (b !== undefined) {
    const changes = modesIn(report)
      .filter((mode) => b.modes[mode] !== undefined)
      .map((mode) => `${mode} ${formatChange(b.modes[mode]!.ratio)}`);
    lines.push('', `Median wall time since baseline \`${escapeCell(b.file)}\`: ${changes.join(', ')}.`);
  }
  if (report.thresholds.length > 0) {
    lines.push('', '| threshold | measured | result |', '| --- | ---: | --- |');
    for (const t of report.thresholds) lines.push(thresholdRow(t));
  }
  for (const w of report.warnings) lines.push('', `> ⚠️ ${escapeCell(w.message)}`);
  return `${lines.join('\n')}\n`;
}

function thresholdRow(t: ThresholdCheck): string {
  const counted = t.outcome === 'inconclusive' ? (t.passed ? ' (counted as passed)' : ' (counted as failed)') : '';
  return `| \`${t.expr}\` | ${formatMetric(t.metric, t.actual)} | ${OUTCOME_MARK[t.outcome]}${counted} |`;
}

function escapeCell(text: string): string {
  return text.replace(/[|\\`]/g, (ch) => `\\${ch}`);
}
