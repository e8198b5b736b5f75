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

  it('is one file with nothing to fetch', () => {
    expect(page).not.toMatch(/<script|<link|@import|url\(|src=/i);
  });
});
