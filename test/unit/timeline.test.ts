import { describe, expect, it } from 'vitest';
import { stripVTControlCharacters } from 'node:util';
import { buildReport } from '../../src/core/report.js';
import { decideStyle } from '../../src/cli/terminal.js';
import { renderTimeline } from '../../src/reporters/timeline.js';
import { failed, reportInput, result, runRecord } from '../helpers/results.js';

const plain = decideStyle({ isTTY: false, env: {}, colorFlag: true });
const urls = ['http://h.test/a', 'http://h.test/b'];
const report = buildReport(
  reportInput(
    {
      // Serial: a staircase. Concurrent: side by side, the second one failed.
      serial: [
        runRecord(400, [
          result({ url: urls[0], startMs: 0, ttfbMs: 150, durationMs: 200 }),
          result({ url: urls[1], startMs: 200, ttfbMs: 100, durationMs: 200 }),
        ]),
      ],
      concurrent: [
        runRecord(200, [
          result({ url: urls[0], startMs: 0, ttfbMs: 150, durationMs: 200 }),
          failed({ url: urls[1], startMs: 0, durationMs: 100 }),
        ]),
      ],
    },
    { urls },
  ),
);

describe('renderTimeline', () => {
  const lines = renderTimeline(report, plain, { width: 70, unicode: true }).split('\n');

  it('draws one row per URL per mode on one axis, within the width', () => {
    expect(lines[0]).toBe('timeline of http://h.test/, first measured run of each mode');
    // The header, a row per URL per mode, the axis, then the legend (wrapped between its items).
    expect(lines[5]).toMatch(/^\s+0 ms\s+400 ms$/);
    expect(lines.slice(6).join('  ')).toMatch(
      /░ waiting for the first byte {2}█ receiving {2}✗ failed {2}serial: HTTP\/1\.1 {2}concurrent: HTTP\/1\.1$/,
    );
    for (const line of lines.slice(1)) expect(line.length).toBeLessThanOrEqual(70);
  });

  it('tags the modes by initial under 64 columns, and spells them out in the legend', () => {
    const narrow = renderTimeline(report, plain, { width: 40, unicode: true }).split('\n');
    const rows = narrow.filter((line) => line.includes('│'));
    expect(rows[0]).toMatch(/^a\s+s │/);
    expect(rows[1]).toMatch(/^\s+c │/);
    expect(narrow.join(' ')).toMatch(/s serial: HTTP\/1\.1\s+c concurrent: HTTP\/1\.1/);
    for (const line of narrow) expect(line.length).toBeLessThanOrEqual(40);
  });

  it('shows the serial staircase and the concurrent overlap', () => {
    const bar = (line: string) => line.slice(line.indexOf('│') + 1, line.lastIndexOf('│'));
    const [serialA, concurrentA, serialB, concurrentB] = lines.slice(1, 5).map(bar);
    expect(serialA).toMatch(/^░+█+ +$/);
    expect(serialB).toMatch(/^ +░+█+$/);
    expect(concurrentA!.indexOf('░')).toBe(0);
    expect(concurrentB).toMatch(/^░*✗ +$/);
    // Both modes share the axis: the concurrent row for /a ends where serial /a ends.
    expect(concurrentA!.trimEnd().length).toBe(serialA!.trimEnd().length);
    expect(lines[1]).toMatch(/^a\s+serial\s+│/);
  });

  it('marks every failed request, an HTTP 500 too (issue 19)', () => {
    const withStatus = buildReport(
      reportInput(
        {
          serial: [
            runRecord(200, [
              result({ url: urls[0], startMs: 0, ttfbMs: 50, durationMs: 100 }),
              result({
                url: urls[1],
                startMs: 100,
                ttfbMs: 50,
                durationMs: 100,
                status: 500,
                error: { code: 'HTTP_STATUS', message: 'HTTP 500' },
              }),
            ]),
          ],
        },
        { urls },
      ),
    );
    const rows = renderTimeline(withStatus, plain, { width: 60, unicode: true }).split('\n');
    expect(rows[1]).not.toContain('✗');
    expect(rows[2]).toMatch(/✗│$/);
  });

  it('falls back to ASCII', () => {
    const ascii = renderTimeline(report, plain, { width: 60, unicode: false });
    expect(ascii).not.toMatch(/[░█✗│]/);
    expect(ascii).toMatch(/\|-+#+ +\|/);
  });

  it('colours only when asked', () => {
    const coloured = renderTimeline(report, decideStyle({ isTTY: true, env: {}, colorFlag: true }), {
      width: 70,
      unicode: true,
    });
    expect(stripVTControlCharacters(coloured)).toBe(lines.join('\n'));
  });
});
