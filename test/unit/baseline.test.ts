import { describe, expect, it } from 'vitest';
import { compareWithBaseline, parseBaseline } from '../../src/core/baseline.js';
import { InputError } from '../../src/core/errors.js';
import { buildReport } from '../../src/core/report.js';
import { parseThreshold } from '../../src/core/thresholds.js';
import { reportInput, runsOf } from '../helpers/results.js';

const earlier = buildReport(
  reportInput({ serial: runsOf([400, 420, 410], 2, 200), concurrent: runsOf([200, 210, 205], 2, 200) }),
);
const json = JSON.parse(JSON.stringify(earlier)) as unknown;

describe('parseBaseline', () => {
  it('reads medians per mode and per URL from an earlier report', () => {
    const baseline = parseBaseline(json, 'main.json');
    expect(baseline.urls).toEqual(earlier.urls);
    expect(baseline.modes.serial).toEqual({ medianMs: 410, urlMedianMs: [200, 200] });
  });

  it.each([
    [null, /is not a corofetch JSON report/],
    [{ ...earlier, schemaVersion: 2 }, /has schemaVersion 2; this corofetch reads schemaVersion 1/],
    [{ ...earlier, urls: 'x' }, /has no URL list/],
    [{ ...earlier, modes: { serial: { wallMs: {} } } }, /unreadable 'serial' section/],
  ])('refuses %#', (value, message) => {
    expect(() => parseBaseline(value, 'old.json')).toThrow(InputError);
    expect(() => parseBaseline(value, 'old.json')).toThrow(message);
  });
});

describe('compareWithBaseline', () => {
  it('gives ratios now / then per mode and per URL', () => {
    const now = buildReport(
      reportInput({ serial: runsOf([820, 820, 820], 2, 400), concurrent: runsOf([205, 205, 205], 2, 200) }),
    );
    const change = compareWithBaseline(parseBaseline(json, 'main.json'), 'main.json', now);
    expect(change.modes.serial).toEqual({ baselineMs: 410, currentMs: 820, ratio: 2 });
    expect(change.modes.concurrent).toEqual({ baselineMs: 205, currentMs: 205, ratio: 1 });
    expect(change.urls[0]).toEqual({
      url: now.urls[0],
      serial: { baselineMs: 200, currentMs: 400, ratio: 2 },
      concurrent: { baselineMs: 200, currentMs: 200, ratio: 1 },
    });
  });

  it('refuses another URL list and says where it differs', () => {
    const now = buildReport(reportInput({ serial: runsOf([1], 3) }));
    expect(() => compareWithBaseline(parseBaseline(json, 'main.json'), 'main.json', now)).toThrow(
      /another URL list \(it has 2 URLs, this list 3\)/,
    );
    const renamed = buildReport(
      reportInput({ serial: runsOf([1], 2) }, { urls: [earlier.urls[0]!, 'http://other.test/'] }),
    );
    expect(() => compareWithBaseline(parseBaseline(json, 'main.json'), 'main.json', renamed)).toThrow(/URL 2 differs/);
  });

  it('feeds the regression metric: percent growth of the median wall time', () => {
    const now = buildReport(
      reportInput(
        { serial: runsOf([451, 451, 451], 2, 200) },
        {
          baseline: { file: 'main.json', report: parseBaseline(json, 'main.json') },
          thresholds: [parseThreshold('serial.regression <= 10')],
        },
      ),
    );
    expect(now.thresholds[0]).toMatchObject({ passed: false });
    expect(now.thresholds[0]!.actual).toBeCloseTo(10, 5);
    expect(now.exitCode).toBe(3);
  });
});
