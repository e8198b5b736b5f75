/**
 * Issue 15: the text report fits every width from 40 columns up without wrapping, keeps what tells rows
 * apart, and is ASCII through and through with --ascii (and TERM=dumb).
 */
import { describe, expect, it } from 'vitest';
import stringWidth from 'string-width';
import { decideStyle } from '../../src/cli/terminal.js';
import { buildReport } from '../../src/core/report.js';
import { parseThreshold } from '../../src/core/thresholds.js';
import { renderTextReport } from '../../src/reporters/text-report.js';
import { failed, reportInput, result, runRecord } from '../helpers/results.js';

const origin = 'http://127.0.0.1:41841/';
const urls = [
  `${origin}page?site=python.org&bytes=50000&delay=300`,
  `${origin}page?site=yahoo.com&bytes=500000&delay=500`,
  `${origin}page?site=github.com&bytes=250000&delay=800`,
];
const round = (serial: boolean) =>
  runRecord(serial ? 1_627 : 809, [
    result({ url: urls[0], durationMs: 317, bytes: 50_000, startMs: serial ? 0 : 0 }),
    result({ url: urls[1], durationMs: 503, bytes: 500_000, startMs: serial ? 317 : 0 }),
    failed({
      url: urls[2],
      durationMs: 803,
      startMs: serial ? 820 : 0,
      error: { code: 'HTTP_STATUS', message: 'HTTP 503' },
      status: 503,
      bytes: 12,
    }),
  ]);
const report = buildReport(
  reportInput(
    { serial: [round(true), round(true), round(true)], concurrent: [round(false), round(false), round(false)] },
    { urls, concurrency: 3, thresholds: [parseThreshold('speedup>=2'), parseThreshold('concurrent.request.p95<250')] },
  ),
);

describe('any terminal (issue 15)', () => {
  for (const colour of [false, true]) {
    const style = decideStyle({ isTTY: true, env: colour ? {} : { NO_COLOR: '1' }, colorFlag: true });
    it.each([40, 60, 80, 120])(`fits %i columns, every line (colour ${colour ? 'on' : 'off'})`, (width) => {
      const text = renderTextReport(report, style, {
        quiet: false,
        table: 'all',
        timeline: { width, unicode: true },
        width,
      });
      for (const line of text.split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(width);
      // Every row still says which page it is.
      for (const site of ['python.org', 'yahoo.com', 'github.com']) expect(text).toContain(site);
    });
  }

  it.each([40, 60, 80])('fits %i columns in ASCII too, where `…` takes three', (width) => {
    const plain = decideStyle({ isTTY: false, env: {}, colorFlag: true });
    const text = renderTextReport(report, plain, {
      quiet: false,
      table: 'all',
      timeline: { width, unicode: false },
      width,
      unicode: false,
    });
    expect(text).toMatch(/^[\x00-\x7f]*$/);
    for (const line of text.split('\n')) expect(line.length, line).toBeLessThanOrEqual(width);
  });

  it('keeps what tells rows apart when URLs must be shortened: their shared prefix goes first', () => {
    const plain = decideStyle({ isTTY: false, env: {}, colorFlag: true });
    const text = renderTextReport(report, plain, { quiet: false, table: 'all', width: 60 });
    expect(text).toMatch(/^URLs on http:\/\/127\.0\.0\.1:41841\/$/m);
    expect(text).not.toMatch(/http:\/\/127…/);
  });

  it('is all ASCII with --ascii, tables and glyphs included', () => {
    const plain = decideStyle({ isTTY: false, env: {}, colorFlag: true });
    const text = renderTextReport(report, plain, {
      quiet: false,
      table: 'all',
      timeline: { width: 80, unicode: false },
      width: 80,
      unicode: false,
    });
    expect(text).toMatch(/^[\x00-\x7f]*$/);
    expect(text).toMatch(/^\+-+/m);
    expect(text).toMatch(/speedup\s+[\d.]+x/);
  });
});
