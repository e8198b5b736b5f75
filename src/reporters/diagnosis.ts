import type { Diagnosis, Report } from '../core/types.js';
import { printable } from './printable.js';
import type { Style } from './style.js';

/** `CONNECT_STALL (concurrent)`: a diagnosis's code and the mode it is about. */
export function diagnosisHead(d: Diagnosis): string {
  return d.mode === null ? d.code : `${d.code} (${d.mode})`;
}

/** The text report's "why" lines: one per diagnosis, after the summary it explains; nothing on a healthy run. */
export function renderWhy(report: Report, style: Style): string {
  return report.diagnosis
    .map((d) => `${style.chalk.bold('why')}  ${style.chalk.yellow(diagnosisHead(d))}: ${printable(d.message)}`)
    .join('\n');
}
