/**
 * Issue 17, item 15: lists past ~120,000 URLs crashed with "Maximum call stack size exceeded" where an
 * array was spread into call arguments. 200,000 URLs go through the parser, the report builder and every
 * reporter here (the architecture test keeps such spreads out of the source).
 */
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { parseUrlList } from '../../src/core/url-list.js';
import { decideStyle } from '../../src/cli/terminal.js';
import { renderHtml } from '../../src/reporters/html.js';
import { renderJson } from '../../src/reporters/json.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { renderTextReport } from '../../src/reporters/text-report.js';
import { renderTimeline } from '../../src/reporters/timeline.js';
import { reportInput, result, runRecord } from '../helpers/results.js';

const COUNT = 200_000;

describe('200,000 URLs (issue 17)', () => {
  const text = Array.from({ length: COUNT }, (_, i) => `http://127.0.0.1:8750/page?i=${i}`).join('\n');

  it('parse, build and render without a stack overflow', { timeout: 120_000 }, () => {
    const list = parseUrlList(text);
    expect(list.targets).toHaveLength(COUNT);
    const urls = [...list.targets].map((t) => t.label);
    const results = (ms: number) => urls.map((url, i) => result({ url, durationMs: ms + (i % 97), startMs: i % 50 }));
    const report = buildReport(
      reportInput({ serial: [runRecord(9_000, results(20))], concurrent: [runRecord(300, results(22))] }, { urls }),
    );
    expect(report.urls).toHaveLength(COUNT);
    const style = decideStyle({ isTTY: false, env: {}, colorFlag: false });
    expect(renderTextReport(report, style, { quiet: false, table: 'auto', width: 100 })).toContain(
      'more URLs not shown',
    );
    // Past 10,000 URLs the JSON report is a summary (issue 18), the full one is every request.
    expect(report.detail).toBe('summary');
    const summary = JSON.parse(renderJson(report)) as { urlCount: number; modes: { serial: { urls: unknown[] } } };
    expect(summary.urlCount).toBe(COUNT);
    expect(summary.modes.serial.urls).toHaveLength(100);
    expect(renderJson({ ...report, detail: 'full' }).length).toBeGreaterThan(COUNT);
    expect(renderMarkdown(report)).toContain('200,000 URLs');
    expect(renderHtml(report)).toContain('</html>');
    expect(renderTimeline(report, style, { width: 100, unicode: true }).split('\n').length).toBeGreaterThan(COUNT);
  });
});
