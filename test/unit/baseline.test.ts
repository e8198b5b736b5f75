import { describe, expect, it } from 'vitest';
import { compareWithBaseline, diffSettings, matchUrls, parseBaseline } from '../../src/core/baseline.js';
import { buildReport } from '../../src/core/report.js';
import { parseThreshold } from '../../src/core/thresholds.js';
import { reportInput, runsOf } from '../helpers/results.js';

const earlier = buildReport(
  reportInput({ serial: runsOf([400, 420, 410], 2, 200), concurrent: runsOf([200, 210, 205], 2, 200) }),
);
const baseline = parseBaseline(JSON.parse(JSON.stringify(earlier)) as unknown);

describe('parseBaseline', () => {
  it('reads the rounds’ wall times, each URL’s median and the settings', () => {
    expect(baseline.urls).toEqual(earlier.urls);
    expect(baseline.modes.serial).toEqual({ wallSamples: [400, 420, 410], urlMedianMs: [200, 200] });
    expect(baseline.options).toEqual(earlier.options);
  });
});

describe('matchUrls (issue 14)', () => {
  it('matches the same list exactly, or by path and query on another port', () => {
    expect(matchUrls(baseline, 'main.json', earlier.urls)).toBe('exact');
    const moved = earlier.urls.map((url) => url.replace('http://127.0.0.1:8750/', 'https://127.0.0.1:41999/'));
    expect(matchUrls(baseline, 'main.json', moved)).toBe('path');
  });

  it('refuses another list and says where it differs', () => {
    expect(() => matchUrls(baseline, 'main.json', ['http://a.test/'])).toThrow(
      /another URL list \(it has 2 URLs, this list 1\)/,
    );
    expect(() => matchUrls(baseline, 'main.json', [earlier.urls[0]!, 'http://127.0.0.1:8750/other'])).toThrow(
      /URL 2 differs, and not only in scheme, host or port/,
    );
  });
});

describe('diffSettings (issue 14)', () => {
  it('names each setting that changes what is measured, and nothing else', () => {
    expect(diffSettings(earlier.options, earlier.options)).toEqual([]);
    const now = { ...earlier.options, concurrency: 2, headerNames: ['x-a'], warmup: 4 };
    expect(diffSettings(earlier.options, now)).toEqual(['concurrency: 16 → 2', 'headerNames: [] → [x-a]']);
  });
});

describe('compareWithBaseline', () => {
  it('gives ratios now / then of the geometric means per mode, with Welch’s interval, and per URL', () => {
    const now = buildReport(
      reportInput({ serial: runsOf([820, 840, 830], 2, 400), concurrent: runsOf([200, 210, 205], 2, 200) }),
    );
    const change = compareWithBaseline(baseline, 'main.json', now);
    expect(change.urlMatch).toBe('exact');
    expect(change.settingsDiffer).toEqual([]);
    expect(change.modes.serial!.ratio).toBeCloseTo(2.025, 3);
    expect(change.modes.serial!.interval!.low).toBeGreaterThan(1.9);
    expect(change.modes.serial!.interval!.method).toBe('welch-log-ratio');
    expect(change.modes.concurrent!.ratio).toBeCloseTo(1, 10);
    expect(change.urls[0]).toMatchObject({ serial: { baselineMs: 200, currentMs: 400, ratio: 2 } });
  });

  it('feeds the regression metric, judged on the interval: a clear 10% rise fails', () => {
    const now = buildReport(
      reportInput(
        { serial: runsOf([500, 520, 510], 2, 200), concurrent: runsOf([200, 210, 205], 2, 200) },
        { baseline: { file: 'main.json', report: baseline }, thresholds: [parseThreshold('serial.regression <= 10')] },
      ),
    );
    expect(now.thresholds[0]).toMatchObject({ outcome: 'failed', passed: false });
    expect(now.thresholds[0]!.actual).toBeCloseTo(24.4, 0);
    expect(now.exitCode).toBe(3);
  });

  it('makes the regression gate inconclusive when the baseline’s settings differ, and says which (issue 14)', () => {
    const now = buildReport(
      reportInput(
        { serial: runsOf([410, 415, 405], 2, 200), concurrent: runsOf([1_200, 1_210, 1_205], 2, 200) },
        {
          concurrency: 2,
          baseline: { file: 'main.json', report: baseline },
          thresholds: [parseThreshold('serial.regression <= 10'), parseThreshold('concurrent.regression <= 10')],
        },
      ),
    );
    // --concurrency changes what the concurrent fetcher measures, not the serial loop.
    expect(now.thresholds[0]).toMatchObject({ outcome: 'passed', passed: true });
    expect(now.thresholds[1]).toMatchObject({ outcome: 'inconclusive', passed: true });
    expect(now.warnings).toContainEqual({
      code: 'BASELINE_SETTINGS_DIFFER',
      message: expect.stringMatching(/concurrency: 16 → 2/),
    });
    expect(now.exitCode).toBe(0);
  });
});
