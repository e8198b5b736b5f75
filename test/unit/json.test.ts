import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { renderJson } from '../../src/reporters/json.js';
import { result, run } from '../helpers/results.js';

describe('renderJson', () => {
  const report = buildReport({
    version: '0.0.0',
    startedAt: '2026-11-22T00:00:00.000Z',
    options: { mode: 'serial', concurrency: 4, runs: 1, warmup: 0, timeoutMs: 1000 },
    urls: ['http://a.test/'],
    limits: { minSpeedup: null },
    runs: { serial: [run(12.5, [result()])] },
  });

  it('round-trips the report, indented, with a trailing newline', () => {
    const text = renderJson(report);
    expect(JSON.parse(text)).toEqual(report);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 1,');
  });

  it('keeps the contract field names', () => {
    const parsed = JSON.parse(renderJson(report));
    expect(Object.keys(parsed)).toEqual(['schemaVersion', 'tool', 'startedAt', 'options', 'urls', 'modes', 'thresholds', 'exitCode']);
    expect(Object.keys(parsed.options)).toEqual(['mode', 'concurrency', 'runs', 'warmup', 'timeoutMs']);
    expect(Object.keys(parsed.modes.serial)).toEqual(['wallMs', 'totalBytes', 'ok', 'failed', 'runs']);
    expect(Object.keys(parsed.modes.serial.wallMs)).toEqual(['median', 'mean', 'min', 'max', 'stddev']);
    expect(Object.keys(parsed.modes.serial.runs[0].results[0])).toEqual(['url', 'status', 'bytes', 'startMs', 'ttfbMs', 'durationMs', 'error']);
  });
});
