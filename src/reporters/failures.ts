import type { Report } from '../core/types.js';
import { formatCount, modesIn, printable } from './format.js';
import type { Style } from './style.js';
import { DIGEST_FAILED, type TableRows } from './url-table.js';

/** Failed requests with their code and message, since a table cell has room for neither. */
export function renderFailures(report: Report, style: Style, rows: TableRows = 'all'): string {
  const lines: string[] = [];
  for (const mode of modesIn(report)) {
    for (const [i, run] of report.modes[mode]!.runs.entries()) {
      const which = report.options.runs > 1 ? `${mode} run ${i + 1}` : mode;
      for (const r of run.results) {
        if (r.error !== null) {
          lines.push(style.chalk.red(printable(`failed (${which}): ${r.url}: ${r.error.code}: ${r.error.message}`)));
        }
      }
    }
  }
  if (rows === 'auto' && lines.length > DIGEST_FAILED) {
    const more = formatCount(lines.length - DIGEST_FAILED);
    lines.splice(
      DIGEST_FAILED,
      Infinity,
      `… ${more} more failures (the JSON report has them all; --table all lists them)`,
    );
  }
  return lines.join('\n');
}
