import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { benchmarkFigures } from '../../src/core/benchmark-figures.js';
import { buildReport } from '../../src/core/report.js';
import { renderBencher, renderBenchmarkAction } from '../../src/reporters/benchmark-formats.js';
import { reportInput, runsOf } from '../helpers/results.js';

/** Bencher Metric Format's JSON Schema as published at bencher.dev/docs/reference/bencher-metric-format. */
const BMF_SCHEMA = {
  $id: 'https://bencher.dev/bmf.json',
  $schema: 'http://json-schema.org/draft-07/schema',
  type: 'object',
  patternProperties: {
    '.+': {
      type: 'object',
      patternProperties: {
        '.+': {
          type: 'object',
          properties: { value: { type: 'number' }, lower_value: { type: 'number' }, upper_value: { type: 'number' } },
          required: ['value'],
        },
      },
    },
  },
};

/** github-action-benchmark's BenchmarkResult (src/extract.ts), which customSmallerIsBetter parses into. */
const GAB_SCHEMA = {
  type: 'array',
  items: {
    type: 'object',
    properties: {
      name: { type: 'string' },
      value: { type: 'number' },
      unit: { type: 'string' },
      range: { type: 'string' },
      extra: { type: 'string' },
    },
    required: ['name', 'value', 'unit'],
    additionalProperties: false,
  },
};

const ajv = new Ajv({ strict: false });
const validBmf = ajv.compile(BMF_SCHEMA);
const validGab = ajv.compile(GAB_SCHEMA);

const rounds = buildReport(
  reportInput({
    serial: runsOf([400, 420, 410, 405, 415], 4, 100),
    concurrent: runsOf([200, 210, 205, 202, 208], 4, 100),
  }),
);
const once = buildReport(reportInput({ serial: runsOf([400], 2), concurrent: runsOf([200], 2) }));

type Bmf = Record<string, Record<string, { value: number; lower_value?: number; upper_value?: number }>>;

describe('--bencher (issue 15)', () => {
  it('matches Bencher Metric Format: times as latency in nanoseconds, bounds from the gate interval', () => {
    const bmf = JSON.parse(renderBencher(benchmarkFigures(rounds))) as Bmf;
    expect(validBmf(bmf), JSON.stringify(validBmf.errors)).toBe(true);
    const wall = bmf['serial wall time']!.latency!;
    // The geometric mean of 400, 420, 410, 405 and 415 ms.
    expect(wall.value).toBe(
      Math.round(Math.exp([400, 420, 410, 405, 415].reduce((s, x) => s + Math.log(x), 0) / 5) * 1e6),
    );
    expect(wall.lower_value!).toBeLessThan(wall.value);
    expect(wall.upper_value!).toBeGreaterThan(wall.value);
    const speedup = bmf.speedup!.speedup!;
    expect(speedup.value).toBeCloseTo(2, 1);
    expect(speedup.lower_value!).toBeLessThanOrEqual(speedup.value);
  });

  it('keeps every value within its own bounds, however skewed the rounds (QA of issue 15)', () => {
    // Every fourth round four times slower: a median and a pooled p95 would fall outside the interval.
    const walls = Array.from({ length: 20 }, (_, i) => (i % 4 === 3 ? 400 : 100));
    const skewed = buildReport(reportInput({ serial: runsOf(walls, 3, 100), concurrent: runsOf(walls, 3, 100) }));
    const bmf = JSON.parse(renderBencher(benchmarkFigures(skewed))) as Bmf;
    for (const [name, measures] of Object.entries(bmf)) {
      for (const m of Object.values(measures)) {
        expect(m.lower_value!, name).toBeLessThanOrEqual(m.value);
        expect(m.upper_value!, name).toBeGreaterThanOrEqual(m.value);
      }
    }
  });

  it('has no bounds after one round: there is no interval to give', () => {
    const bmf = JSON.parse(renderBencher(benchmarkFigures(once))) as Bmf;
    expect(validBmf(bmf)).toBe(true);
    expect(bmf['concurrent wall time']!.latency).toEqual({ value: 200e6 });
  });
});

describe('--benchmark-action (issue 15)', () => {
  it("matches github-action-benchmark's customSmallerIsBetter: ms, interval in range, rounds and RSD in extra", () => {
    const entries = JSON.parse(renderBenchmarkAction(benchmarkFigures(rounds))) as Array<Record<string, unknown>>;
    expect(validGab(entries), JSON.stringify(validGab.errors)).toBe(true);
    expect(entries.map((e) => e.name)).toEqual([
      'serial wall time',
      'serial request p95',
      'concurrent wall time',
      'concurrent request p95',
    ]);
    expect(entries[0]).toMatchObject({
      unit: 'ms',
      value: 409.939,
      extra: expect.stringMatching(/^5 rounds\nRSD 1\.9%$/),
    });
    expect(entries[0]!.range).toMatch(/^\d+\.?\d*–\d+\.?\d* \(95% interval\)$/);
  });

  it('says n/a for the spread of one round, and gives no range', () => {
    const entries = JSON.parse(renderBenchmarkAction(benchmarkFigures(once))) as Array<Record<string, unknown>>;
    expect(validGab(entries)).toBe(true);
    expect(entries[0]).toEqual({ name: 'serial wall time', unit: 'ms', value: 400, extra: '1 round\nRSD n/a' });
  });
});
