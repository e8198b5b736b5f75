import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { decideStyle } from '../../src/cli/terminal.js';
import { renderTextReport } from '../../src/reporters/text-report.js';
import { parseThreshold, type ThresholdSpec } from '../../src/core/thresholds.js';
import { failed, reportInput, result, runRecord } from '../helpers/results.js';

const plain = decideStyle({ isTTY: false, env: {}, colorFlag: true });
const coloured = decideStyle({ isTTY: true, env: {}, colorFlag: true });

const urls = ['http://a.test/one', 'http://b.test/two'];
const report = buildReport(
  reportInput(
    {
      serial: [
        runRecord(900, [
          result({ url: urls[0], durationMs: 300, bytes: 50_000 }),
          result({ url: urls[1], durationMs: 600, status: 503, error: { code: 'HTTP_STATUS', message: 'HTTP 503' } }),
        ]),
      ],
      concurrent: [
        runRecord(610, [
          result({ url: urls[0], durationMs: 301, bytes: 50_000 }),
          failed({ url: urls[1], durationMs: 2 }),
        ]),
      ],
    },
    { urls, thresholds: [parseThreshold('speedup >= 3')] },
  ),
);

function reportInputFor(thresholds: ThresholdSpec[] = []) {
  return reportInput(
    {
      serial: [runRecord(900, [result({ url: urls[0], durationMs: 300 }), result({ url: urls[1], durationMs: 600 })])],
      concurrent: [
        runRecord(612, [result({ url: urls[0], durationMs: 301 }), result({ url: urls[1], durationMs: 300 })]),
      ],
    },
    { urls, thresholds },
  );
}

describe('renderTextReport', () => {
  it('ends with a why line per diagnosis, fitted like every line, and none on a healthy run (issue 12)', () => {
    expect(text).not.toMatch(/^why /m);
    const explained = {
      ...report,
      diagnosis: [
        {
          code: 'SERVER_SERIALIZES' as const,
          mode: 'concurrent' as const,
          message: 'The server worked on about 1.0 requests at once while 3.0 were in flight.',
          evidence: {},
        },
      ],
    };
    const lines = renderTextReport(explained, plain, { quiet: true, table: 'all', width: 60 }).trimEnd().split('\n');
    expect(lines.at(-2)).toMatch(/^why {2}SERVER_SERIALIZES \(concurrent\): The server/);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(60);
  });

  const text = renderTextReport(report, plain, { quiet: false, table: 'all' });

  it('has no escape codes when colour is off', () => {
    expect(text).toBe(stripVTControlCharacters(text));
  });

  it('colours when asked, with the same words', () => {
    const colouredText = renderTextReport(report, coloured, { quiet: false, table: 'all' });
    expect(colouredText).not.toBe(stripVTControlCharacters(colouredText));
    expect(stripVTControlCharacters(colouredText)).toContain('speedup');
  });

  it('has a row per URL with bytes and each mode’s duration', () => {
    expect(text).toMatch(/http:\/\/a\.test\/one\s+│\s+200\s+│\s+50,000\s+│\s+300\s+│\s+301\s+│/);
  });

  it('shows disagreeing statuses side by side and names failures', () => {
    expect(text).toMatch(/http:\/\/b\.test\/two\s+│\s+503\/ECONNREFUSED/);
    expect(text).toContain('failed (serial): http://b.test/two: HTTP_STATUS: HTTP 503');
    expect(text).toContain('failed (concurrent): http://b.test/two: ECONNREFUSED: connect ECONNREFUSED');
  });

  it('summarises wall times, speedup, ideal and the gate with its shortfall', () => {
    // The 503's body counts: bytes are what arrived, whatever the status.
    expect(text).toMatch(/serial\s+900 ms\s+51,024 B\s+1 of 2 URLs ok, 1 failed/);
    expect(text).toMatch(/concurrent\s+610 ms .*98% of ideal \(600 ms\)/);
    expect(text).toMatch(/speedup\s+1\.48×\s+ideal 1\.50× at concurrency 2 \(timings include failed requests\)/);
    expect(text).toContain('threshold speedup >= 3: FAILED (measured 1.475×, short by 1.525)');
  });

  it('says how far other metrics missed, in their own units', () => {
    const gated = buildReport(
      reportInputFor([parseThreshold('concurrent.request.max < 200'), parseThreshold('efficiency>=0.99')]),
    );
    const lines = renderTextReport(gated, plain, { quiet: true, table: 'all' });
    expect(lines).toContain('threshold concurrent.request.max < 200: FAILED (measured 301 ms, over by 101 ms)');
    expect(lines).toContain('threshold efficiency >= 0.99: FAILED (measured 98.0%, short by 1.0 points)');
  });

  it('prints only the failed URLs and the summary when quiet (issue 14: -q names each failed URL)', () => {
    const quiet = renderTextReport(report, plain, { quiet: true, table: 'all' });
    expect(quiet).not.toContain('│');
    expect(quiet).toMatch(/^failed \(serial\): http:\/\/b\.test\/two: HTTP_STATUS: HTTP 503$/m);
    expect(quiet).toMatch(/^serial/m);
  });

  it('counts URLs, not requests, and says in how many rounds a URL failed (issue 14)', () => {
    const rounds = (wall: number) =>
      runRecord(wall, [
        result({ url: urls[0] }),
        result({ url: urls[1], status: 500, error: { code: 'HTTP_STATUS', message: 'HTTP 500' } }),
      ]);
    const three = buildReport(reportInput({ serial: [rounds(10), rounds(11), rounds(12)] }, { urls }));
    const lines = renderTextReport(three, plain, { quiet: true, table: 'all' });
    expect(lines).toContain('failed (serial in 3 of 3 rounds): http://b.test/two: HTTP_STATUS: HTTP 500');
    expect(lines).toMatch(/serial .* 1 of 2 URLs ok, 1 failed, HTTP\/1\.1, median of 3 rounds/);
    expect(three.modes.serial).toMatchObject({ okUrls: 1, failedUrls: 1, total: { requests: 6, failedRequests: 3 } });
  });

  it('opens with what an interruption kept (issue 14)', () => {
    const cut = buildReport(
      reportInput(
        { serial: [runRecord(10, [result({ url: urls[0] }), result({ url: urls[1] })])] },
        {
          urls,
          interruptedBy: 'SIGINT',
          cutShort: [
            {
              mode: 'serial',
              ...runRecord(5, [
                result({ url: urls[0] }),
                failed({ url: urls[1], error: { code: 'INTERRUPTED', message: 'interrupted by SIGINT' } }),
              ]),
              interrupted: true,
            },
          ],
        },
      ),
    );
    const lines = renderTextReport(cut, plain, { quiet: false, table: 'all' });
    expect(lines.split('\n')[0]).toBe(
      'interrupted by SIGINT: 1 complete round kept; the round it cut short (serial 1 of 2 requests done) is in no figure',
    );
  });

  it('narrows the URL column to fit a terminal width', () => {
    const long = `http://a.test/${'x'.repeat(40)}?delay=800`;
    const one = buildReport(
      reportInput(
        { serial: [runRecord(1, [result({ url: long })])], concurrent: [runRecord(1, [result({ url: long })])] },
        { urls: [long] },
      ),
    );
    const text = renderTextReport(one, plain, { quiet: false, table: 'all', width: 80 });
    const tableLines = text.split('\n').filter((line) => /^[┌│└]/.test(line));
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(80);
    expect(text).toContain('?delay=800');
  });

  it('narrows a digest table by the URLs it shows, not by a longer one it hides (issue 18)', () => {
    // 49 URLs shown in part (the 10 slowest) and one long, fast one hidden.
    const urls = Array.from({ length: 49 }, (_, i) => `http://a.test/page/${'a'.repeat(20)}?i=${i}`);
    urls.push(`http://a.test/${'z'.repeat(60)}`);
    const results = urls.map((url, i) => result({ url, durationMs: i === 49 ? 1 : 100 + i }));
    const digest = buildReport(reportInput({ serial: [runRecord(9_000, results)] }, { urls }));
    const text = renderTextReport(digest, plain, { quiet: false, table: 'auto', width: 60 });
    const tableLines = text.split('\n').filter((line) => /^[┌│└]/.test(line));
    expect(tableLines.length).toBeGreaterThan(10);
    for (const line of tableLines) expect(line.length).toBeLessThanOrEqual(60);
    expect(text).not.toContain('zzzz');
  });

  it('shortens long URLs in the middle, keeping their tail', () => {
    const long = `http://a.test/${'x'.repeat(100)}?delay=800`;
    const one = buildReport(reportInput({ serial: [runRecord(1, [result({ url: long })])] }, { urls: [long] }));
    const table = renderTextReport(one, plain, { quiet: false, table: 'all' });
    expect(table).toContain('…');
    expect(table).toContain('?delay=800');
  });
});
