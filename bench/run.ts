/**
 * `npm run bench [-- --quick]`: corofetch against the ideal schedule and against curl and Node's fetch on
 * the same lists and the same fixture server, interleaved, and BENCHMARKS.md from what was measured.
 * Loopback only; every child is bounded in time. --quick shrinks every scenario, makes one pass, and
 * prints the report instead of writing BENCHMARKS.md (CI runs it as a smoke test, with no timing checks).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, runProcess } from './measure.js';
import { nginxInstalled, startStaticNginx, type StaticServer } from './nginx.js';
import { scenarios, STATIC_FILES, type Scenario } from './scenarios.js';
import { renderBenchmarks, type BenchResults, type ScenarioResult } from './report.js';
import type { ToolRun } from './tools.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const quick = process.argv.includes('--quick');
// --render: rewrite BENCHMARKS.md from bench/last-run.json (after editing bench/findings.md), measuring nothing.
const renderOnly = process.argv.includes('--render');
const reps = quick ? 1 : 3;
const warmups = quick ? 0 : 1;
const withCurl = spawnSync('curl', ['--version']).status === 0;

if (renderOnly) {
  const last = JSON.parse(readFileSync(`${ROOT}bench/last-run.json`, 'utf8')) as BenchResults;
  writeFileSync(`${ROOT}BENCHMARKS.md`, renderBenchmarks(last, readFileSync(`${ROOT}bench/findings.md`, 'utf8')));
  process.exit(0);
}

const server = spawn(process.execPath, [`${ROOT}bin/corofetch.js`, 'serve', '--port', '0'], {
  stdio: ['ignore', 'pipe', 'ignore'],
});
const base = ((await createInterface({ input: server.stdout })[Symbol.asyncIterator]().next()).value as string).trim();
const work = mkdtempSync(join(tmpdir(), 'corofetch-bench-'));
const hugeBytes = quick ? 32 * 1024 ** 2 : 1024 ** 3;
let nginx: StaticServer | null = null;

try {
  if (nginxInstalled()) {
    const root = join(work, 'www');
    mkdirSync(root);
    // nginx's workers run as an unprivileged user: the temp folder (0700 from mkdtemp) must let them in.
    chmodSync(work, 0o755);
    for (const [name, size] of Object.entries(STATIC_FILES)) writeFileSync(join(root, name), 'x'.repeat(size));
    // Sparse: nginx sends a GiB of zeros from the page cache, and the disk holds none of it.
    writeFileSync(join(root, 'huge'), '');
    truncateSync(join(root, 'huge'), hugeBytes);
    nginx = await startStaticNginx(root, join(work, 'nginx'));
  } else process.stderr.write('bench: nginx is not installed (bench/setup installs it); its scenarios are skipped\n');
  const results: ScenarioResult[] = [];
  for (const scenario of scenarios(quick, withCurl, hugeBytes)) {
    if (scenario.server === 'nginx' && nginx === null) continue;
    results.push(await runScenario(scenario));
  }
  const startup = await measureStartup(quick ? 3 : 15);
  const sweep = await measureSweep();
  const report: BenchResults = { quick, machine: describeMachine(withCurl), scenarios: results, startup, sweep };
  const findings = readFileSync(`${ROOT}bench/findings.md`, 'utf8');
  const markdown = renderBenchmarks(report, quick ? '' : findings);
  if (quick) process.stdout.write(markdown);
  else {
    writeFileSync(`${ROOT}BENCHMARKS.md`, markdown);
    writeFileSync(`${ROOT}bench/last-run.json`, `${JSON.stringify(report, null, 2)}\n`);
    process.stdout.write(markdown);
  }
} finally {
  server.kill('SIGTERM');
  await nginx?.stop();
  rmSync(work, { recursive: true, force: true });
}

/** Warm-ups, then `reps` rounds in which every tool runs once, in turn: drift falls on all tools alike. */
async function runScenario(scenario: Scenario): Promise<ScenarioResult> {
  const list = join(work, `${scenario.id}.txt`);
  const onNginx = scenario.server === 'nginx' && nginx !== null;
  writeFileSync(list, `${scenario.urls(onNginx ? nginx!.base : base).join('\n')}\n`);
  const serverPids = (): number[] => (onNginx ? nginx!.pids() : [server.pid!]);
  const serverCpuSeconds = (): number => serverPids().reduce((sum, pid) => sum + cpuSeconds(pid), 0);
  const runs: ToolRun[][] = scenario.tools.map(() => []);
  const serverCpu: number[] = [];
  const peakInFlight: number[] = [];
  const warmupRounds = scenario.once === true ? 0 : warmups;
  const measuredRounds = scenario.once === true ? 1 : reps;
  for (let round = 0; round < warmupRounds + measuredRounds; round++) {
    for (const [i, tool] of scenario.tools.entries()) {
      if (!onNginx) await fetchText(`${base}stats?reset=1`);
      const cpuBefore = serverCpuSeconds();
      const run = await tool(list, scenario.concurrency, work);
      const cpu = serverCpuSeconds() - cpuBefore;
      if (round < warmupRounds) continue;
      runs[i]!.push(run);
      serverCpu.push(cpu / (run.processMs / 1000));
      if (i === 0 && !onNginx) {
        peakInFlight.push((JSON.parse(await fetchText(`${base}stats`)) as { peakInFlight: number }).peakInFlight);
      }
    }
    process.stderr.write(`bench: ${scenario.id} round ${round + 1}/${warmupRounds + measuredRounds}\n`);
  }
  return {
    id: scenario.id,
    title: scenario.title,
    server: scenario.server === 'nginx' && nginx !== null ? 'nginx' : 'fixture',
    concurrency: scenario.concurrency,
    idealMs: scenario.idealMs ?? null,
    runs,
    serverCpu,
    peakInFlight,
  };
}

/** `corofetch --version` against `node -e 0`, interleaved: what loading corofetch adds to Node's start. */
async function measureStartup(times: number): Promise<{ corofetchMs: number[]; nodeMs: number[] }> {
  const corofetchMs: number[] = [];
  const nodeMs: number[] = [];
  for (let i = 0; i < times; i++) {
    nodeMs.push((await runProcess(process.execPath, ['-e', '0'])).processMs);
    corofetchMs.push((await runProcess(process.execPath, [`${ROOT}bin/corofetch.js`, '--version'])).processMs);
  }
  return { corofetchMs, nodeMs };
}

/**
 * What a sweep costs (issue 16): the default levels (1–64, 8·c requests each) of one 20 ms page from a
 * server of its own that serves 6 at once, a warm-up and three rounds; its whole time against the time its
 * runs took, and the requests it made.
 */
async function measureSweep(): Promise<BenchResults['sweep']> {
  const limited = spawn(process.execPath, [`${ROOT}bin/corofetch.js`, 'serve', '--port', '0', '--max-in-flight', '6'], {
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  try {
    const url = (
      (await createInterface({ input: limited.stdout })[Symbol.asyncIterator]().next()).value as string
    ).trim();
    const file = join(work, 'sweep.json');
    const args = [
      `${ROOT}bin/corofetch.js`,
      'sweep',
      `${url}page?bytes=1024&delay=20`,
      '--seed',
      '1',
      '-q',
      '-o',
      file,
    ];
    if (quick) args.push('--levels', '1,2,4', '--reps', '2', '--warmup', '0');
    const run = await runProcess(process.execPath, args);
    const report = JSON.parse(readFileSync(file, 'utf8')) as {
      runs: Array<{ wallMs: number; requests: number; cpuMs: number }>;
      knee: { level: number | null };
      model: { chosen?: string; bounded?: { k: number } };
      options: { levels: number[]; reps: number; warmup: number };
    };
    const measuredMs = report.runs.reduce((sum, r) => sum + r.wallMs, 0);
    const measuredRequests = report.runs.reduce((sum, r) => sum + r.requests, 0);
    const perRound = measuredRequests / report.options.reps;
    return {
      levels: report.options.levels,
      rounds: report.options.reps,
      warmup: report.options.warmup,
      requests: measuredRequests + perRound * report.options.warmup,
      processMs: run.processMs,
      measuredRunsMs: measuredMs,
      measuredRunsCpuMs: report.runs.reduce((sum, r) => sum + r.cpuMs, 0),
      peakRssMb: run.peakRssMb,
      knee: report.knee.level,
      k: report.model.bounded?.k ?? null,
    };
  } finally {
    limited.kill('SIGTERM');
  }
}

async function fetchText(url: string): Promise<string> {
  return (await fetch(url)).text();
}

function describeMachine(curlFound: boolean): BenchResults['machine'] {
  const cpu = /model name\s*:\s*(.+)/.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? 'unknown';
  const memKb = Number(/MemTotal:\s+(\d+)/.exec(readFileSync('/proc/meminfo', 'utf8'))?.[1] ?? 0);
  const pkg = (name: string) =>
    (JSON.parse(readFileSync(`${ROOT}node_modules/${name}/package.json`, 'utf8')) as { version: string }).version;
  return {
    date: new Date().toISOString(),
    cpu,
    cores: Number(spawnSync('nproc').stdout.toString().trim()),
    memoryGiB: Math.round(memKb / 1024 ** 2),
    kernel: spawnSync('uname', ['-sr']).stdout.toString().trim(),
    node: process.version,
    undici: pkg('undici'),
    corofetch: (JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string }).version,
    nginx: nginxInstalled()
      ? spawnSync('nginx', ['-v']).stderr.toString().trim().replace('nginx version: ', '')
      : 'not installed',
    python:
      spawnSync('/usr/bin/python3', [
        '-c',
        'import sys, aiohttp, gevent; print(sys.version.split()[0], aiohttp.__version__, gevent.__version__)',
      ])
        .stdout.toString()
        .trim() || 'no aiohttp/gevent',
    curl: curlFound
      ? spawnSync('curl', ['--version']).stdout.toString().split('\n')[0]!.split(' ').slice(0, 2).join(' ')
      : 'not installed',
  };
}
