/**
 * Issue 17: a seeded fuzz of the whole CLI. Random URL lists (good pages, misbehaving servers, garbage
 * lines), random flags (valid and not), stdin, proxies, and SIGTERM part-way. Whatever comes in, the CLI
 * must end with an exit code it documents, never a stack trace, stop within a second of SIGTERM, and keep
 * its memory bounded. Every case is printed on failure, so it can be rerun by hand and kept as a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, slowdown, STACK_LINE, startCli } from '../helpers/cli.js';
import { validateReport } from '../helpers/schema.js';
import * as servers from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const SEED = 20_261_127;
const CASES = 240;
const PARALLEL = 4;
const PEAK_RSS_LIMIT_BYTES = 400 * 1024 ** 2;

let misbehaving: Record<string, servers.TestServer> = {};
beforeAll(async () => {
  const started = await Promise.all([
    servers.startSilentServer(),
    servers.startDripServer(),
    servers.startResettingServer(),
    servers.startEmptyReplyServer(),
    servers.startNotHttpServer(),
    servers.startShortBodyServer(),
    servers.startEndlessServer(),
    servers.startContinueFloodServer(),
    servers.startStatusZeroServer(),
    servers.startRedirectingServer(),
    servers.startMuteProxy(),
    servers.startTlsServer(),
  ]);
  const names = [
    'silent',
    'drip',
    'reset',
    'empty',
    'notHttp',
    'short',
    'endless',
    'flood',
    'zero',
    'redirect',
    'muteProxy',
    'tls',
  ];
  misbehaving = Object.fromEntries(names.map((name, i) => [name, started[i]!]));
});
afterAll(async () => {
  await Promise.all(Object.values(misbehaving).map((server) => server.close()));
});

/** One generated invocation, described by data so it can be printed and rerun. */
interface Case {
  lines: string[];
  flags: string[];
  viaStdin: boolean;
  proxy: boolean;
  signalAfterMs: number | null;
}

const line = fc.oneof(
  {
    weight: 5,
    arbitrary: fc
      .record({
        delay: fc.integer({ min: 0, max: 300 }),
        bytes: fc.integer({ min: 0, max: 200_000 }),
        status: fc.constantFrom(200, 200, 404, 503),
      })
      .map((p) => `good:page?delay=${p.delay}&bytes=${p.bytes}&status=${p.status}`),
  },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('silent', 'drip', 'reset', 'empty', 'notHttp', 'short', 'endless', 'flood', 'zero', 'tls')
      .map((name) => `server:${name}`),
  },
  { weight: 1, arbitrary: fc.constantFrom('redirect:loop', 'redirect:chain/2', 'redirect:to-file') },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.constantFrom('# comment', '', 'http://a b', 'ftp://x/', 'http://%zz@127.0.0.1:1/', 'https://127.0.0.1:1/'),
    ),
  },
);

const flag = fc.oneof(
  fc.constantFrom(['--json'], ['-q'], ['--table', 'all'], ['--no-color'], ['--progress'], ['--timeline'], ['--ascii']),
  fc.tuple(fc.constant('--mode'), fc.constantFrom('serial', 'concurrent', 'both', 'parallel')),
  fc.tuple(
    fc.constant('-c'),
    fc.oneof(fc.integer({ min: 1, max: 20 }).map(String), fc.constantFrom('0', 'x', '99999')),
  ),
  fc.tuple(fc.constant('--runs'), fc.oneof(fc.integer({ min: 1, max: 3 }).map(String), fc.constantFrom('0', '1e9'))),
  fc.tuple(fc.constant('--warmup'), fc.constantFrom('0', '1', '-1')),
  fc.tuple(
    fc.constant('--max-bytes'),
    fc.oneof(fc.integer({ min: 1, max: 300_000 }).map(String), fc.constantFrom('10k', '0', 'lots')),
  ),
  fc.tuple(fc.constant('--retries'), fc.constantFrom('0', '1', '2', 'x')),
  fc.tuple(fc.constant('--max-redirects'), fc.constantFrom('0', '1', '3', '101')),
  fc.tuple(
    fc.constant('-H'),
    fc.constantFrom(
      'X-A: 1',
      'Authorization: Bearer t',
      'Connection: close',
      'Bad Name: x',
      'X-B',
      'Host: example.test',
    ),
  ),
  fc.tuple(
    fc.constant('--threshold'),
    fc.constantFrom(
      'speedup>=1',
      'failed<=0',
      'serial.wall.median<100000',
      'constructor>1',
      'speedup=>2',
      'efficiency>=0.01',
    ),
  ),
  fc.tuple(fc.constant('--min-speedup'), fc.constantFrom('1', '0.5', '0', '1e-7')),
  fc.tuple(fc.constant('--inconclusive'), fc.constantFrom('pass', 'fail', 'maybe')),
  fc.tuple(
    fc.constantFrom('-o', '--markdown', '--html'),
    fc.constantFrom('OUT', '/nonexistent/dir/x', '/proc/version'),
  ),
);

const cases: fc.Arbitrary<Case> = fc.record({
  lines: fc.array(line, { minLength: 0, maxLength: 6 }),
  flags: fc.array(flag, { maxLength: 5 }).map((flags) => flags.flat()),
  viaStdin: fc.boolean(),
  proxy: fc.boolean(),
  // When SIGTERM comes: while Node starts, while the inputs are read, or during the session.
  signalAfterMs: fc.option(fc.constantFrom(30, 120, 250, 400, 600, 900), { nil: null, freq: 4 }),
});

function urlFor(entry: string, index: number): string {
  if (entry.startsWith('good:')) return `${workspace.baseUrl}${entry.slice(5)}&i=${index}`;
  if (entry.startsWith('server:')) {
    const server = misbehaving[entry.slice(7)]!;
    return `${server.url}?i=${index}`;
  }
  if (entry.startsWith('redirect:')) return `${misbehaving.redirect!.url}${entry.slice(9)}`;
  return entry;
}

/** Peak resident memory of a running process, sampled from /proc every 25 ms until it exits. */
function watchPeakRss(pid: number): { stop(): number } {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
      if (kb !== undefined) peak = Math.max(peak, Number(kb) * 1024);
    } catch {
      // The process has exited.
    }
  }, 25);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
}

async function runCase(
  c: Case,
  index: number,
): Promise<{ result: CliResult; peakRss: number; signalled: boolean; quietAfterMs: number; exitAfterMs: number }> {
  const listText = `${c.lines.map((entry, i) => urlFor(entry, i)).join('\n')}\n`;
  const flags = c.flags.map((value) => (value === 'OUT' ? join(workspace.temp.path, `out-${index}`) : value));
  // Deadlines short enough for a case to end in seconds, whatever its servers do.
  const args = [
    ...(c.viaStdin ? ['-'] : [workspace.list(`case-${index}.txt`, [listText])]),
    '-t',
    '1200',
    '--connect-timeout',
    '600',
    ...flags,
  ];
  const running = startCli(args, {
    ...(c.viaStdin && { input: listText }),
    env: c.proxy ? { https_proxy: misbehaving.muteProxy!.url } : {},
    timeoutMs: 30_000,
  });
  const rss = watchPeakRss(running.child.pid!);
  let signalled = false;
  let signalledAt = 0;
  const timer =
    c.signalAfterMs === null
      ? undefined
      : setTimeout(() => {
          signalled = running.child.exitCode === null;
          signalledAt = performance.now();
          running.child.kill('SIGTERM');
        }, c.signalAfterMs);
  let lastOutputAt = 0;
  for (const stream of [running.child.stdout!, running.child.stderr!])
    stream.on('data', () => (lastOutputAt = performance.now()));
  const result = await running.result;
  const exitedAt = performance.now();
  clearTimeout(timer);
  return {
    result,
    peakRss: rss.stop(),
    signalled,
    // The last word after the signal, and the end of the process.
    quietAfterMs: signalled ? Math.max(0, lastOutputAt - signalledAt) : 0,
    exitAfterMs: signalled ? exitedAt - signalledAt : 0,
  };
}

describe('CLI fuzz (issue 17)', () => {
  it(
    `${CASES} seeded cases: documented exit codes, no stack traces, a second to stop, bounded memory`,
    { timeout: 120_000 },
    async () => {
      const all = fc.sample(cases, { seed: SEED, numRuns: CASES });
      // A second on an idle machine; scaled when the machine is busy (see slowdown()).
      const secondMs = 1_000 * (await slowdown());
      const failures: string[] = [];
      const codes = new Map<number | null, number>();
      let signalledStops = 0;
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < all.length) {
          const index = next++;
          const c = all[index]!;
          const { result, peakRss, signalled, quietAfterMs, exitAfterMs } = await runCase(c, index);
          codes.set(result.code, (codes.get(result.code) ?? 0) + 1);
          const allowed = signalled ? [0, 1, 2, 3, 143] : [0, 1, 2, 3];
          // Ended by the signal's default action: it came before corofetch listened (Node's own start-up,
          // ~50 ms, several times that on a loaded machine); the shell reports 143 all the same.
          const exit = signalled && result.signal === 'SIGTERM' ? 143 : (result.code ?? -1);
          if (result.code === 143) signalledStops += 1;
          const problems = [
            !allowed.includes(exit) && `exit ${result.code} (signal ${result.signal})`,
            STACK_LINE.test(result.stderr) && 'a stack trace on stderr',
            /internal error/.test(result.stderr) && 'an internal error',
            signalled && quietAfterMs > secondMs && `output ${Math.round(quietAfterMs)} ms after SIGTERM`,
            signalled && exitAfterMs > 3 * secondMs && `${Math.round(exitAfterMs)} ms to exit after SIGTERM`,
            peakRss > PEAK_RSS_LIMIT_BYTES && `peak RSS ${Math.round(peakRss / 1024 ** 2)} MB`,
            c.flags.includes('--json') &&
              result.code !== 2 &&
              result.stdout !== '' &&
              validateReport(JSON.parse(result.stdout)).join('; '),
          ].filter((problem): problem is string => typeof problem === 'string' && problem !== '');
          if (problems.length > 0)
            failures.push(`case ${index} ${JSON.stringify(c)}: ${problems.join(', ')}\n${result.stderr.slice(0, 400)}`);
        }
      };
      await Promise.all(Array.from({ length: PARALLEL }, worker));
      expect(failures).toEqual([]);
      // The generator reaches every outcome, or the fuzz would prove less than it seems to.
      for (const code of [0, 1, 2]) expect(codes.get(code) ?? 0).toBeGreaterThan(0);
      // Some signals are caught by corofetch itself and end in its own 143 with a report.
      expect(signalledStops).toBeGreaterThan(5);
    },
  );
});
