import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { parseThreshold } from '../../src/core/thresholds.js';
import { failed, reportInput, result, runRecord, runsOf } from '../helpers/results.js';

describe('buildReport', () => {
  it('summarises each mode and compares them', () => {
    const results = () => [result({ durationMs: 300, bytes: 10 }), result({ durationMs: 600, bytes: 20 })];
    const report = buildReport(
      reportInput({ serial: [runRecord(900, results())], concurrent: [runRecord(600, results())] }),
    );
    expect(report).toMatchObject({
      schemaVersion: 2,
      tool: { name: 'corofetch', version: '0.0.0' },
      exitCode: 0,
      thresholds: [],
    });
    expect(report.modes.serial).toMatchObject({
      rounds: 1,
      bytesPerRound: 30,
      okUrls: 2,
      failedUrls: 0,
      total: { requests: 2, failedRequests: 0, bytes: 30 },
      wallMs: { median: 900, samples: [900] },
    });
    expect(report.modes.serial!.requestMs).toEqual({ p50: 300, p95: 600, p99: 600, max: 600 });
    expect(report.comparison).toMatchObject({
      speedup: 1.5,
      idealWallMs: 600,
      idealSpeedup: 1.5,
      efficiency: 1,
      pairRatios: [1.5],
    });
    expect(report.schedule).toEqual(['serial', 'concurrent']);
  });

  it('gives per-URL medians and maxima across runs, in input order', () => {
    const report = buildReport(
      reportInput({
        serial: [
          runRecord(30, [result({ durationMs: 10 }), result({ durationMs: 20 })]),
          runRecord(50, [result({ durationMs: 30 }), result({ durationMs: 20 })]),
          runRecord(40, [result({ durationMs: 20 }), result({ durationMs: 20 })]),
        ],
      }),
    );
    expect(Array.from(report.modes.serial!.urls).map((u) => u.durationMs)).toEqual([
      { median: 20, max: 30 },
      { median: 20, max: 20 },
    ]);
    expect(report.modes.serial!.wallMs).toMatchObject({ median: 40, samples: [30, 50, 40] });
  });

  it('lists only the modes that ran and has no comparison for one mode', () => {
    const report = buildReport(reportInput({ concurrent: runsOf([5], 2) }));
    expect(Object.keys(report.modes)).toEqual(['concurrent']);
    expect(report).not.toHaveProperty('comparison');
  });

  it('counts failures and exits 1 on any', () => {
    const report = buildReport(reportInput({ serial: [runRecord(20, [result(), failed()])] }));
    expect(report.modes.serial).toMatchObject({ okUrls: 1, failedUrls: 1 });
    expect(report.exitCode).toBe(1);
  });

  it('judges thresholds and exits 3 when one is missed', () => {
    const report = buildReport(
      reportInput(
        { serial: runsOf([100], 2), concurrent: runsOf([80], 2) },
        { thresholds: [parseThreshold('speedup>=2')] },
      ),
    );
    expect(report.thresholds).toEqual([
      {
        name: 'speedup',
        expr: 'speedup >= 2',
        metric: 'speedup',
        op: '>=',
        limit: 2,
        actual: 1.25,
        passed: false,
        outcome: 'failed',
      },
    ]);
    expect(report.exitCode).toBe(3);
    expect(report.warnings.map((w) => w.code)).toContain('FEW_RUNS');
  });
});

describe('milliseconds kept to the microsecond (issue 19)', () => {
  it('rounds every …Ms field, the median of an even count of runs included', () => {
    // Medians of two middle values: (1.1 + 2.2) / 2 is 1.6500000000000001 in floating point.
    const durations = [1.1, 2.2, 0.3, 9];
    const runs = durations.map((ms, i) => runRecord(100 + i * 0.1, [result({ durationMs: ms })]));
    const report = buildReport(reportInput({ serial: runs }));
    const numbersUnderMs: number[] = [];
    const collect = (value: unknown, underMs: boolean): void => {
      if (typeof value === 'number' && underMs) numbersUnderMs.push(value);
      else if (Array.isArray(value)) for (const item of value) collect(item, underMs);
      else if (typeof value === 'object' && value !== null)
        for (const [key, item] of Object.entries(value)) collect(item, underMs || key.endsWith('Ms'));
    };
    collect(report, false);
    expect(numbersUnderMs.length).toBeGreaterThan(10);
    for (const ms of numbersUnderMs) expect(Math.round(ms * 1000) / 1000).toBe(ms);
    expect(report.modes.serial!.urls.at(0)!.durationMs.median).toBe(1.65);
  });
});
