import { describe, expect, it } from 'vitest';
import { buildReport, type ReportInput } from '../../src/core/report.js';
import { failed, result, run } from '../helpers/results.js';

const base: Omit<ReportInput, 'runs'> = {
  version: '1.2.3',
  startedAt: '2026-11-22T00:00:00.000Z',
  options: { mode: 'both', concurrency: 16, runs: 1, warmup: 0, timeoutMs: 30_000 },
  urls: ['http://a.test/', 'http://b.test/'],
  limits: { minSpeedup: null },
};

describe('buildReport', () => {
  it('summarises each mode and compares them', () => {
    const report = buildReport({
      ...base,
      runs: {
        serial: [run(900, [result({ durationMs: 300, bytes: 10 }), result({ durationMs: 600, bytes: 20 })])],
        concurrent: [run(600, [result({ durationMs: 300, bytes: 10 }), result({ durationMs: 600, bytes: 20 })])],
      },
    });
    expect(report).toMatchObject({ schemaVersion: 1, tool: { name: 'corofetch', version: '1.2.3' }, exitCode: 0, thresholds: [] });
    expect(report.modes.serial).toMatchObject({ totalBytes: 30, ok: 2, failed: 0, wallMs: { median: 900 } });
    expect(report.comparison).toEqual({ speedup: 1.5, idealWallMs: 600, idealSpeedup: 1.5, efficiency: 1 });
  });

  it('lists only the modes that ran and has no comparison for one mode', () => {
    const report = buildReport({ ...base, options: { ...base.options, mode: 'concurrent' }, runs: { concurrent: [run(5, [result(), result()])] } });
    expect(Object.keys(report.modes)).toEqual(['concurrent']);
    expect(report).not.toHaveProperty('comparison');
  });

  it('counts failures and exits 1 on any', () => {
    const report = buildReport({ ...base, runs: { serial: [run(20, [result(), failed()])] } });
    expect(report.modes.serial).toMatchObject({ ok: 1, failed: 1 });
    expect(report.exitCode).toBe(1);
  });

  it('records the speedup gate and exits 3 when it is missed', () => {
    const report = buildReport({
      ...base,
      limits: { minSpeedup: 2 },
      runs: { serial: [run(100, [result(), result()])], concurrent: [run(80, [result(), result()])] },
    });
    expect(report.thresholds).toEqual([{ name: 'speedup', limit: 2, actual: 1.25, passed: false }]);
    expect(report.exitCode).toBe(3);
  });
});
