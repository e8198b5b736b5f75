import { readdirSync, readFileSync } from 'node:fs';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parseRunOptions } from '../../src/cli/options.js';
import { EXIT } from '../../src/core/exit-codes.js';
import { parseReport } from '../helpers/schema.js';
import { runCli, STACK_LINE } from '../helpers/cli.js';
import { refusedUrl } from '../helpers/servers.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const { temp, list } = workspace;
const page = (query: string) => `${workspace.baseUrl}page?${query}`;

describe('corofetch FILE', () => {
  it('exits 0 and prints only parseable JSON on stdout with --json', async () => {
    const file = list('ok.txt', [page('bytes=0'), page('bytes=1'), page('bytes=65536'), page('bytes=5000000')]);
    const { code, stdout, stderr } = await runCli([file, '--json']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const report = parseReport(stdout);
    expect(report.exitCode).toBe(0);
    for (const mode of ['serial', 'concurrent'] as const) {
      expect(Array.from(report.modes[mode]!.runs[0]!.results).map((r) => r.bytes)).toEqual([0, 1, 65_536, 5_000_000]);
      expect(report.modes[mode]!.total.bytes).toBe(5_065_537);
    }
    expect(report.options).toMatchObject({ mode: 'both', concurrency: 16, runs: 1, warmup: 0, timeoutMs: 30_000 });
    expect(report.comparison!.speedup).toBeGreaterThan(0);
  });

  it('reports results in input order whatever order they finish in', async () => {
    const urls = [page('delay=600&bytes=1'), page('delay=300&bytes=2'), page('delay=0&bytes=3')];
    const { stdout } = await runCli([list('order.txt', urls), '--json', '--mode', 'concurrent']);
    const report = parseReport(stdout);
    expect(report.urls).toEqual(urls);
    expect(Array.from(report.modes.concurrent!.runs[0]!.results).map((r) => [r.url, r.bytes])).toEqual(
      urls.map((u, i) => [u, i + 1]),
    );
    expect(report.modes).not.toHaveProperty('serial');
  });

  it('exits 1 and records the failure when a request fails', async () => {
    const refused = await refusedUrl();
    const file = list('fail.txt', [page('bytes=5'), page('status=503&bytes=7'), refused]);
    const { code, stdout } = await runCli([file, '--json']);
    expect(code).toBe(1);
    const report = parseReport(stdout);
    const [ok, notFound, down] = report.modes.serial!.runs[0]!.results;
    expect(ok!.error).toBeNull();
    expect(notFound).toMatchObject({ status: 503, bytes: 7, error: { code: 'HTTP_STATUS' } });
    expect(down).toMatchObject({ status: null, error: { code: 'ECONNREFUSED' } });
    expect(report.modes.concurrent).toMatchObject({ okUrls: 1, failedUrls: 2 });
    expect(report.exitCode).toBe(1);
  });

  it('honours --concurrency: 8 × 300 ms at 2 at a time take four waves', async () => {
    const file = list(
      'waves.txt',
      Array.from({ length: 8 }, (_, i) => page(`delay=300&i=${i}`)),
    );
    const { code, stdout } = await runCli([file, '--json', '--mode', 'concurrent', '-c', '2']);
    expect(code).toBe(0);
    const report = parseReport(stdout);
    expect(report.modes.concurrent!.wallMs.median).toBeGreaterThanOrEqual(1_100);
    expect(report.options.concurrency).toBe(2);
  });

  it('shows a speedup above 3 for 10 × 300 ms at concurrency 10', async () => {
    const file = list(
      'ten.txt',
      Array.from({ length: 10 }, (_, i) => page(`delay=300&bytes=20000&i=${i}`)),
    );
    const { code, stdout } = await runCli([file, '--json', '-c', '10']);
    expect(code).toBe(0);
    const report = parseReport(stdout);
    expect(report.modes.serial!.wallMs.median).toBeGreaterThanOrEqual(3_000);
    expect(report.comparison!.speedup).toBeGreaterThan(3);
    // 10 by the delays; one serial request slowed by a busy machine lowers it (8.8 seen), so a wide margin.
    expect(report.comparison!.idealSpeedup).toBeGreaterThan(6);
    expect(report.comparison!.efficiency).toBeGreaterThan(0.5);
  });

  it('passes --min-speedup when it holds and exits 3 when it does not', async () => {
    const file = list('gate.txt', [page('delay=200&i=1'), page('delay=200&i=2'), page('delay=200&i=3')]);
    const pass = await runCli([file, '--json', '--min-speedup', '1.5']);
    expect(pass.code).toBe(0);
    expect(parseReport(pass.stdout).thresholds).toEqual([
      expect.objectContaining({ name: 'speedup', limit: 1.5, passed: true }),
    ]);

    const fail = await runCli([file, '--min-speedup', '50']);
    expect(fail.code).toBe(3);
    expect(fail.stdout).toMatch(
      /threshold speedup >= 50: FAILED \(measured [\d.]+×, 95% interval [\d.]+–[\d.]+×, short by [\d.]+\)/,
    );
  });

  it('prints the gevent lesson’s lines, a table and the summary, with no colour in a pipe', async () => {
    const url = page('bytes=321&delay=20');
    const { code, stdout } = await runCli([list('human.txt', [url])]);
    expect(code).toBe(0);
    expect(stdout).toBe(stripVTControlCharacters(stdout));
    expect(stdout).toContain(`GET: ${url}\n321 bytes received from ${url}.\n`);
    expect(stdout).toMatch(/│ URL .*│ status │ bytes │ serial ms │ concurrent ms │/);
    expect(stdout).toMatch(/^speedup\s+[\d.]+×\s+ideal/m);
  });

  it('prints only the summary with --quiet', async () => {
    const { stdout } = await runCli([list('quiet.txt', [page('bytes=1')]), '-q']);
    expect(stdout).not.toContain('GET:');
    expect(stdout).not.toContain('│');
    expect(stdout.trim().split('\n')).toHaveLength(3);
  });

  it('takes URLs on the command line, mixed with list files, in order', async () => {
    const file = list('mixed.txt', [page('bytes=2')]);
    const { code, stdout } = await runCli([page('bytes=1'), file, page('bytes=3'), '--json', '--mode', 'serial']);
    expect(code).toBe(0);
    expect(Array.from(parseReport(stdout).modes.serial!.runs[0]!.results).map((r) => r.bytes)).toEqual([1, 2, 3]);
  });

  it('reads the list from stdin with -', async () => {
    const { code, stdout } = await runCli(['-', '--json', '--mode', 'serial'], {
      input: `# piped\n${page('bytes=42')}\n`,
    });
    expect(code).toBe(0);
    expect(parseReport(stdout).modes.serial!.total.bytes).toBe(42);
  });

  it('writes the same report to --output, whole, leaving no temporary file', async () => {
    const out = `${temp.path}/report.json`;
    const { code, stdout } = await runCli([list('out.txt', [page('bytes=9')]), '--json', '-o', out]);
    expect(code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(stdout);
    expect(parseReport(readFileSync(out, 'utf8')).exitCode).toBe(0);
    expect(readdirSync(temp.path).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps credentials out of every output', async () => {
    const secretUrl = page('bytes=3').replace('http://', 'http://alice:hunter2@');
    const out = `${temp.path}/secret.json`;
    const human = await runCli([list('secret.txt', [secretUrl]), '-o', out]);
    const json = await runCli([list('secret.txt', [secretUrl]), '--json']);
    for (const text of [human.stdout, human.stderr, json.stdout, readFileSync(out, 'utf8')]) {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain('alice');
    }
    expect(human.stdout).toContain('http://***@127.0.0.1');
  });
});

describe('bad input', () => {
  it('names every invalid line as FILE:LINE: REASON, fetches nothing and exits 2', async () => {
    const { code, stdout, stderr } = await runCli(['fixtures/invalid-lines.txt']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      expect.stringMatching(/^fixtures\/invalid-lines\.txt:3: unsupported scheme 'ftp'/),
      expect.stringMatching(/^fixtures\/invalid-lines\.txt:5: contains whitespace/),
      expect.stringMatching(/^fixtures\/invalid-lines\.txt:6: not a valid URL: "example.com\/path"/),
      'corofetch: fixtures/invalid-lines.txt: 3 invalid lines; nothing was fetched',
    ]);
  });

  it.each([
    [['missing.txt'], /^corofetch: cannot read URL list 'missing.txt': no such file\n$/],
    [['fixtures'], /^corofetch: cannot read URL list 'fixtures': it is a directory, not a file\n$/],
    [['fixtures/comments-only.txt'], /^corofetch: fixtures\/comments-only.txt: no URLs found/],
    [[], /^corofetch: no URLs given: pass URLs, a list file, or '-' to read stdin \(or try 'corofetch demo'\)\n$/],
    [['-', '-'], /^corofetch: '-' \(stdin\) can be given once\n$/],
    [['-'], /^corofetch: stdin: no URLs found/],
    [['x.txt', '--concurrency', '0'], /^corofetch: --concurrency must be a whole number from 1 to 10000, got '0'\n$/],
    [['x.txt', '--timeout', 'soon'], /^corofetch: --timeout must be/],
    [['x.txt', '--mode', 'fast'], /^corofetch: --mode must be one of serial, concurrent, both/],
    [['x.txt', '--min-speedup', '2', '--mode', 'serial'], /needs --mode both/],
    [['x.txt', '--frobnicate'], /^corofetch: unknown option '--frobnicate'\n$/],
    [['x.txt', '--concurrency'], /^corofetch: option '-c, --concurrency <n>' argument missing\n$/],
    [
      ['fixtures/local-serve.txt', '-o', '/nonexistent-dir/r.json'],
      /^corofetch: cannot write --output '\/nonexistent-dir\/r.json': its folder does not exist\n$/,
    ],
  ])('corofetch %j exits 2 with one line and no stack', async (args, message) => {
    const { code, stdout, stderr } = await runCli(args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(message);
    expect(stderr).not.toMatch(STACK_LINE);
  });

  it('checks --output before fetching anything', async () => {
    const { code, durationMs } = await runCli([
      list('slow.txt', [page('delay=5000')]),
      '-o',
      '/nonexistent-dir/r.json',
    ]);
    expect(code).toBe(2);
    expect(durationMs).toBeLessThan(4_000);
  });
});

describe('help and version', () => {
  it('quotes the defaults the parser applies, and lists every exit code', async () => {
    const { code, stdout } = await runCli(['--help']);
    expect(code).toBe(0);
    // Each "(default: N)" next to a flag is what parseRunOptions({}) actually uses.
    const quoted = (flag: string): string | undefined => {
      // The flag's entry: from its line to the next entry (a line starting with spaces and a dash) or heading.
      const entry = new RegExp(`^ +(?:-\\w, )?${flag}\\b[\\s\\S]*?(?=^ +-|^\\S)`, 'm').exec(stdout)?.[0] ?? '';
      return /\(default:\s+([^);\s]+)/.exec(entry)?.[1];
    };
    const defaults = parseRunOptions({}, 'x');
    expect({
      mode: quoted('--mode'),
      concurrency: quoted('--concurrency'),
      timeout: quoted('--timeout'),
      runs: quoted('--runs'),
      warmup: quoted('--warmup'),
      connectTimeout: quoted('--connect-timeout'),
      maxRedirects: quoted('--max-redirects'),
      retries: quoted('--retries'),
      table: quoted('--table'),
      inconclusive: quoted('--inconclusive'),
    }).toEqual({
      mode: defaults.mode,
      concurrency: String(defaults.schedule.concurrency),
      timeout: String(defaults.request.timeoutMs),
      runs: String(defaults.schedule.runs),
      warmup: String(defaults.schedule.warmup),
      connectTimeout: String(defaults.connection.connectTimeoutMs),
      maxRedirects: String(defaults.request.maxRedirects),
      retries: String(defaults.request.retries),
      table: defaults.display.table,
      inconclusive: defaults.gates.inconclusive,
    });
    const exitSection = stdout.slice(stdout.indexOf('Exit codes:'));
    for (const exitCode of Object.values(EXIT)) expect(exitSection).toMatch(new RegExp(`^ +${exitCode}\\b`, 'm'));
    expect(stdout).toMatch(/^Examples:$/m);
  });

  it('documents every option of --help in the README', async () => {
    const { stdout } = await runCli(['--help']);
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const options = [...new Set(stdout.match(/--[a-z][a-z-]*/g))];
    expect(options.length).toBeGreaterThan(25);
    expect(options.filter((option) => !readme.includes(option))).toEqual([]);
  });

  it('answers `corofetch help` and `corofetch help demo` with help, not a file named help (issue 19)', async () => {
    const top = await runCli(['help']);
    expect([top.code, top.stderr]).toEqual([0, '']);
    expect(top.stdout).toMatch(/^Usage: corofetch \[options\] \[command\] \[inputs\.\.\.\]/);
    const demo = await runCli(['help', 'demo']);
    expect(demo.stdout).toMatch(/^Usage: corofetch demo/);
  });

  it('prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    const { code, stdout } = await runCli(['--version']);
    expect([code, stdout.trim()]).toEqual([0, pkg.version]);
  });
});
