import type { Report, ThresholdCheck } from '../core/types.js';
import { diagnosisHead } from './diagnosis.js';
import {
  describeIdeal,
  describeInterruption,
  failedUrls,
  formatChange,
  formatCount,
  formatInterval,
  formatIntervalOf,
  formatMetric,
  formatMs,
  formatPercent,
  formatRatio,
  modesIn,
  shortenMiddle,
} from './format.js';

const OUTCOME_MARK = {
  passed: '✅ passed',
  failed: '❌ failed',
  inconclusive: '⚠️ inconclusive',
  'not-judged': '⏸️ not judged (interrupted)',
} as const;

/**
 * The summary as GitHub-flavoured Markdown, for $GITHUB_STEP_SUMMARY or a pull-request comment: modes,
 * medians, speedup, efficiency, baseline changes and every threshold's verdict.
 */
export function renderMarkdown(report: Report): string {
  const lines: string[] = [];
  const interruption = describeInterruption(report);
  if (interruption !== null) lines.push(`> ⏸️ **${escapeCell(interruption)}**`, '');
  // The rounds kept: fewer than asked when a signal cut the session short.
  const runs = report.interruption?.roundsKept ?? report.options.runs;
  lines.push(
    `## corofetch: ${formatCount(report.urls.length)} URL${report.urls.length === 1 ? '' : 's'}, ` +
      `${runs} round${runs === 1 ? '' : 's'}, concurrency ${report.options.concurrency}`,
    '',
    '| mode | median wall | min | max | bytes a round | URLs ok | URLs failed |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const mode of modesIn(report)) {
    const m = report.modes[mode]!;
    lines.push(
      `| ${mode} | ${formatMs(m.wallMs.median)} | ${formatMs(m.wallMs.min)} | ${formatMs(m.wallMs.max)} | ` +
        `${formatCount(m.bytesPerRound)} | ${m.okUrls} | ${m.failedUrls} |`,
    );
  }
  const failed = failedUrls(report);
  if (failed.length > 0) {
    lines.push('', '| failed URL | mode | code | rounds |', '| --- | --- | --- | ---: |');
    for (const f of failed.slice(0, MARKDOWN_FAILED_ROWS)) {
      lines.push(
        `| ${codeSpan(shortenMiddle(f.url, URL_CHARS))} | ${f.mode} | \`${f.code}\` | ${f.failedRounds} of ${f.rounds} |`,
      );
    }
    if (failed.length > MARKDOWN_FAILED_ROWS)
      lines.push('', `…and ${failed.length - MARKDOWN_FAILED_ROWS} more in the JSON report.`);
  }
  const c = report.comparison;
  if (c !== undefined) {
    const interval = c.speedupInterval === undefined ? '' : ` (${formatInterval(c.speedupInterval)})`;
    lines.push(
      '',
      `**Speedup ${formatRatio(c.speedup)}**${interval}; ideal ${formatRatio(c.idealSpeedup)} (${describeIdeal(c)}); ` +
        `efficiency ${formatPercent(c.efficiency)}.`,
    );
  }
  const b = report.baseline;
  if (b !== undefined) {
    const changes = modesIn(report)
      .filter((mode) => b.modes[mode] !== undefined)
      .map((mode) => `${mode} ${formatChange(b.modes[mode]!.ratio)}`);
    lines.push('', `Wall time since baseline \`${escapeCell(b.file)}\`: ${changes.join(', ')}.`);
  }
  if (report.thresholds.length > 0) {
    lines.push('', '| threshold | measured | result |', '| --- | ---: | --- |');
    for (const t of report.thresholds) lines.push(thresholdRow(t));
  }
  if (report.diagnosis.length > 0) {
    lines.push('', '### Why');
    for (const d of report.diagnosis) lines.push('', `- **${diagnosisHead(d)}**: ${escapeCell(d.message)}`);
  }
  for (const w of report.warnings) lines.push('', `> ⚠️ ${escapeCell(w.message)}`);
  return `${lines.join('\n')}\n`;
}

function thresholdRow(t: ThresholdCheck): string {
  const counted = t.outcome === 'inconclusive' ? (t.passed ? ' (counted as passed)' : ' (counted as failed)') : '';
  const interval = t.interval === undefined ? '' : ` (${formatIntervalOf(t.metric, t.interval)})`;
  return `| \`${t.expr}\` | ${formatMetric(t.metric, t.actual)}${interval} | ${OUTCOME_MARK[t.outcome]}${counted} |`;
}

// GitHub keeps a step summary under 1 MiB; a long list of failures goes to the JSON report instead, and a
// URL of thousands of characters is shortened in the middle, where URLs of one list differ least.
const MARKDOWN_FAILED_ROWS = 50;
const URL_CHARS = 300;

/**
 * Text as a Markdown code span in a table cell: fenced by one more backtick than its longest run of them,
 * padded with a space when it holds any (CommonMark §6.1), `|` escaped as GFM tables need even there.
 */
function codeSpan(text: string): string {
  const longest = (text.match(/`+/g) ?? []).reduce((max, run) => Math.max(max, run.length), 0);
  const fence = '`'.repeat(longest + 1);
  const pad = longest > 0 ? ' ' : '';
  return `${fence}${pad}${text.replaceAll('|', '\\|')}${pad}${fence}`;
}

function escapeCell(text: string): string {
  return text.replace(/[|\\`]/g, (ch) => `\\${ch}`);
}
