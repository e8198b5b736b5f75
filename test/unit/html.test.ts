import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { renderHtml } from '../../src/reporters/html.js';
import { reportInput, result, runRecord } from '../helpers/results.js';

describe('renderHtml', () => {
  const evil = 'http://h.test/<script>alert(1)</script>?q="x"&y=\u001b[31m';
  const report = buildReport(
    reportInput(
      {
        serial: [runRecord(30, [result({ url: evil, durationMs: 20 })])],
        concurrent: [runRecord(20, [result({ url: evil, durationMs: 20 })])],
      },
      { urls: [evil] },
    ),
  );
  const page = renderHtml(report);

  it('escapes everything that came from the list or the network', () => {
    expect(page).not.toContain('<script>');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).not.toContain('\u001b');
  });

  it('has a bar per URL per mode, each with its tooltip and duration', () => {
    expect(page.match(/<g class="bar" data-mode="serial"/g)).toHaveLength(1);
    expect(page.match(/<g class="bar" data-mode="concurrent"/g)).toHaveLength(1);
    expect(page).toMatch(/data-duration-ms="20"/);
    expect(page).toMatch(/<title>http:\/\/h\.test\/&lt;script&gt;.*\nHTTP 200, 1,024 B\n/);
  });

  it('draws each mode’s latency histogram, a bar per bucket (issue 12)', () => {
    const durations = [3, 8, 15, 120, 130];
    const spread = buildReport(
      reportInput(
        {
          serial: [
            runRecord(
              300,
              durations.map((d, i) => result({ url: `http://h.test/${i}`, durationMs: d })),
            ),
          ],
        },
        {
          urls: durations.map((_, i) => `http://h.test/${i}`),
        },
      ),
    );
    expect(spread.modes.serial!.histogram.map((b) => [b.fromMs, b.toMs, b.count])).toEqual([
      [2, 5, 1],
      [5, 10, 1],
      [10, 20, 1],
      [20, 50, 0],
      [50, 100, 0],
      [100, 200, 2],
    ]);
    const html = renderHtml(spread);
    expect(html).toContain('<svg class="histogram" data-mode="serial"');
    expect(html.match(/<g class="bucket"/g)).toHaveLength(6);
    expect(html).toMatch(/data-from-ms="100" data-to-ms="200" data-count="2"/);
  });

  it('explains the figures in a Why section when there is a diagnosis, and has none otherwise (issue 12)', () => {
    expect(page).not.toContain('<h2>Why</h2>');
    const explained = {
      ...report,
      diagnosis: [
        {
          code: 'QUEUE_BOUND' as const,
          mode: 'concurrent' as const,
          message: 'The limit of 2 <requests> set the pace',
          evidence: { concurrency: 2, medianQueuedMs: 102.714 },
        },
      ],
    };
    const html = renderHtml(explained);
    expect(html).toContain('<h2>Why</h2>');
    expect(html).toContain('<dt data-code="QUEUE_BOUND">QUEUE_BOUND (concurrent)</dt>');
    expect(html).toContain('The limit of 2 &lt;requests&gt; set the pace');
    expect(html).toContain('medianQueuedMs 102.714');
  });

  it('is one file with nothing to fetch', () => {
    expect(page).not.toMatch(/<script|<link|@import|url\(|src=/i);
  });
});
