/**
 * Issue 18: reports that scale. A summary JSON report past 10,000 URLs (or with --detail summary), a full one
 * refused where it could not be written, per-request rows written in chunks, and a summary report that
 * cannot pose as a baseline.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();

describe('reports that scale (issue 18)', () => {
  it('--detail summary keeps the aggregates, the failed URLs and the slowest, with their index, and no requests', async () => {
    const urls = Array.from({ length: 6 }, (_, i) => `${workspace.baseUrl}page?i=${i}&delay=${i * 10}`);
    urls.push(`${workspace.baseUrl}page?status=500`);
    const { code, stdout, stderr } = await runCli([...urls, '--detail', 'summary', '--json', '--runs', '2']);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(1);
    const report = parseReport(stdout) as unknown as Record<string, unknown> & {
      detail: string;
      urlCount: number;
      modes: Record<string, { urls: Array<{ index: number; url: string; failedRounds: number }>; runs: object[] }>;
    };
    expect(report.detail).toBe('summary');
    expect(report.urlCount).toBe(7);
    expect(report).not.toHaveProperty('urls');
    for (const mode of ['serial', 'concurrent']) {
      const summary = report.modes[mode]!;
      expect(summary.runs).toHaveLength(2);
      for (const run of summary.runs) expect(run).not.toHaveProperty('results');
      // Seven URLs are fewer than the 100 slowest kept: every one is there, in order, with its index.
      expect(summary.urls.map((u) => u.index)).toEqual([0, 1, 2, 3, 4, 5, 6]);
      expect(summary.urls[6]).toMatchObject({ failedRounds: 2, url: urls[6] });
    }
  });

  it('refuses a full JSON report past 100,000 URLs before the first request, and names --ndjson', async () => {
    const urls = Array.from({ length: 100_001 }, (_, i) => `http://127.0.0.1:9/${i}`);
    const list = workspace.list('huge.txt', urls);
    const { code, stdout, stderr } = await runCli([list, '--detail', 'full', '--json']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/--detail full: 100,001 URLs is over the 100,000 .* --ndjson/);
  });

  it('writes every request to --ndjson in chunks, whole, and leaves no temp file', async () => {
    const urls = Array.from({ length: 4_500 }, (_, i) => `${workspace.baseUrl}page?bytes=10&i=${i}`);
    const list = workspace.list('many.txt', urls);
    const ndjson = workspace.temp.path + '/many.ndjson';
    const { code, stderr } = await runCli([list, '--mode', 'concurrent', '-c', '50', '-q', '--ndjson', ndjson]);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(code).toBe(0);
    const lines = readFileSync(ndjson, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(4_500);
    expect(lines.map((line) => (JSON.parse(line) as { url: string }).url)).toEqual(urls);
    expect(readdirSync(workspace.temp.path).filter((name) => name.includes('many.ndjson'))).toEqual(['many.ndjson']);
  });

  it('refuses a summary report as a baseline, in one line', async () => {
    const urls = [`${workspace.baseUrl}page?i=1`, `${workspace.baseUrl}page?i=2`];
    const summary = workspace.temp.path + '/summary.json';
    expect((await runCli([...urls, '--detail', 'summary', '-o', summary, '-q'])).code).toBe(0);
    const { code, stderr } = await runCli([...urls, '--baseline', summary, '-q']);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/is a summary report.*--detail full/);
  });
});
