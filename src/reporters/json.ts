import type { Report } from '../core/types.js';

/** The machine-readable report: 2-space indent and a trailing newline, so it diffs and pipes cleanly. */
export function renderJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
