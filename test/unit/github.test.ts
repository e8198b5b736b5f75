import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { thresholdSpec } from '../../src/core/thresholds.js';
import {
  ANNOTATIONS_PER_KIND,
  escapeData,
  escapeProperty,
  renderAnnotations,
  renderStepOutputs,
  renderStepSummary,
} from '../../src/reporters/github.js';
import { failed, reportInput, result, runRecord, runsOf } from '../helpers/results.js';
import { parseOutputs } from '../helpers/workflow.js';

/** What the runner does with an escaped value (the toolkit's escaping, undone in the reverse order). */
const unescape = (text: string): string =>
  text
    .replaceAll('%0D', '\r')
    .replaceAll('%0A', '\n')
    .replaceAll('%3A', ':')
    .replaceAll('%2C', ',')
    .replaceAll('%25', '%');

const gated = buildReport(
  reportInput(
    { serial: runsOf([400, 410, 405, 402, 408], 4), concurrent: runsOf([200, 205, 210, 203, 207], 4) },
    {
      thresholds: [
        thresholdSpec('speedup', '>=', 3),
        thresholdSpec('speedup', '<=', 10),
        thresholdSpec('serial.wall.median', '<', 1000),
      ],
    },
  ),
);

describe('workflow commands (issue 15)', () => {
  it('escape as the toolkit does: one line, and the runner reads back exactly what was meant', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        for (const escaped of [escapeData(text), escapeProperty(text)]) {
          expect(escaped).not.toMatch(/[\r\n]/);
          expect(unescape(escaped)).toBe(text);
        }
        expect(escapeProperty(text)).not.toMatch(/[:,]/);
      }),
      { seed: 15, numRuns: 2000 },
    );
  });

  it('keep a hostile URL inside its own line, so it cannot issue a command of its own', () => {
    const url = 'http://h.test/a%0A::set-output name=x::1';
    const report = buildReport(reportInput({ serial: [runRecord(10, [failed({ url })])] }, { urls: [url] }));
    const lines = renderAnnotations(report).trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^::error title=corofetch%3A ECONNREFUSED::http:\/\/h\.test\/a%250A::set-output/);
  });

  it('say a failed gate as an error and nothing about the ones that passed', () => {
    const lines = renderAnnotations(gated).trimEnd().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(
        /^::error title=corofetch%3A gate speedup >= 3 failed::FAILED \(measured 1\.976×, 95%25 interval 1\.939–2\.013×, short by 1\.024\)$/,
      ),
    ]);
  });

  it(`stop at ${ANNOTATIONS_PER_KIND} of a kind and count the rest in one plain line`, () => {
    const urls = Array.from({ length: 25 }, (_, i) => `http://h.test/${i}`);
    const report = buildReport(
      reportInput(
        {
          serial: [
            runRecord(
              10,
              urls.map((url) => failed({ url })),
            ),
          ],
        },
        { urls },
      ),
    );
    report.warnings = Array.from({ length: 11 }, (_, i) => ({ code: 'NOISY', message: `warning ${i}` }));
    const lines = renderAnnotations(report).trimEnd().split('\n');
    expect(lines.filter((l) => l.startsWith('::error '))).toHaveLength(10);
    expect(lines.filter((l) => l.startsWith('::warning '))).toHaveLength(10);
    expect(lines).toContain(
      'corofetch: 15 more errors not annotated (GitHub shows 10 of each kind per step); the report lists them all',
    );
    expect(lines.at(-1)).toBe(
      'corofetch: 1 more warning not annotated (GitHub shows 10 of each kind per step); the report lists them all',
    );
  });
});

describe('step outputs (issue 15)', () => {
  it('name each gate by its metric, a second gate on one metric with -2, and parse as the runner parses them', () => {
    const outputs = parseOutputs(renderStepOutputs(gated, { report: '/w/report.json' }));
    expect(outputs).toMatchObject({
      outcome: 'failed',
      'exit-code': '3',
      'gate-speedup': 'failed',
      'gate-speedup-2': 'passed',
      'gate-serial-wall-median': 'passed',
      report: '/w/report.json',
    });
    expect(Number(outputs.speedup)).toBeCloseTo(2, 1);
  });

  it('keep a path with a line break whole, in the heredoc form', () => {
    const path = '/w/odd\nname.json';
    expect(parseOutputs(renderStepOutputs(gated, { report: path })).report).toBe(path);
  });

  it('say interrupted when a signal ended the session', () => {
    const report = buildReport(reportInput({ serial: [runRecord(10, [result()])] }, { interruptedBy: 'SIGINT' }));
    expect(parseOutputs(renderStepOutputs(report, {})).outcome).toBe('interrupted');
  });
});

describe('the step summary (issue 15)', () => {
  it('stays under 256 KiB, cut at a line with a note, however much the report holds', () => {
    const report = buildReport(reportInput({ serial: [runRecord(10, [result()])] }));
    report.warnings = Array.from({ length: 5000 }, (_, i) => ({ code: 'NOISY', message: `${'w'.repeat(100)} ${i}` }));
    const summary = renderStepSummary(report);
    expect(Buffer.byteLength(summary)).toBeLessThanOrEqual(256 * 1024);
    expect(summary).toMatch(
      /> …cut at 256 KiB to keep the step summary within GitHub's limit; the JSON report has everything\.\n$/,
    );
    expect(summary).toContain('## corofetch: 1 URL');
  });
});
