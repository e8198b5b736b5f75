import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { renderJson } from '../../src/reporters/json.js';
import { reportInput, runsOf } from '../helpers/results.js';
import { validateReport } from '../helpers/schema.js';

describe('renderJson', () => {
  const report = buildReport(reportInput({ serial: runsOf([12.5], 1) }));

  it('round-trips the report, indented, with a trailing newline', () => {
    const text = renderJson(report);
    expect(report.detail).toBe('full');
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(report)));
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schemaVersion": 2,');
  });

  it('keeps the contract field names', () => {
    const parsed = JSON.parse(renderJson(report));
    for (const key of ['schemaVersion', 'tool', 'options', 'urls', 'modes', 'thresholds', 'exitCode'])
      expect(parsed).toHaveProperty(key);
    expect(Object.keys(parsed.options)).toEqual([
      'mode',
      'concurrency',
      'runs',
      'warmup',
      'roundsFrom',
      'timeoutMs',
      'connectTimeoutMs',
      'connections',
      'protocol',
      'compressed',
      'routes',
      'maxBytes',
      'maxRedirects',
      'retries',
      'headerNames',
      'insecure',
      'proxy',
      'inconclusive',
    ]);
    expect(parsed).toHaveProperty('diagnosis');
    for (const key of [
      'rounds',
      'wallMs',
      'okUrls',
      'failedUrls',
      'bytesPerRound',
      'total',
      'phasesMs',
      'histogram',
      'client',
      'runs',
    ]) {
      expect(parsed.modes.serial).toHaveProperty(key);
    }
    for (const key of ['median', 'mean', 'min', 'max', 'stddev'])
      expect(parsed.modes.serial.wallMs).toHaveProperty(key);
    for (const key of ['url', 'status', 'bytes', 'startMs', 'ttfbMs', 'durationMs', 'error']) {
      expect(parsed.modes.serial.runs[0].results[0]).toHaveProperty(key);
    }
  });

  it('validates against the published schema', () => {
    expect(validateReport(JSON.parse(renderJson(report)))).toEqual([]);
  });
});
