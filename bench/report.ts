import { medianOf as median } from '../src/core/stats.js';
import type { ToolRun } from './tools.js';

export interface ScenarioResult {
  id: string;
  title: string;
  /** Who served it: corofetch's fixture server (delayed pages) or nginx (static files). */
  server: 'fixture' | 'nginx';
  concurrency: number;
  idealMs: number | null;
  /** Per tool, its measured runs in order. */
  runs: ToolRun[][];
  /** The fixture server's CPU use during each run, in cores (1 = one core busy the whole run). */
  serverCpu: number[];
  /** The server's peak of requests in flight during each run of the first tool (corofetch). */
  peakInFlight: number[];
}

export interface BenchResults {
  quick: boolean;
  machine: {
    date: string;
    cpu: string;
    cores: number;
    memoryGiB: number;
    kernel: string;
    node: string;
    undici: string;
    corofetch: string;
    curl: string;
    nginx: string;
    /** Python version, aiohttp's and gevent's. */
    python: string;
  };
  scenarios: ScenarioResult[];
  startup: { corofetchMs: number[]; nodeMs: number[] };
  /** One `corofetch sweep` (issue 16): what it made and what it took. */
  sweep: {
    levels: number[];
    rounds: number;
    warmup: number;
    /** Requests made, warm-ups included. */
    requests: number;
    /** Spawn to exit. */
    processMs: number;
    /** The measured runs' own wall times, summed. */
    measuredRunsMs: number;
    /** corofetch's CPU during the measured runs. */
    measuredRunsCpuMs: number;
    peakRssMb: number | null;
    knee: number | null;
    k: number | null;
  };
}

interface Target {
  id: string;
  goal: string;
  /** The figure when issue 10 was filed. */
  before: string;
  measured: string;
  holds: boolean | null;
}

const reqPerSec = (run: ToolRun): number => run.ok / (run.wallMs / 1000);
const mbPerSec = (run: ToolRun): number => run.bytes / 1e6 / (run.wallMs / 1000);
const fmt = (x: number, digits = 0): string =>
  x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** BENCHMARKS.md: machine, targets with their measured ratios, per-scenario figures, findings. */
export function renderBenchmarks(results: BenchResults, findings: string): string {
  const m = results.machine;
  const lines = [
    '# corofetch benchmarks',
    '',
    results.quick
      ? '_Quick run (`npm run bench -- --quick`): small scenarios, one pass, no warm-up. Figures are a smoke test, not claims._'
      : `Measured ${m.date.slice(0, 10)} by \`npm run bench\`: delayed pages from the fixture server (\`corofetch serve\`, its own process), 0-delay pages and big bodies from nginx (static files, 2 workers), all on loopback; one warm-up round, then 3 interleaved rounds in which each tool runs once. Medians, with the range of the 3 in brackets.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}. Node ${m.node}, undici ${m.undici}, corofetch ${m.corofetch}, ${m.curl}, ${m.nginx}, Python ${m.python} (aiohttp, gevent).`,
    '',
    '## Targets',
    '',
    '| # | target | before (issue 10) | now | holds |',
    '| --- | --- | --- | --- | --- |',
    ...targets(results).map(
      (t) =>
        `| ${t.id} | ${t.goal} | ${t.before} | ${t.measured} | ${t.holds === null ? 'n/a' : t.holds ? 'yes' : '**no**'} |`,
    ),
    '',
    '## Scenarios',
    '',
  ];
  for (const s of results.scenarios) {
    lines.push(`### ${s.title}`, '');
    lines.push(
      '| tool | wall (ms) | process (ms) | req/s | MB/s | peak RSS (MB) | ok / failed |',
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const runs of s.runs) {
      const first = runs[0]!;
      lines.push(
        `| ${first.tool} | ${spread(runs.map((r) => r.wallMs))} | ${spread(runs.map((r) => r.processMs))} | ${spread(runs.map(reqPerSec))} | ` +
          `${spread(runs.map(mbPerSec), 1)} | ${spread(runs.map((r) => r.peakRssMb ?? Number.NaN))} | ${first.ok} / ${first.failed} |`,
      );
    }
    const ideal = s.idealMs === null ? '' : ` Ideal ${fmt(s.idealMs)} ms.`;
    lines.push(
      '',
      `${s.server === 'nginx' ? 'nginx' : 'Fixture server'} CPU: ${fmt(Math.max(...s.serverCpu) * 100)}% of a core at most.${ideal}${s.peakInFlight.length === 0 ? '' : ` Server-side peak in flight during corofetch's runs: ${s.peakInFlight.join(', ')}.`}`,
      '',
    );
  }
  const st = results.startup;
  lines.push(
    '### Start-up',
    '',
    `\`corofetch --version\` ${fmt(median(st.corofetchMs))} ms vs \`node -e 0\` ${fmt(median(st.nodeMs))} ms (medians of ${st.nodeMs.length}, interleaved).`,
    '',
    ...sweepCost(results.sweep),
    '## Reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench             # full run, a few minutes; writes BENCHMARKS.md and bench/last-run.json',
    'npm run bench -- --quick  # seconds; prints a small version (CI runs it as a smoke test)',
    '```',
    '',
    "curl, when installed, is run with `-Z --parallel-immediate --parallel-max C` (parallel) or as one process over the list (serial, one connection), bodies to /dev/null; its time is its process time (it starts in a few ms). corofetch's wall time is its own measured run (start-up excluded, shown apart as process time). Peak RSS is VmHWM sampled every 10 ms from /proc.",
    '',
  );
  if (findings !== '') lines.push(findings.trim(), '');
  return `${lines.join('\n')}`;
}

function targets(results: BenchResults): Target[] {
  const scenario = (id: string) => results.scenarios.find((s) => s.id === id);
  const tool = (id: string, prefix: string) => scenario(id)?.runs.find((runs) => runs[0]!.tool.startsWith(prefix));
  const med = (runs: ToolRun[] | undefined, f: (r: ToolRun) => number) =>
    runs === undefined ? null : median(runs.map(f));
  const target = (
    id: string,
    goal: string,
    before: string,
    value: number | null,
    ok: (x: number) => boolean,
    digits = 3,
  ): Target => ({
    id,
    goal,
    before,
    measured: value === null ? 'not measured' : fmt(value, digits),
    holds: value === null ? null : ok(value),
  });
  const rss = (id: string, prefix: string) => med(tool(id, prefix), (r) => r.peakRssMb ?? Number.NaN);

  const seed = scenario('seed');
  const fan = scenario('fanout');
  const peak = fan?.peakInFlight ?? [];
  const scaleFactor =
    (scenario('scale-large')?.runs[0]?.[0]?.ok ?? 0) / Math.max(1, scenario('scale-small')?.runs[0]?.[0]?.ok ?? 1);
  const curlSmall = med(tool('small', 'curl -Z'), reqPerSec);
  return [
    target(
      '1',
      'seed: concurrent wall ≤ 1.02 × ideal',
      '1.015',
      med(tool('seed', 'corofetch concurrent'), (r) => r.wallMs / seed!.idealMs!),
      (x) => x <= 1.02,
    ),
    target(
      '2',
      `fan-out: concurrent wall ≤ 1.03 × curl -Z's wall`,
      '1.13',
      ratio(
        med(tool('fanout', 'corofetch concurrent'), (r) => r.wallMs),
        med(tool('fanout', 'curl -Z'), (r) => r.wallMs),
      ),
      (x) => x <= 1.03,
    ),
    {
      id: '2b',
      goal: `fan-out: server-side peak in flight = ${fan?.concurrency ?? '?'}`,
      before: '50',
      measured: peak.join(', ') || 'not measured',
      holds: peak.length === 0 ? null : peak.every((p) => p === fan!.concurrency),
    },
    target(
      '3',
      'small pages: corofetch req/s ≥ 1.0 × curl -Z',
      '0.28–0.35',
      ratio(med(tool('small', 'corofetch concurrent'), reqPerSec), curlSmall),
      (x) => x >= 1,
    ),
    target(
      '3b',
      'serial small pages: corofetch req/s ≥ 1.0 × curl serial',
      '0.29–0.81',
      ratio(
        med(tool('small-serial', 'corofetch serial'), reqPerSec),
        med(tool('small-serial', 'curl serial'), reqPerSec),
      ),
      (x) => x >= 1,
    ),
    target(
      '3c',
      'small pages, `--runs 3 --warmup 1`: measured rounds ≥ 1.5 × curl -Z',
      '—',
      ratio(med(tool('small-warm', 'corofetch'), reqPerSec), med(tool('small-warm', 'curl -Z'), reqPerSec)),
      (x) => x >= 1.5,
    ),
    target(
      '4',
      'huge body: corofetch MB/s ≥ 0.5 × curl',
      '0.27–0.36',
      ratio(med(tool('huge', 'corofetch serial'), mbPerSec), med(tool('huge', 'curl serial'), mbPerSec)),
      (x) => x >= 0.5,
    ),
    target('4b', 'huge body: peak RSS ≤ 100 MB', '142–145', rss('huge', 'corofetch serial'), (x) => x <= 100, 0),
    target('4c', 'one 1 KB page: peak RSS ≤ 70 MB', '108–112', rss('tiny', 'corofetch serial'), (x) => x <= 70, 0),
    target(
      '5',
      `scale: peak RSS ≤ 250 MB (${fmt(scenario('scale-large')?.runs[0]?.[0]?.ok ?? 0)} URLs, c = 100, no flags)`,
      '630',
      rss('scale-large', 'corofetch'),
      (x) => x <= 250,
      0,
    ),
    target(
      '5b',
      `scale: wall of ${fmt(scaleFactor)}× the URLs ≤ ${fmt(scaleFactor * 1.2)}× the wall`,
      '7.39',
      ratio(
        med(tool('scale-large', 'corofetch'), (r) => r.wallMs),
        med(tool('scale-small', 'corofetch'), (r) => r.wallMs),
      ),
      (x) => x <= scaleFactor * 1.2,
      2,
    ),
    target(
      '6',
      'start-up: `corofetch --version` ≤ 1.3 × `node -e 0`',
      '1.37',
      ratio(median(results.startup.corofetchMs), median(results.startup.nodeMs)),
      (x) => x <= 1.3,
      2,
    ),
    target(
      '7',
      'full corofetch (live lines) ≥ 0.9 × bare dispatch req/s, 20,000 URLs',
      '0.75 (vs request())',
      ratio(
        med(tool('small-20k', 'corofetch concurrent (live'), reqPerSec),
        med(tool('small-20k', 'bare undici dispatch'), reqPerSec),
      ),
      (x) => x >= 0.9,
    ),
    ...curveTargets(),
  ];

  /** Issue 18: a million URLs in --mode both, and the cost per URL from 100,000 to 1,000,000. */
  function curveTargets(): Target[] {
    const big = tool('curve-1m', 'corofetch');
    const mid = tool('curve-100k', 'corofetch');
    const urlsOf = (id: string) => scenario(id)?.runs[0]?.[0]?.ok ?? 0;
    const perUrl = (runs: ToolRun[] | undefined, id: string, f: (r: ToolRun) => number) =>
      runs === undefined ? null : median(runs.map(f)) / Math.max(1, urlsOf(id));
    return [
      target(
        '8',
        `${fmt(urlsOf('curve-1m'))} URLs, --mode both, default report: peak RSS ≤ 400 MB`,
        '— (crashed past ~120,000 URLs)',
        rss('curve-1m', 'corofetch'),
        (x) => x <= 400,
        0,
      ),
      target(
        '8b',
        'process time per URL at 1,000,000 ≤ 1.25 × at 100,000',
        '—',
        ratio(
          perUrl(big, 'curve-1m', (r) => r.processMs),
          perUrl(mid, 'curve-100k', (r) => r.processMs),
        ),
        (x) => x <= 1.25,
        2,
      ),
      target(
        '8c',
        'peak RSS per URL at 1,000,000 ≤ 1.25 × at 100,000',
        '—',
        ratio(
          perUrl(big, 'curve-1m', (r) => r.peakRssMb ?? Number.NaN),
          perUrl(mid, 'curve-100k', (r) => r.peakRssMb ?? Number.NaN),
        ),
        (x) => x <= 1.25,
        2,
      ),
    ];
  }
}

function ratio(a: number | null, b: number | null): number | null {
  return a === null || b === null || b === 0 ? null : a / b;
}

/** "median [min–max]" of a list, or "–" when nothing was measured. */
function spread(values: number[], digits = 0): string {
  const real = values.filter((v) => Number.isFinite(v));
  if (real.length === 0) return '–';
  const med = fmt(median(real), digits);
  return real.length === 1 ? med : `${med} [${fmt(Math.min(...real), digits)}–${fmt(Math.max(...real), digits)}]`;
}

/** What one sweep cost (issue 16); absent from runs made before it was measured. */
function sweepCost(sweep: BenchResults['sweep'] | undefined): string[] {
  if (sweep === undefined) return [];
  const share = sweep.measuredRunsMs / sweep.processMs;
  return [
    '### What a sweep costs',
    '',
    `\`corofetch sweep\` of one 20 ms page from \`corofetch serve --max-in-flight 6\`, levels ${sweep.levels.join(', ')}, ` +
      `${sweep.warmup} warm-up and ${sweep.rounds} rounds: ${fmt(sweep.requests)} requests in ${fmt(sweep.processMs)} ms ` +
      `from spawn to exit, of which the measured runs took ${fmt(sweep.measuredRunsMs)} ms (${fmt(share * 100)}%; the rest is ` +
      `the warm-up round, start-up, pools and the fits with their bootstrap). corofetch's CPU in the measured runs: ` +
      `${fmt(sweep.measuredRunsCpuMs)} ms; peak RSS ${sweep.peakRssMb === null ? 'n/a' : `${fmt(sweep.peakRssMb)} MB`}. ` +
      `Knee at c = ${sweep.knee ?? 'none'}${sweep.k === null ? '' : `, bounded K = ${sweep.k.toFixed(1)}`}.`,
    '',
  ];
}
