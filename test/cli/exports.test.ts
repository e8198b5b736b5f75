/**
 * Issue 12: the per-request exports, parsed back and counted; and gates on phases, judged on their
 * interval against a server whose delay changes between rounds.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildReport } from '../../src/core/report.js';
import { renderCsv } from '../../src/reporters/requests.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { failed, reportInput, result, runRecord } from '../helpers/results.js';
import { parseReport } from '../helpers/schema.js';
import { refusedUrl, startHttpServer } from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();

/** RFC 4180, strictly: quoted fields may hold commas, quotes (doubled) and line breaks; records end in CRLF. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let i = 0;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  while (i < text.length) {
    if (text[i] === '"') {
      i += 1;
      while (!(text[i] === '"' && text[i + 1] !== '"')) {
        field += text[i];
        i += text[i] === '"' ? 2 : 1;
      }
      i += 1;
    } else if (text[i] === ',') {
      endField();
      i += 1;
    } else if (text.startsWith('\r\n', i)) {
      endField();
      records.push(record);
      record = [];
      i += 2;
    } else {
      field += text[i];
      i += 1;
    }
  }
  return records;
}

describe('--ndjson and --csv (issue 12)', () => {
  it('write one row per request per measured round per mode, the same rows in both', async () => {
    const refused = await refusedUrl();
    const urls = [`${workspace.baseUrl}page?bytes=100&list=1,2`, `${workspace.baseUrl}page?bytes=200`, refused];
    const ndjson = join(workspace.temp.path, 'requests.ndjson');
    const csv = join(workspace.temp.path, 'requests.csv');
    const { code, stderr } = await runCli([...urls, '--runs', '2', '--ndjson', ndjson, '--csv', csv, '-q']);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(1);
    const rows = readFileSync(ndjson, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(2 * 2 * 3);
    expect(rows.filter((r) => r.mode === 'concurrent' && r.run === 2).map((r) => r.url)).toEqual(urls);
    expect(rows[0]).toMatchObject({ mode: 'serial', run: 1, url: urls[0], status: 200, bytes: 100, error: null });
    expect(rows[2]).toMatchObject({ status: null, error: { code: 'ECONNREFUSED' } });
    const records = parseCsv(readFileSync(csv, 'utf8'));
    expect(records).toHaveLength(1 + 12);
    expect(records[0]!.slice(0, 5)).toEqual(['mode', 'run', 'url', 'status', 'bytes']);
    // The URL with a comma is one field.
    expect(records[1]!.slice(0, 5)).toEqual(['serial', '1', urls[0], '200', '100']);
    expect(records[3]![records[0]!.indexOf('errorCode')]).toBe('ECONNREFUSED');
    expect(records.slice(1).map((r) => r[2])).toEqual(rows.map((r) => r.url));
  });

  it('quotes any text a field can hold, so a CSV reader gets it back whole', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (path, message) => {
        const url = `http://h.test/${encodeURI(path)}`;
        const report = buildReport(
          reportInput(
            { serial: [runRecord(10, [result({ url }), failed({ url, error: { code: 'X', message } })])] },
            { urls: [url, url] },
          ),
        );
        const records = parseCsv(Array.from(renderCsv(report)).join(''));
        expect(records).toHaveLength(3);
        expect(records[2]![2]).toBe(url);
        expect(records[2]!.at(-1)).toBe(message);
      }),
      { seed: 12, numRuns: 300 },
    );
  });
});

describe('gates on phases (issue 12)', () => {
  /**
   * Answers after `usual` ms, and every 16th request after `slow`: with 16 URLs, one request of each run is
   * slow, so 4 of the 64 concurrent requests of 4 rounds are (6%, just past the p95's rank).
   */
  async function startServer(usual: number, slow: number) {
    let requests = 0;
    return startHttpServer((_req, res) => {
      setTimeout(() => res.end('ok'), requests++ % 16 === 15 ? slow : usual);
    });
  }

  it.each([
    ['passed', 60, 60],
    ['failed', 160, 160],
    ['inconclusive', 60, 160],
  ] as const)(
    'concurrent.ttfb.p95<100 is %s when requests wait %i ms, one in 16 %i ms',
    { timeout: 60_000 },
    async (outcome, usual, slow) => {
      const server = await startServer(usual, slow);
      try {
        const urls = Array.from({ length: 16 }, (_, i) => `${server.url}p${i}`);
        const { stdout } = await runCli([
          ...urls,
          '--runs',
          '4',
          '--warmup',
          '0',
          '--threshold',
          'concurrent.ttfb.p95<100',
          '--json',
        ]);
        const check = parseReport(stdout).thresholds[0]!;
        expect(check.outcome).toBe(outcome);
        // Over the 64 requests of 4 rounds: an order-statistic interval of the p95 the report prints.
        expect(check.interval?.method).toBe('order-statistic');
        expect(check.actual).toBe(parseReport(stdout).modes.concurrent!.phasesMs.ttfb!.p95);
      } finally {
        await server.close();
      }
    },
  );
});
