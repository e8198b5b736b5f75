import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startFixtureServer } from '../../src/fixture-server/server.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { startAdjustableServer } from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const { temp } = workspace;
const pages = (name: string, count: number, query: string) =>
  workspace.list(
    name,
    Array.from({ length: count }, (_, i) => `${workspace.baseUrl}page?${query}&i=${i}`),
  );

describe('repeated runs', () => {
  it('--runs 3 --warmup 1 gives 3 alternating runs per mode and keeps the warm-up out', async () => {
    const { code, stdout } = await runCli([pages('runs.txt', 3, 'delay=50'), '--runs', '3', '--warmup', '1', '--json']);
    expect(code).toBe(0);
    const report = parseReport(stdout);
    expect(report.options).toMatchObject({ runs: 3, warmup: 1 });
    expect(report.schedule).toEqual(['serial', 'concurrent', 'serial', 'concurrent', 'serial', 'concurrent']);
    expect(report.modes.serial!.runs.map((r) => r.sequence)).toEqual([2, 4, 6]);
    expect(report.modes.concurrent!.runs.map((r) => r.sequence)).toEqual([3, 5, 7]);
    expect(report.modes.serial!.wallMs.samples).toHaveLength(3);
    expect(report.modes.serial!.okUrls).toBe(3);
    expect(report.modes.serial!.total.requests).toBe(9);
    expect(report.comparison!.pairRatios).toHaveLength(3);
    expect(report.comparison!.speedupInterval!.low).toBeLessThanOrEqual(report.comparison!.speedup!);
  });

  it('reaches more than half the ideal on 20 URLs × 200 ms at concurrency 20', async () => {
    const { code, stdout } = await runCli([pages('twenty.txt', 20, 'delay=200&bytes=2000'), '-c', '20', '--json']);
    expect(code).toBe(0);
    const { comparison } = parseReport(stdout);
    expect(comparison!.idealWallMs).toBeGreaterThanOrEqual(200);
    expect(comparison!.efficiency).toBeGreaterThan(0.5);
  });
});

describe('thresholds', () => {
  it('exit 0 when every threshold holds, each recorded with its figure', async () => {
    // 15 URLs over 5 rounds: 75 requests, enough to bound a p95 from above (59 are).
    const file = pages('pass.txt', 15, 'delay=30');
    const { code, stdout } = await runCli([
      file,
      '--json',
      '--threshold',
      'speedup>=1.5',
      '--threshold',
      'failed==0',
      '--threshold',
      'concurrent.request.p95<5000',
    ]);
    expect(code).toBe(0);
    const report = parseReport(stdout);
    expect(report.thresholds.map((t) => [t.expr, t.outcome, t.passed])).toEqual([
      ['speedup >= 1.5', 'passed', true],
      ['failed == 0', 'passed', true],
      ['concurrent.request.p95 < 5000', 'passed', true],
    ]);
    expect(report.thresholds[1]!.actual).toBe(0);
  });

  it('exit 3 when one is breached, saying which figure broke which limit and by how much', async () => {
    const file = pages('breach.txt', 3, 'delay=100');
    const { code, stdout, stderr } = await runCli([
      file,
      '--threshold',
      'serial.wall.median<100',
      '--threshold',
      'speedup>=1',
    ]);
    expect(code).toBe(3);
    expect(stdout).toMatch(
      /threshold serial\.wall\.median < 100: FAILED \(measured [\d,]+ ms, [\d.]+% interval [\d,]+ ms–[\d,]+ ms, over by [\d,]+ ms\)/,
    );
    expect(stdout).toMatch(/threshold speedup >= 1: passed/);
    // A gate without --runs gets 5 rounds after a warm-up (issue 14), enough to judge against noise.
    expect(stdout).toMatch(/^serial warm-up 1 of 1: /m);
    expect(stdout).toMatch(/^serial run 5 of 5: /m);
    expect(stderr).not.toMatch(/FEW_RUNS/);
    const one = await runCli([file, '--runs', '1', '--threshold', 'speedup>=1', '-q']);
    expect(one.stderr).toMatch(/^warning: gates judged on 1 round, so noise can decide them.*\[FEW_RUNS\]$/m);
  });

  it('lets a threshold on failed decide instead of exit 1', async () => {
    const file = temp.write('judged.txt', `${workspace.baseUrl}page?status=500\n${workspace.baseUrl}page\n`);
    const tolerant = await runCli([file, '--json', '--mode', 'serial', '--threshold', 'failed<=1']);
    expect(tolerant.code).toBe(0);
    const strict = await runCli([file, '--json', '--mode', 'serial', '--threshold', 'failed<1']);
    expect(strict.code).toBe(3);
    const plain = await runCli([file, '--json', '--mode', 'serial']);
    expect(plain.code).toBe(1);
  });

  it.each([
    [['--threshold', 'latency<5'], /unknown metric 'latency'/],
    [['--threshold', 'speedup >> 2'], /is not '<metric> <op> <number>'/],
    [['--threshold', 'serial.wall.max<5', '--mode', 'concurrent'], /needs serial mode/],
    [['--max-regression', '5'], /--max-regression needs --baseline/],
  ])('refuses %j before any request (exit 2)', async (flags, message) => {
    const { code, stdout, stderr, durationMs } = await runCli([pages('never.txt', 1, 'delay=5000'), ...flags]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(STACK_LINE);
    expect(durationMs).toBeLessThan(4_000);
  });
});

describe('baselines', () => {
  it('detects a regression when the server’s delay triples', async () => {
    const adjustable = await startAdjustableServer(150);
    try {
      const file = temp.write('steady.txt', [1, 2, 3].map((i) => `${adjustable.url}item/${i}`).join('\n'));
      const base = `${temp.path}/base.json`;
      expect((await runCli([file, '--json', '-o', base, '--runs', '3'])).code).toBe(0);

      // Three times slower: far past the 50% limit even when a busy machine slowed the baseline's runs.
      adjustable.delayMs = 450;
      const { code, stdout } = await runCli([
        file,
        '--json',
        '--runs',
        '3',
        '--baseline',
        base,
        '--max-regression',
        '50',
      ]);
      expect(code).toBe(3);
      const report = parseReport(stdout);
      expect(report.baseline!.file).toBe(base);
      expect(report.baseline!.modes.serial!.ratio).toBeGreaterThan(1.6);
      expect(report.baseline!.urls[0]!.serial!.ratio).toBeGreaterThan(1.6);
      expect(report.thresholds.map((t) => [t.expr, t.passed])).toEqual([
        ['serial.regression <= 50', false],
        ['concurrent.regression <= 50', false],
      ]);

      const human = await runCli([file, '--runs', '3', '--baseline', base]);
      expect(human.stdout).toMatch(/serial vs baseline/);
      expect(human.stdout).toMatch(/^baseline\s+serial \+\d+\.\d%, concurrent \+\d+\.\d% in wall time since/m);
    } finally {
      await adjustable.close();
    }
  });

  it('refuses a baseline of another URL list or schema version (exit 2)', async () => {
    const file = pages('one.txt', 1, 'delay=0');
    const base = `${temp.path}/one.json`;
    const { stdout } = await runCli([file, '--json', '-o', base]);
    const other = pages('two.txt', 2, 'delay=0');
    const mismatch = await runCli([other, '--baseline', base]);
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toBe(
      `corofetch: baseline '${base}' measured another URL list (it has 1 URLs, this list 2); compare runs of the same list\n`,
    );

    const future = `${temp.path}/future.json`;
    writeFileSync(future, JSON.stringify({ ...JSON.parse(stdout), schemaVersion: 3 }));
    const version = await runCli([file, '--baseline', future]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(
      /has schemaVersion 3; this corofetch reads schemaVersion 2: measure the baseline again/,
    );

    const broken = await runCli([file, '--baseline', temp.write('broken.json', '{ not json')]);
    expect(broken.stderr).toMatch(/cannot read baseline '.*broken\.json': is not valid JSON/);
  });
});

describe('--markdown', () => {
  it('writes the summary table for a CI step summary', async () => {
    const md = `${temp.path}/summary.md`;
    const { code } = await runCli([pages('md.txt', 2, 'delay=50'), '--markdown', md, '--min-speedup', '1.2', '-q']);
    expect(code).toBe(0);
    const text = readFileSync(md, 'utf8');
    expect(text).toMatch(/^## corofetch: 2 URLs, 5 rounds/);
    expect(text).toMatch(/\| serial \| [\d,]+ ms \|/);
    expect(text).toContain('| `speedup >= 1.2` |');
    expect(text).toContain('✅ passed');
  });
});

describe('gates a CI job can trust (issue 14)', () => {
  it('judges the concurrent run against the in-order ideal: 5 × 100 ms then 500 ms at -c 2', async () => {
    const delays = [100, 100, 100, 100, 100, 500];
    const file = temp.write(
      'in-order.txt',
      delays.map((d, i) => `${workspace.baseUrl}page?delay=${d}&i=${i}`).join('\n'),
    );
    const { stdout } = await runCli([file, '--json', '-c', '2', '--runs', '3', '--threshold', 'efficiency>=0.85']);
    const report = parseReport(stdout);
    // The fetcher starts URLs in list order: no run of it can beat ~700 ms, though 500 ms is a lower bound.
    expect(report.comparison!.idealWallMs).toBeGreaterThanOrEqual(690);
    expect(report.comparison!.lowerBoundWallMs).toBeLessThan(report.comparison!.idealWallMs - 150);
    expect(report.comparison!.slowestFirstWallMs).toBeLessThan(report.comparison!.idealWallMs - 150);
    expect(report.comparison!.efficiency!).toBeGreaterThan(0.85);
    expect(report.thresholds[0]!.outcome).not.toBe('failed');
  });

  it('compares with a baseline of a fixture on another port, matching URLs by path, with a note', async () => {
    const other = await startFixtureServer();
    try {
      const paths = ['page?delay=50&a=1', 'page?delay=50&a=2'];
      const base = `${temp.path}/ported.json`;
      const here = temp.write('here.txt', paths.map((p) => `${workspace.baseUrl}${p}`).join('\n'));
      const there = temp.write('there.txt', paths.map((p) => `${other.url}${p}`).join('\n'));
      expect((await runCli([there, '--json', '--runs', '3', '-o', base])).code).toBe(0);
      const { code, stdout, stderr } = await runCli([
        here,
        '--json',
        '--runs',
        '3',
        '--baseline',
        base,
        '--max-regression',
        '200',
      ]);
      expect(code).toBe(0);
      expect(parseReport(stdout).baseline).toMatchObject({ urlMatch: 'path', settingsDiffer: [] });
      expect(stderr).toMatch(/matched by path and query \[BASELINE_URLS_BY_PATH\]/);
    } finally {
      await other.close();
    }
  });

  it('refuses to judge a regression against a baseline taken with other settings, and names them', async () => {
    const file = pages('settings.txt', 4, 'delay=100');
    const base = `${temp.path}/c10.json`;
    expect((await runCli([file, '--json', '--runs', '3', '-c', '10', '-o', base])).code).toBe(0);
    const { code, stdout, stderr } = await runCli([
      file,
      '--json',
      '--runs',
      '3',
      '-c',
      '2',
      '--baseline',
      base,
      '--max-regression',
      '10',
    ]);
    const report = parseReport(stdout);
    // -c 2 makes the concurrent run slower by design: that is no regression, and no silent pass either.
    expect(report.thresholds.find((t) => t.metric === 'concurrent.regression')).toMatchObject({
      outcome: 'inconclusive',
    });
    expect(report.baseline!.settingsDiffer).toEqual(['concurrency: 10 → 2']);
    expect(stderr).toMatch(/concurrency: 10 → 2.*\[BASELINE_SETTINGS_DIFFER\]/);
    expect(stderr).toMatch(/\[INCONCLUSIVE\]/);
    expect(code).toBe(0);
    const strict = await runCli([
      file,
      '--runs',
      '3',
      '-c',
      '2',
      '--baseline',
      base,
      '--max-regression',
      '10',
      '--inconclusive',
      'fail',
      '-q',
    ]);
    expect(strict.code).toBe(3);
    expect(strict.stdout).toMatch(
      /concurrent\.regression <= 10: inconclusive: the baseline was measured with other settings \(concurrency: 10 → 2\)/,
    );
  });

  it('counts one bad URL over 3 rounds as one failed URL, and names it in -q and the Markdown', async () => {
    const md = `${temp.path}/bad.md`;
    const file = temp.write(
      'one-bad.txt',
      [`${workspace.baseUrl}page?status=500`, `${workspace.baseUrl}page`, `${workspace.baseUrl}page?i=3`].join('\n'),
    );
    const { code, stdout } = await runCli([file, '--runs', '3', '-q', '--threshold', 'failed<=2', '--markdown', md]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^failed \(serial in 3 of 3 rounds\): .*page\?status=500: HTTP_STATUS: HTTP 500$/m);
    expect(stdout).toMatch(/^serial .*2 of 3 URLs ok, 1 failed, .*median of 3 rounds/m);
    expect(stdout).toMatch(/threshold failed <= 2: passed \(measured 1\)/);
    expect(readFileSync(md, 'utf8')).toMatch(/\| `.*page\?status=500` \| serial \| `HTTP_STATUS` \| 3 of 3 \|/);
  });
});
