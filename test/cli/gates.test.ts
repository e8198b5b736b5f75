import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
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
    expect(report.modes.serial!.ok).toBe(9);
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
    const file = pages('pass.txt', 4, 'delay=100');
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
    expect(stdout).toMatch(/threshold serial\.wall\.median < 100: FAILED \(measured [\d,]+ ms, over by [\d,]+ ms\)/);
    expect(stdout).toMatch(/threshold speedup >= 1: passed/);
    expect(stderr).toMatch(/^warning: thresholds judged on 1 run per mode.*\[FEW_RUNS\]$/m);
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
      expect((await runCli([file, '--json', '-o', base])).code).toBe(0);

      // Three times slower: far past the 50% limit even when a busy machine slowed the baseline's runs.
      adjustable.delayMs = 450;
      const { code, stdout } = await runCli([file, '--json', '--baseline', base, '--max-regression', '50']);
      expect(code).toBe(3);
      const report = parseReport(stdout);
      expect(report.baseline!.file).toBe(base);
      expect(report.baseline!.modes.serial!.ratio).toBeGreaterThan(1.6);
      expect(report.baseline!.urls[0]!.serial!.ratio).toBeGreaterThan(1.6);
      expect(report.thresholds.map((t) => [t.expr, t.passed])).toEqual([
        ['serial.regression <= 50', false],
        ['concurrent.regression <= 50', false],
      ]);

      const human = await runCli([file, '--baseline', base]);
      expect(human.stdout).toMatch(/serial vs baseline/);
      expect(human.stdout).toMatch(/^baseline\s+serial \+\d+\.\d%, concurrent \+\d+\.\d% in median wall time since/m);
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
    writeFileSync(future, JSON.stringify({ ...JSON.parse(stdout), schemaVersion: 2 }));
    const version = await runCli([file, '--baseline', future]);
    expect(version.code).toBe(2);
    expect(version.stderr).toMatch(/has schemaVersion 2; this corofetch reads schemaVersion 1/);

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
    expect(text).toMatch(/^## corofetch: 2 URLs, 1 run per mode/);
    expect(text).toMatch(/\| serial \| [\d,]+ ms \|/);
    expect(text).toContain('| `speedup >= 1.2` |');
    expect(text).toContain('✅ passed');
  });
});
