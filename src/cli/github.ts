import { appendFile } from 'node:fs/promises';
import {
  renderStepOutputs,
  renderStepSummary,
  STEP_SUMMARY_FILE_BYTES,
  type ReportFiles,
} from '../reporters/github.js';
import type { Report } from '../core/types.js';
import type { ExportFormat, GithubWhen } from './options.js';
import { appendWithin, describeWriteError, type Output } from './outputs.js';

/** What GitHub Actions gives a step, read from its environment once. */
export interface GithubStep {
  /** Annotations, the appended summary and step outputs are written. */
  on: boolean;
  /** $GITHUB_STEP_SUMMARY: a --markdown to this file appends, on or off. */
  summaryFile: string | null;
  /** $GITHUB_OUTPUT. */
  outputFile: string | null;
}

/** On with --github on, or (auto) inside a GitHub Actions job, which sets GITHUB_ACTIONS=true. */
export function githubStep(when: GithubWhen, env: NodeJS.ProcessEnv): GithubStep {
  const file = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);
  return {
    on: when === 'on' || (when === 'auto' && env.GITHUB_ACTIONS === 'true'),
    summaryFile: file(env.GITHUB_STEP_SUMMARY),
    outputFile: file(env.GITHUB_OUTPUT),
  };
}

const OUTPUT_NAMES: Record<ExportFormat, keyof ReportFiles> = {
  json: 'report',
  markdown: 'markdown',
  html: 'html',
  ndjson: 'ndjson',
  csv: 'csv',
  bencher: 'bencher',
  'benchmark-action': 'benchmark-action',
};

/**
 * The step's own files, once the report's outputs are written and the exit code is known: the Markdown
 * summary appended to $GITHUB_STEP_SUMMARY (unless a --markdown already went there), and the step outputs
 * to $GITHUB_OUTPUT — the outcome and exit code as the process ends, and only the files actually written.
 * Returns a line for each step file that could not be written: a warning, not a failed command, as nobody
 * asked for these by name.
 */
export async function writeGithubStep(
  step: GithubStep,
  report: Report,
  written: readonly Output[],
  exitCode: number,
): Promise<string[]> {
  const problems: string[] = [];
  if (step.summaryFile !== null && !written.some((output) => output.append !== null)) {
    await appendWithin(step.summaryFile, renderStepSummary(report), STEP_SUMMARY_FILE_BYTES).catch((err: unknown) =>
      problems.push(`cannot write $GITHUB_STEP_SUMMARY '${step.summaryFile}': ${describeWriteError(err)}`),
    );
  }
  if (step.outputFile !== null) {
    const files: ReportFiles = Object.fromEntries(
      written.map((output) => [
        OUTPUT_NAMES[output.format],
        output.target.kind === 'file' || output.target.kind === 'device' ? output.target.path : output.path,
      ]),
    );
    await appendFile(step.outputFile, renderStepOutputs(report, files, exitCode)).catch((err: unknown) =>
      problems.push(`cannot write $GITHUB_OUTPUT '${step.outputFile}': ${describeWriteError(err)}`),
    );
  }
  return problems;
}
