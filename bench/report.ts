import { medianOf as median } from '../src/core/stats.js';
import type { ToolRun } from './tools.js';

export interface ScenarioResult {
  id: string;
  title: string;
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
  };
  scenarios: ScenarioResult[];
  startup: { corofetchMs: number[]; nodeMs: number[] };
}

interface Target {
  id: string;
  goal: string;
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
      : `Measured ${m.date.slice(0, 10)} by \`npm run bench\`: every scenario on one fixture server (\`corofetch serve\`, its own process, loopback), one warm-up round, then 3 interleaved rounds in which each tool runs once. Medians, with the range of the 3 in brackets.`,
    '',
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB, ${m.kernel}. Node ${m.node}, undici ${m.undici}, corofetch ${m.corofetch}, ${m.curl}.`,
    '',
    '## Targets',
    '',
    '| # | target | measured | holds |',
    '| --- | --- | --- | --- |',
    ...targets(results).map(
      (t) => `| ${t.id} | ${t.goal} | ${t.measured} | ${t.holds === null ? 'n/a' : t.holds ? 'yes' : '**no**'} |`,
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
      `Fixture server CPU: ${fmt(Math.max(...s.serverCpu) * 100)}% of a core at most.${ideal} Server-side peak in flight during corofetch's runs: ${s.peakInFlight.join(', ')}.`,
      '',
    );
  }
  const st = results.startup;
  lines.push(
    '### Start-up',
    '',
    `\`corofetch --version\` ${fmt(median(st.corofetchMs))} ms vs \`node -e 0\` ${fmt(median(st.nodeMs))} ms (medians of ${st.nodeMs.length}, interleaved).`,
    '',
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
  const ratioTarget = (
    id: string,
    goal: string,
    value: number | null,
    ok: (x: number) => boolean,
    digits = 3,
  ): Target => ({
    id,
    goal,
    measured: value === null ? 'not measured' : fmt(value, digits),
    holds: value === null ? null : ok(value),
  });

  const seed = scenario('seed');
  const fan = scenario('fanout');
  const seedRatio = med(tool('seed', 'corofetch concurrent'), (r) => r.wallMs / seed!.idealMs!);
  const fanRatio = med(tool('fanout', 'corofetch concurrent'), (r) => r.wallMs / fan!.idealMs!);
  const curlSmall = med(tool('small', 'curl -Z'), reqPerSec);
  const coroSmall = med(tool('small', 'corofetch concurrent'), reqPerSec);
  const curlSerial = med(tool('small-serial', 'curl serial'), reqPerSec);
  const coroSerial = med(tool('small-serial', 'corofetch serial'), reqPerSec);
  const curlHuge = med(tool('huge', 'curl serial'), mbPerSec);
  const coroHuge = med(tool('huge', 'corofetch serial'), mbPerSec);
  const hugeRss = med(tool('huge', 'corofetch serial'), (r) => r.peakRssMb ?? Number.NaN);
  const tenRss = med(tool('body10m', 'corofetch serial'), (r) => r.peakRssMb ?? Number.NaN);
  const scaleRss = med(tool('scale-large', 'corofetch'), (r) => r.peakRssMb ?? Number.NaN);
  const scaleSmall = med(tool('scale-small', 'corofetch'), (r) => r.wallMs);
  const scaleLarge = med(tool('scale-large', 'corofetch'), (r) => r.wallMs);
  const live = med(tool('small', 'corofetch concurrent (live'), reqPerSec);
  const bare = med(tool('small', 'bare undici'), reqPerSec);
  const peak = fan?.peakInFlight ?? [];
  const scaleFactor =
    (scenario('scale-large')?.runs[0]?.[0]?.ok ?? 0) / Math.max(1, scenario('scale-small')?.runs[0]?.[0]?.ok ?? 1);

  return [
    ratioTarget('1', 'seed: concurrent wall ≤ 1.02 × ideal', seedRatio, (x) => x <= 1.02),
    ratioTarget('2', `fan-out: concurrent wall ≤ 1.05 × ideal`, fanRatio, (x) => x <= 1.05),
    {
      id: '2b',
      goal: `fan-out: server-side peak in flight = ${fan?.concurrency ?? '?'}`,
      measured: peak.join(', ') || 'not measured',
      holds: peak.length === 0 ? null : peak.every((p) => p === fan!.concurrency),
    },
    ratioTarget('3', 'small pages: corofetch req/s ÷ curl -Z req/s ≥ 1', ratio(coroSmall, curlSmall), (x) => x >= 1),
    ratioTarget('3b', 'serial: corofetch req/s ÷ curl serial req/s ≥ 1', ratio(coroSerial, curlSerial), (x) => x >= 1),
    ratioTarget('4', 'huge body: corofetch MB/s ÷ curl MB/s ≥ 0.5', ratio(coroHuge, curlHuge), (x) => x >= 0.5),
    ratioTarget('4b', 'huge body: peak RSS ≤ 80 MB', hugeRss, (x) => x <= 80, 0),
    ratioTarget(
      '4c',
      'huge body: peak RSS − 10 MiB-body peak ≤ 10 MB',
      hugeRss === null || tenRss === null ? null : hugeRss - tenRss,
      (x) => x <= 10,
      1,
    ),
    ratioTarget(
      '5',
      `scale: peak RSS ≤ 250 MB (${fmt(scenario('scale-large')?.runs[0]?.[0]?.ok ?? 0)} URLs)`,
      scaleRss,
      (x) => x <= 250,
      0,
    ),
    ratioTarget(
      '5b',
      `scale: wall ${fmt(scaleFactor)}× the URLs ÷ wall ≤ ${fmt(scaleFactor * 1.2)}`,
      ratio(scaleLarge, scaleSmall),
      (x) => x <= scaleFactor * 1.2,
      2,
    ),
    ratioTarget(
      '6',
      'start-up: corofetch --version ÷ node -e 0 ≤ 1.5',
      ratio(median(results.startup.corofetchMs), median(results.startup.nodeMs)),
      (x) => x <= 1.5,
      2,
    ),
    ratioTarget(
      '7',
      'instrumentation: 1 − (corofetch with live lines ÷ bare undici) req/s ≤ 5%',
      live === null || bare === null ? null : (1 - live / bare) * 100,
      (x) => x <= 5,
      1,
    ),
  ];
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
