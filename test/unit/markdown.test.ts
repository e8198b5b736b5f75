import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { parseThreshold } from '../../src/core/thresholds.js';
import { renderMarkdown } from '../../src/reporters/markdown.js';
import { reportInput, runsOf } from '../helpers/results.js';

describe('renderMarkdown', () => {
  const report = buildReport(
    reportInput(
      { serial: runsOf([400, 410, 405], 4, 100), concurrent: runsOf([100, 102, 101], 4, 100) },
      { thresholds: [parseThreshold('speedup>=2'), parseThreshold('concurrent.wall.max < 50')] },
    ),
  );
  const md = renderMarkdown(report);

  it('has a heading and a table row per mode', () => {
    expect(md).toMatch(/^## corofetch: 4 URLs, 3 rounds, concurrency 16\n/);
    expect(md).toContain('| serial | 405 ms | 400 ms | 410 ms | 4,096 | 4 | 0 |');
    expect(md).toContain('| concurrent | 101 ms | 100 ms | 102 ms | 4,096 | 4 | 0 |');
  });

  it('states speedup, interval, ideal and efficiency', () => {
    expect(md).toMatch(
      /\*\*Speedup 4\.01×\*\* \(95% interval [\d.]+–[\d.]+×\); ideal 4\.05× \(in-order ideal 100 ms\); efficiency 99%\./,
    );
  });

  it('has a Why section only when there is a diagnosis (issue 12)', () => {
    expect(md).not.toContain('### Why');
    const explained = renderMarkdown({
      ...report,
      diagnosis: [{ code: 'CLIENT_BOUND', mode: 'serial', message: 'corofetch | itself was busy', evidence: {} }],
    });
    expect(explained).toContain('### Why\n\n- **CLIENT_BOUND (serial)**: corofetch \\| itself was busy');
  });

  it('gives every threshold its verdict', () => {
    expect(md).toMatch(/\| `speedup >= 2` \| 4\.010× \(95% interval [\d.]+–[\d.]+×\) \| ✅ passed \|/);
    expect(md).toContain('| `concurrent.wall.max < 50` | 102 ms | ❌ failed |');
  });
});
