import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { FetchTarget } from '../core/types.js';
import type { ProxySettings } from '../core/http.js';
import { InputError, UsageError } from '../core/errors.js';
import { isUrlArgument, parseUrlList } from '../core/url-list.js';
import { runBench } from '../core/bench.js';
import { buildReport } from '../core/report.js';
import { assertSameUrls, parseBaseline, type BaselineReport } from '../core/baseline.js';
import { startFixtureServer } from '../fixture-server/server.js';
import { demoUrlList } from '../fixture-server/demo.js';
import { createEventLog } from '../reporters/event-log.js';
import { renderHumanReport, renderWarnings } from '../reporters/table.js';
import { renderJson } from '../reporters/json.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { renderHtml } from '../reporters/html.js';
import { combineObservers, createProgress } from '../reporters/progress.js';
import { parseRunOptions, type RawRunFlags, type RunOptions } from './options.js';
import { decideDisplay, decideStyle, type Display } from './terminal.js';
import type { Style } from '../reporters/style.js';
import type { BenchObserver } from '../core/bench.js';
import { assertWritableTarget, writeFileAtomic } from './write-report.js';
import { interruptOnSignals } from './signals.js';
import { createLineWriter } from './line-writer.js';

/** The process streams and environment, handed in by main.ts so this module never reaches for globals. */
export interface CommandIo {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  version: string;
}

/**
 * `corofetch INPUT…`: every argument is a URL (if it parses as http/https) or a list file ('-' for stdin).
 * All of it is read and checked before the first request. Returns the exit code.
 */
export async function runList(inputs: readonly string[], flags: RawRunFlags, io: CommandIo): Promise<number> {
  const options = parseRunOptions(flags);
  if (inputs.length === 0) {
    throw new UsageError("no URLs given: pass URLs, a list file, or '-' to read stdin (or try 'corofetch demo')");
  }
  if (inputs.filter((input) => input === '-').length > 1) throw new UsageError("'-' (stdin) can be given once");
  const targets: FetchTarget[] = [];
  let invalid = 0;
  for (const input of inputs) {
    if (isUrlArgument(input)) {
      targets.push(...parseUrlList(input).targets);
      continue;
    }
    const { name, text } = await readUrlSource(input, io);
    const list = parseUrlList(text);
    for (const { line, reason } of list.problems) io.stderr.write(`${name}:${line}: ${reason}\n`);
    invalid += list.problems.length;
    if (list.problems.length === 0 && list.targets.length === 0) {
      throw new InputError(`${name}: no URLs found (blank lines and '#' comments are skipped)`);
    }
    if (list.duplicates.length > 0) {
      const lines = list.duplicates.slice(0, 10).join(', ') + (list.duplicates.length > 10 ? ', …' : '');
      io.stderr.write(
        `corofetch: note: ${name} lists ${list.duplicates.length} URL(s) again (lines ${lines}); each line is fetched\n`,
      );
    }
    targets.push(...list.targets);
  }
  if (invalid > 0) {
    const where = inputs.length === 1 ? `${inputs[0] === '-' ? 'stdin' : inputs[0]}: ` : '';
    throw new InputError(
      `${where}${invalid === 1 ? '1 invalid line' : `${invalid} invalid lines`}; nothing was fetched`,
    );
  }
  return measureAndReport(targets, options, io);
}

/** `corofetch demo`: the same run, against the fixture server started in this process. */
export async function runDemo(flags: RawRunFlags, io: CommandIo): Promise<number> {
  const options = parseRunOptions(flags);
  const server = await startFixtureServer({ host: '127.0.0.1', port: 0 });
  try {
    if (!options.json && !options.quiet) {
      io.stdout.write(
        `demo: fixture server at ${server.url}\n      three pages shaped like python.org, yahoo.com and github.com\n\n`,
      );
    }
    return await measureAndReport(parseUrlList(demoUrlList(server.url)).targets, options, io);
  } finally {
    await server.close();
  }
}

async function measureAndReport(targets: FetchTarget[], options: RunOptions, io: CommandIo): Promise<number> {
  // Everything that can be checked is checked before the first request: a typo must not cost a whole run.
  const urls = targets.map((t) => t.label);
  const baseline = options.baselinePath === null ? undefined : await readBaseline(options.baselinePath, urls);
  for (const path of [options.outputPath, options.markdownPath, options.htmlPath])
    if (path !== null) await assertWritableTarget(path);
  const extraCaPem = await Promise.all(options.caFiles.map(readCaFile));
  if (options.insecure) io.stderr.write('corofetch: warning: --insecure: TLS certificates are not verified\n');

  const style = decideStyle({ isTTY: io.stdout.isTTY === true, env: io.env, colorFlag: options.color });
  const errorStyle = decideStyle({ isTTY: io.stderr.isTTY === true, env: io.env, colorFlag: options.color });
  const display = decideDisplay({
    stdoutTTY: io.stdout.isTTY === true,
    stderrTTY: io.stderr.isTTY === true,
    env: io.env,
    columns: io.stdout.columns,
    progressFlag: options.progress,
    timelineFlag: options.timeline,
    ascii: options.ascii,
    mode: options.mode,
    urlCount: targets.length,
    textReport: !options.json && !options.quiet,
  });
  const live = startLiveOutput(options, io, display, style, errorStyle);
  const interruption = interruptOnSignals(io.stderr);
  const outcome = await runBench(
    {
      targets,
      modes: options.modes,
      concurrency: options.concurrency,
      runs: options.runs,
      warmup: options.warmup,
      timeoutMs: options.timeoutMs,
      connectTimeoutMs: options.connectTimeoutMs,
      maxBytes: options.maxBytes,
      maxRedirects: options.maxRedirects,
      retries: options.retries,
      headers: options.headers,
      insecure: options.insecure,
      extraCaPem,
      proxy: proxyFromEnv(io.env),
      userAgent: `corofetch/${io.version}`,
    },
    live.observer,
    interruption.signal,
  ).finally(() => {
    interruption.dispose();
    live.finish();
  });
  const report = buildReport({
    version: io.version,
    startedAt: outcome.startedAt,
    options: {
      mode: options.mode,
      concurrency: options.concurrency,
      runs: options.runs,
      warmup: options.warmup,
      timeoutMs: options.timeoutMs,
    },
    urls,
    runs: outcome.runs,
    schedule: outcome.schedule,
    thresholds: options.thresholds,
    inconclusive: options.inconclusive,
    ...(baseline !== undefined && { baseline }),
    interruptedBy: interruption.received(),
  });

  // Files first: they are the artefacts a CI job keeps, even if stdout has gone away.
  if (options.outputPath !== null) await writeFileAtomic(options.outputPath, renderJson(report));
  if (options.markdownPath !== null) await writeFileAtomic(options.markdownPath, renderMarkdown(report));
  if (options.htmlPath !== null) await writeFileAtomic(options.htmlPath, renderHtml(report));
  io.stderr.write(renderWarnings(report, errorStyle));
  const timeline = display.timeline ? { width: display.width, unicode: display.unicode } : null;
  io.stdout.write(
    options.json
      ? renderJson(report)
      : renderHumanReport(report, style, {
          quiet: options.quiet,
          table: options.table,
          timeline,
          ...(io.stdout.isTTY === true && { width: display.width }),
        }),
  );
  return report.exitCode;
}

/**
 * The live gevent lines on stdout (text report, not --quiet) and the progress line on stderr (as decided
 * for this terminal), wired to the engine; finish() writes what is pending and wipes the progress line.
 */
function startLiveOutput(
  options: RunOptions,
  io: CommandIo,
  display: Display,
  style: Style,
  errorStyle: Style,
): { observer: BenchObserver; finish(): void } {
  const progress = display.progress
    ? createProgress({
        write: (text) => io.stderr.write(text),
        now: () => performance.now(),
        style: errorStyle,
        runs: options.runs,
        warmup: options.warmup,
        width: display.width,
      })
    : null;
  const lines = createLineWriter(io.stdout, { before: () => progress?.clear(), after: () => progress?.draw() });
  const eventLog = !options.json && !options.quiet ? createEventLog(style, options, lines.write) : {};
  const ticker = progress === null ? null : setInterval(progress.draw, 100).unref();
  return {
    observer: combineObservers(eventLog, progress?.observer ?? {}),
    finish: () => {
      lines.flush();
      if (ticker !== null) clearInterval(ticker);
      progress?.clear();
    },
  };
}

async function readBaseline(path: string, urls: readonly string[]): Promise<{ file: string; report: BaselineReport }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'is not valid JSON' : describeFsError(err);
    throw new InputError(`cannot read baseline '${path}': ${why}`);
  }
  const report = parseBaseline(json, path);
  assertSameUrls(report, path, urls);
  return { file: path, report };
}

/** HTTP_PROXY, HTTPS_PROXY and NO_PROXY, upper or lower case as curl reads them; null when none is set. */
export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings | null {
  const read = (name: string): string | undefined => env[name] || env[name.toLowerCase()] || undefined;
  const settings = { httpProxy: read('HTTP_PROXY'), httpsProxy: read('HTTPS_PROXY'), noProxy: read('NO_PROXY') };
  if (settings.httpProxy === undefined && settings.httpsProxy === undefined) return null;
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ProxySettings;
}

async function readCaFile(path: string): Promise<string> {
  try {
    const pem = await readFile(path, 'utf8');
    if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`--ca '${path}' holds no PEM certificate`);
    return pem;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read --ca '${path}': ${describeFsError(err)}`);
  }
}

async function readUrlSource(file: string, io: CommandIo): Promise<{ name: string; text: string }> {
  if (file === '-') {
    if (io.stdin.isTTY === true) io.stderr.write('corofetch: reading URLs from the terminal; end with Ctrl-D\n');
    const chunks: Buffer[] = [];
    for await (const chunk of io.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    return { name: 'stdin', text: Buffer.concat(chunks).toString('utf8') };
  }
  try {
    return { name: file, text: await readFile(file, 'utf8') };
  } catch (err) {
    throw new InputError(`cannot read URL list '${file}': ${describeFsError(err)}`);
  }
}

function describeFsError(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'it is a directory, not a file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return (err as Error).message;
  }
}
