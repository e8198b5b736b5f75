import type { Report } from '../core/types.js';
import { failedUrls, formatCount, roundsOf } from './format.js';
import { printable } from './printable.js';
import type { Style } from './style.js';
import { DIGEST_FAILED, type TableRows } from './url-table.js';

/**
 * Each URL that failed, once per mode, with its code and message and in how many rounds: a table cell has
 * room for neither, and a URL that failed in every round is one problem, not one per round.
 */
export function renderFailures(report: Report, style: Style, rows: TableRows = 'all'): string {
  const lines = failedUrls(report).map((f) =>
    style.chalk.red(
      printable(`failed (${f.mode}${roundsOf(f.failedRounds, f.rounds)}): ${f.url}: ${f.code}: ${f.message}`),
    ),
  );
  if (rows === 'auto' && lines.length > DIGEST_FAILED) {
    const more = formatCount(lines.length - DIGEST_FAILED);
    lines.splice(
      DIGEST_FAILED,
      Infinity,
      `… ${more} more failed URLs (the JSON report has them all; --table all lists them)`,
    );
  }
  return lines.join('\n');
}
