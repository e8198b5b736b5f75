import { describe, expect, it } from 'vitest';
import {
  assertMeasurable,
  judgeThreshold,
  METRIC_NAMES,
  parseThreshold,
  type MetricFacts,
} from '../../src/core/thresholds.js';
import { UsageError } from '../../src/core/errors.js';
import { buildReport } from '../../src/core/report.js';
import { failed, reportInput, result, runRecord, runsOf } from '../helpers/results.js';

describe('parseThreshold', () => {
  it.each([
    ['speedup>=2', { metric: 'speedup', op: '>=', limit: 2, expr: 'speedup >= 2' }],
    ['  concurrent.request.p95 < 250.5 ', { metric: 'concurrent.request.p95', op: '<', limit: 250.5 }],
    ['failed==0', { metric: 'failed', op: '==', limit: 0 }],
    ['Serial.Wall.Median <= .5', { metric: 'serial.wall.median', op: '<=', limit: 0.5 }],
    ['efficiency > 0.9', { metric: 'efficiency', op: '>', limit: 0.9 }],
  ])('reads %j', (text, expected) => {
    expect(parseThreshold(text)).toMatchObject(expected);
  });

  it.each(['speedup', 'speedup >= ', '>= 2', 'speedup => 2', 'speedup >= two', 'speedup >= 2 ms', 'speedup != 2'])(
    'refuses the malformed %j',
    (text) => {
      expect(() => parseThreshold(text)).toThrow(UsageError);
      expect(() => parseThreshold(text)).toThrow(/is not '<metric> <op> <number>'/);
    },
  );

  it('names the known metrics when one is unknown', () => {
    expect(() => parseThreshold('latency < 5')).toThrow(/unknown metric 'latency'; known: speedup, efficiency, failed/);
    // Found by the fuzz suite: listing every metric by name made this message 400 characters long.
    expect(() => parseThreshold('constructor  <  -6.4e-323')).toThrow(/^.{1,250}$/);
  });

  it('knows every metric the issue lists', () => {
    for (const mode of ['serial', 'concurrent']) {
      for (const stat of ['wall.median', 'wall.mean', 'wall.max', 'request.p95', 'request.p99', 'request.max']) {
        expect(METRIC_NAMES).toContain(`${mode}.${stat}`);
      }
    }
    expect(METRIC_NAMES).toEqual(expect.arrayContaining(['speedup', 'efficiency', 'failed']));
  });
});

describe('assertMeasurable', () => {
  it('refuses metrics of a mode that will not run, or a regression without a baseline', () => {
    expect(() => assertMeasurable(parseThreshold('speedup>=2'), ['serial'], false)).toThrow(/needs concurrent mode/);
    expect(() => assertMeasurable(parseThreshold('concurrent.regression<=5'), ['concurrent'], false)).toThrow(
      /needs --baseline/,
    );
    expect(() => assertMeasurable(parseThreshold('failed<=1'), ['serial'], false)).not.toThrow();
  });
});

describe('judgeThreshold', () => {
  const facts = (serial: number[], concurrent: number[]): MetricFacts => {
    const report = buildReport(reportInput({ serial: runsOf(serial, 2, 100), concurrent: runsOf(concurrent, 2, 100) }));
    return { modes: report.modes, comparison: report.comparison, baseline: report.baseline };
  };

  it('judges a point figure when there is no interval', () => {
    const f = facts([400], [100]);
    expect(judgeThreshold(parseThreshold('speedup>=4'), f, 'fail')).toMatchObject({
      actual: 4,
      passed: true,
      outcome: 'passed',
    });
    expect(judgeThreshold(parseThreshold('speedup>4'), f, 'fail')).toMatchObject({ passed: false, outcome: 'failed' });
    expect(judgeThreshold(parseThreshold('serial.wall.max<=400'), f, 'fail')).toMatchObject({
      actual: 400,
      passed: true,
    });
  });

  it('passes, fails or is inconclusive by where the whole interval lies', () => {
    // Pair ratios 2, 3, 4, 5, 6: the interval spans roughly 2.5 to 5.
    const f = facts([200, 300, 400, 500, 600], [100, 100, 100, 100, 100]);
    const { low, high } = f.comparison!.speedupInterval!;
    expect(low).toBeLessThan(4);
    expect(high).toBeGreaterThan(4);
    expect(judgeThreshold(parseThreshold(`speedup >= ${low}`), f, 'fail')).toMatchObject({
      outcome: 'passed',
      passed: true,
    });
    expect(judgeThreshold(parseThreshold(`speedup >= ${high + 0.01}`), f, 'fail')).toMatchObject({
      outcome: 'failed',
      passed: false,
    });
    const straddling = judgeThreshold(parseThreshold('speedup >= 4'), f, 'fail');
    expect(straddling).toMatchObject({ outcome: 'inconclusive', passed: false, interval: { low, high } });
    expect(judgeThreshold(parseThreshold('speedup >= 4'), f, 'pass')).toMatchObject({
      outcome: 'inconclusive',
      passed: true,
    });
    expect(judgeThreshold(parseThreshold(`speedup < ${low}`), f, 'fail')).toMatchObject({ outcome: 'failed' });
  });

  it('counts the URLs that failed in any round of any mode, each once (issue 14)', () => {
    const report = buildReport(
      reportInput({ serial: [runRecord(1, [failed(), result()]), runRecord(1, [failed(), failed()])] }),
    );
    const judge = (expr: string) =>
      judgeThreshold(parseThreshold(expr), { modes: report.modes, comparison: undefined, baseline: undefined }, 'fail');
    expect(judge('failed <= 1')).toMatchObject({ actual: 2, passed: false });
    expect(judge('failed <= 2')).toMatchObject({ actual: 2, passed: true });
  });

  it('fails a figure that could not be measured', () => {
    const check = judgeThreshold(
      parseThreshold('speedup >= 1'),
      { modes: {}, comparison: undefined, baseline: undefined },
      'pass',
    );
    expect(check).toMatchObject({ actual: null, passed: false, outcome: 'failed' });
  });
});
