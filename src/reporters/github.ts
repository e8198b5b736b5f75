import { randomUUID } from 'node:crypto';
import type { Report, ThresholdCheck } from '../core/types.js';
import { describeInterruption, failedUrls, formatCount, roundsOf, shortenMiddle } from './format.js';
import { printable } from './printable.js';
import { renderMarkdown } from './markdown.js';
import { PLAIN } from './style.js';
import { describeThreshold } from './summary.js';

/**
 * GitHub shows at most 10 error and 10 warning annotations per step and drops the rest; the ones past it
 * are counted in one plain line instead, and the step summary and the report list them all.
 */
export const ANNOTATIONS_PER_KIND = 10;
// Long enough for any message corofetch writes; a URL of 60,000 characters is shortened in the middle.
const MESSAGE_CHARS = 1_000;

type Level = 'error' | 'warning';
interface Annotation {
  level: Level;
  title: string;
  message: string;
}

/** Lines about the outputs: files asked for that could not be written (errors), step files left alone (warnings). */
export interface OutputProblems {
  failed: readonly string[];
  skipped: readonly string[];
}

/**
 * Workflow commands for the finished report, one per line, for stderr (the runner reads them there as it
 * does on stdout, so `--json` stdout stays clean): an interruption, each output that could not be written,
 * each failed gate and each failed URL are errors; each output left alone, each inconclusive gate and each
 * warning a warning. The most important come first.
 */
export function renderAnnotations(report: Report, outputs: OutputProblems = { failed: [], skipped: [] }): string {
  const annotations: Annotation[] = [];
  const interruption = describeInterruption(report);
  if (interruption !== null)
    annotations.push({ level: 'error', title: 'corofetch: interrupted', message: interruption });
  for (const line of outputs.failed) annotations.push({ level: 'error', title: 'corofetch: output', message: line });
  for (const check of report.thresholds) {
    if (check.outcome === 'failed' || (check.outcome === 'inconclusive' && !check.passed)) {
      annotations.push({
        level: 'error',
        title: `corofetch: gate ${check.expr} failed`,
        message: verdict(check, report),
      });
    }
  }
  for (const f of failedUrls(report)) {
    annotations.push({
      level: 'error',
      title: `corofetch: ${f.code}`,
      message: `${shortenMiddle(f.url, MESSAGE_CHARS / 2)} failed (${f.mode}${roundsOf(f.failedRounds, f.rounds)}): ${f.message}`,
    });
  }
  for (const check of report.thresholds) {
    if (check.outcome === 'inconclusive' && check.passed) {
      annotations.push({
        level: 'warning',
        title: `corofetch: gate ${check.expr} inconclusive`,
        message: verdict(check, report),
      });
    }
  }
  for (const line of outputs.skipped) annotations.push({ level: 'warning', title: 'corofetch: output', message: line });
  for (const w of report.warnings)
    annotations.push({ level: 'warning', title: `corofetch: ${w.code}`, message: w.message });

  const lines: string[] = [];
  for (const level of ['error', 'warning'] as const) {
    const ofLevel = annotations.filter((a) => a.level === level);
    for (const a of ofLevel.slice(0, ANNOTATIONS_PER_KIND)) lines.push(workflowCommand(a));
    const more = ofLevel.length - ANNOTATIONS_PER_KIND;
    if (more > 0) {
      lines.push(
        `corofetch: ${formatCount(more)} more ${level}${more === 1 ? '' : 's'} not annotated ` +
          `(GitHub shows ${ANNOTATIONS_PER_KIND} of each kind per step); the report lists them all`,
      );
    }
  }
  return lines.map((line) => `${line}\n`).join('');
}

/** The summary's verdict on a gate without its `threshold EXPR:` head, which the title carries. */
function verdict(check: ThresholdCheck, report: Report): string {
  const line = describeThreshold(check, report, PLAIN);
  const head = `threshold ${check.expr}: `;
  return line.startsWith(head) ? line.slice(head.length) : line;
}

/** `::error title=…::message`, escaped as GitHub's toolkit escapes it (@actions/core command.ts). */
function workflowCommand({ level, title, message }: Annotation): string {
  const text = shortenMiddle(printable(message), MESSAGE_CHARS);
  return `::${level} title=${escapeProperty(printable(title))}::${escapeData(text)}`;
}

export function escapeData(text: string): string {
  return text.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/** GitHub drops a step summary over 1 MiB whole (the step's file, every command's part of it together). */
export const STEP_SUMMARY_FILE_BYTES = 1024 * 1024;
/** corofetch's part: a quarter of that, so earlier and later commands of the step keep room. */
const STEP_SUMMARY_BYTES = 256 * 1024;

/** The Markdown summary for $GITHUB_STEP_SUMMARY: cut at a line, with a note, past 256 KiB. */
export function renderStepSummary(report: Report): string {
  // A blank line first: what an earlier command appended may not end its last line.
  const markdown = `\n${renderMarkdown(report)}`;
  if (Buffer.byteLength(markdown) <= STEP_SUMMARY_BYTES) return markdown;
  const note = `\n> …cut at ${STEP_SUMMARY_BYTES / 1024} KiB to keep the step summary within GitHub's limit; the JSON report has everything.\n`;
  let room = STEP_SUMMARY_BYTES - Buffer.byteLength(note);
  const kept: string[] = [];
  for (const line of markdown.split('\n')) {
    room -= Buffer.byteLength(line) + 1;
    if (room < 0) break;
    kept.push(line);
  }
  return `${kept.join('\n')}\n${note}`;
}

/** The files a report was written to, by the output name a later step reads them under. */
export type ReportFiles = Partial<
  Record<'report' | 'markdown' | 'html' | 'ndjson' | 'csv' | 'bencher' | 'benchmark-action', string>
>;

/**
 * Step outputs for $GITHUB_OUTPUT, so a later step can read `steps.<id>.outputs.speedup`: the overall
 * outcome and exit code, the speedup and its interval, each gate's outcome (`gate-` and its metric, `.`
 * as `-`; a metric gated twice gets `-2`), and the files written.
 */
export function renderStepOutputs(report: Report, files: ReportFiles, exitCode = report.exitCode): string {
  const outputs: Array<[string, string]> = [
    ['outcome', report.interruption !== null ? 'interrupted' : exitCode === 0 ? 'passed' : 'failed'],
    ['exit-code', String(exitCode)],
  ];
  const c = report.comparison;
  if (c !== undefined && c.speedup !== null) {
    outputs.push(['speedup', decimal(c.speedup)]);
    if (c.speedupInterval !== undefined) {
      outputs.push(['speedup-low', decimal(c.speedupInterval.low)], ['speedup-high', decimal(c.speedupInterval.high)]);
    }
  }
  const taken = new Map<string, number>();
  for (const check of report.thresholds) {
    const base = `gate-${check.metric.replaceAll('.', '-')}`;
    const seen = (taken.get(base) ?? 0) + 1;
    taken.set(base, seen);
    outputs.push([seen === 1 ? base : `${base}-${seen}`, check.outcome]);
  }
  for (const [name, path] of Object.entries(files)) outputs.push([name, path]);
  return outputs.map(([name, value]) => outputLine(name, value)).join('');
}

/** Four decimals, no trailing zeros: what a comparison in a later step needs. */
function decimal(value: number): string {
  return String(Number(value.toFixed(4)));
}

/** `name=value`, or — for a value with a line break, which a path may hold — the toolkit's heredoc form. */
function outputLine(name: string, value: string): string {
  if (!/[\r\n]/.test(value)) return `${name}=${value}\n`;
  const delimiter = `ghadelimiter_${randomUUID()}`;
  return `${name}<<${delimiter}\n${value}\n${delimiter}\n`;
}
