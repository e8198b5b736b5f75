import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { parseThreshold } from '../../src/core/thresholds.js';
import { reportInput, result, runRecord, runsOf } from '../helpers/results.js';

const codes = (report: ReturnType<typeof buildReport>) => report.warnings.map((w) => w.code);

describe('collectWarnings', () => {
  it('is quiet for steady, agreeing runs', () => {
    expect(
      buildReport(reportInput({ serial: runsOf([400, 402, 401], 2), concurrent: runsOf([100, 101, 100], 2) })).warnings,
    ).toEqual([]);
  });

  it('flags a URL whose status or size differs between the modes', () => {
    const report = buildReport(
      reportInput({
        serial: [runRecord(20, [result(), result({ status: 200, bytes: 5000 })])],
        concurrent: [
          runRecord(10, [
            result(),
            result({ status: 429, bytes: 12, error: { code: 'HTTP_STATUS', message: 'HTTP 429' } }),
          ]),
        ],
      }),
    );
    expect(codes(report)).toEqual(['MODES_DISAGREE']);
    expect(report.warnings[0]!.message).toMatch(
      /answered differently: serial 200 with 5000 B; concurrent 429 with 12 B/,
    );
  });

  it('flags a slow first run and suggests a warm-up', () => {
    const report = buildReport(reportInput({ serial: runsOf([900, 400, 410], 2) }));
    expect(codes(report)).toContain('SLOW_FIRST_RUN');
    expect(report.warnings.find((w) => w.code === 'SLOW_FIRST_RUN')!.message).toMatch(
      /first serial run took 900 ms, 2\.2× .*--warmup 1/,
    );
  });

  it('does not blame the first run when warm-ups were made', () => {
    const input = reportInput({ serial: runsOf([900, 400, 410], 2) }, { warmup: 1 });
    expect(codes(buildReport(input))).not.toContain('SLOW_FIRST_RUN');
  });

  it('flags noisy wall times (coefficient of variation over 10%)', () => {
    const report = buildReport(reportInput({ concurrent: runsOf([100, 140, 100, 60], 2) }));
    expect(codes(report)).toEqual(['NOISY']);
    expect(report.warnings[0]!.message).toMatch(/concurrent wall times vary by \d+%/);
  });

  it('flags thresholds judged on fewer than 3 runs', () => {
    const report = buildReport(
      reportInput({ serial: runsOf([400, 400], 2) }, { thresholds: [parseThreshold('failed==0')] }),
    );
    expect(codes(report)).toEqual(['FEW_RUNS']);
  });
});
