import { closeSync, constants, openSync } from 'node:fs';
import { open, readFile } from 'node:fs/promises';
import { addAbortSignal, type Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ValidateFunction } from 'ajv';
import { X509Certificate } from 'node:crypto';
import { assertBaselineVersion, type BaselineReport, matchUrls, parseBaseline } from '../core/baseline.js';
import { InputError, UsageError } from '../core/errors.js';
import { parseNoProxy, type ProxySettings } from '../core/proxy.js';
import { TargetList } from '../core/target-list.js';
import { isUrlArgument, LIST_LIMITS, parseUrlLine, type UrlList, UrlListBuilder } from '../core/url-list.js';
import { formatCount } from '../reporters/format.js';
import { printable } from '../reporters/printable.js';
import type { CommandIo } from './io.js';

/**
 * The URLs to fetch, from the command line's inputs in order: each is a URL (it starts with http:// or
 * https://) or a list file ('-' for stdin). Lists are read as streams and checked line by line against
 * LIST_LIMITS, so a wrong file stops early. Every bad line of every input is reported on stderr before
 * the one error that stops the run, so a user fixes all of them in one pass. `signal` stops the reading
 * (SIGINT/SIGTERM), also of a FIFO that no writer has opened yet.
 */
export async function readTargets(inputs: readonly string[], io: CommandIo, signal: AbortSignal): Promise<TargetList> {
  if (inputs.length === 0) {
    throw new UsageError("no URLs given: pass URLs, a list file, or '-' to read stdin (or try 'corofetch demo')");
  }
  if (inputs.filter((input) => input === '-').length > 1) throw new UsageError("'-' (stdin) can be given once");
  const targets = new TargetList();
  let invalid = 0;
  for (const [index, input] of inputs.entries()) {
    if (isUrlArgument(input)) {
      const parsed = parseUrlLine(input);
      if (parsed.kind === 'url') targets.push(parsed.target);
      else {
        invalid += 1;
        const reason = parsed.kind === 'problem' ? parsed.reason : 'is not a URL';
        io.stderr.write(`argument ${index + 1}: ${printable(reason)}\n`);
      }
      continue;
    }
    const name = input === '-' ? 'stdin' : printable(input);
    const before = targets.length;
    const list = await readList(input, name, io, signal, targets);
    for (const { line, reason } of list.problems) io.stderr.write(`${name}:${line}: ${reason}\n`);
    if (list.invalid > list.problems.length) {
      io.stderr.write(`${name}: … and ${formatCount(list.invalid - list.problems.length)} more invalid lines\n`);
    }
    invalid += list.invalid;
    if (list.invalid === 0 && targets.length === before) {
      throw new InputError(`${name}: no URLs found (blank lines and '#' comments are skipped)`);
    }
    if (list.duplicates.length > 0) {
      const lines = list.duplicates.slice(0, 10).join(', ') + (list.duplicates.length > 10 ? ', …' : '');
      io.stderr.write(
        `corofetch: note: ${name} lists ${formatCount(list.duplicates.length)} URL(s) again (lines ${lines}); each line is fetched\n`,
      );
    }
  }
  if (invalid > 0) {
    const where = inputs.length === 1 ? `${inputs[0] === '-' ? 'stdin' : printable(inputs[0]!)}: ` : '';
    throw new InputError(
      `${where}${invalid === 1 ? '1 invalid line' : `${formatCount(invalid)} invalid lines`}; nothing was fetched`,
    );
  }
  return targets;
}

/** One list, streamed line by line; stops at the first limit it passes. */
async function readList(
  input: string,
  name: string,
  io: CommandIo,
  signal: AbortSignal,
  /** The URLs of the inputs before this one; this list's are added to them. */
  targets: TargetList,
): Promise<UrlList> {
  const builder = new UrlListBuilder(targets);
  const decoder = new StringDecoder('utf8');
  let pending = '';
  const source = input === '-' ? io.stdin : await openList(input, signal);
  if (input === '-' && io.stdin.isTTY === true)
    io.stderr.write('corofetch: reading URLs from the terminal; end with Ctrl-D\n');
  try {
    for await (const chunk of readable(source, signal)) {
      pending += decoder.write(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
      let start = 0;
      for (let end = pending.indexOf('\n'); end !== -1; end = pending.indexOf('\n', start)) {
        builder.add(pending.slice(start, end));
        start = end + 1;
      }
      pending = pending.slice(start);
      if (pending.length > LIST_LIMITS.lineChars) {
        throw new InputError(
          `${name}:${builder.lines + 1}: a line longer than ${formatCount(LIST_LIMITS.lineChars)} characters; is this a URL list?`,
        );
      }
      if (targets.length > LIST_LIMITS.urls) {
        throw new InputError(`${name}: more than ${formatCount(LIST_LIMITS.urls)} URLs in all, corofetch's limit`);
      }
    }
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    if (err instanceof InputError) throw err;
    throw new InputError(`cannot read URL list '${name}': ${describeFsError(err)}`);
  }
  pending += decoder.end();
  if (pending !== '') builder.add(pending);
  return builder.list;
}

/**
 * Opens a list file for reading. A FIFO's open blocks until a writer comes; if the run is interrupted
 * first, opening it once for writing (and closing at once) releases that open, so the process can end.
 */
async function openList(path: string, signal: AbortSignal): Promise<NodeJS.ReadableStream> {
  const release = (): void => {
    try {
      closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
    } catch {
      // Not a FIFO waiting for a writer: nothing is blocked.
    }
  };
  signal.addEventListener('abort', release, { once: true });
  try {
    const handle = await open(path, 'r');
    if (signal.aborted) {
      await handle.close();
      throw signal.reason;
    }
    return handle.createReadStream();
  } catch (err) {
    if (signal.aborted) throw signal.reason;
    throw new InputError(`cannot read URL list '${printable(path)}': ${describeFsError(err)}`);
  } finally {
    signal.removeEventListener('abort', release);
  }
}

/** The stream's chunks until it ends or `signal` aborts (which destroys it). */
function readable(source: NodeJS.ReadableStream, signal: AbortSignal): AsyncIterable<unknown> {
  return addAbortSignal(signal, source as Readable);
}

/**
 * An earlier JSON report to compare with: valid against the report schema this corofetch writes (so a
 * bad value can neither crash the comparison nor be copied into this run's report), and of the same
 * URL list. Checked before the first request.
 */
export async function readBaseline(
  path: string,
  urls: readonly string[],
): Promise<{ file: string; report: BaselineReport }> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (err) {
    const why = err instanceof SyntaxError ? 'is not valid JSON' : describeFsError(err);
    throw new InputError(`cannot read baseline '${path}': ${why}`);
  }
  assertBaselineVersion(json, path);
  const problems = await validateAgainstSchema(json);
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
    throw new InputError(`baseline '${path}' is not a corofetch report this version reads: ${problems[0]}${more}`);
  }
  if ((json as { detail?: unknown }).detail === 'summary') {
    throw new InputError(
      `baseline '${path}' is a summary report, without the per-URL times a comparison needs: write the baseline with --detail full`,
    );
  }
  const report = parseBaseline(json);
  matchUrls(report, path, urls);
  return { file: path, report };
}

/** Violations of schema/report.schema.json (shipped in the package), as `/path message` strings. */
async function validateAgainstSchema(json: unknown): Promise<string[]> {
  const validate = await (reportValidator ??= compileReportSchema());
  if (validate(json)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`);
}

let reportValidator: ReturnType<typeof compileReportSchema> | undefined;

/** Compiled once per process, and only for --baseline: ajv and the schema cost a run without one nothing. */
async function compileReportSchema(): Promise<ValidateFunction> {
  const { Ajv2020 } = await import('ajv/dist/2020.js');
  const schema = JSON.parse(await readFile(new URL('../../schema/report.schema.json', import.meta.url), 'utf8'));
  // `format` stays an annotation: the date-time check would need ajv-formats, a dependency for one field.
  return new Ajv2020({ allErrors: true, strict: true, validateFormats: false }).compile(schema as object);
}

/** The PEM text of a --ca file, every certificate in it checked to parse: garbage is an error, not ignored. */
export async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read --ca '${path}': ${describeFsError(err)}`);
  }
  // A CA bundle is a few hundred kB; far more is not one (and the pattern below would take long on it).
  if (pem.length > 4 * 1024 * 1024) throw new InputError(`--ca '${path}' is over 4 MiB: not a CA bundle`);
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  if (blocks.length === 0) throw new InputError(`--ca '${path}' holds no PEM certificate`);
  for (const [i, block] of blocks.entries()) {
    try {
      new X509Certificate(block);
    } catch {
      throw new InputError(`--ca '${path}': certificate ${i + 1} of ${blocks.length} is not a valid X.509 certificate`);
    }
  }
  return pem;
}

/**
 * The proxies to use, read as curl reads them (lib/url.c detect_proxy): `http_proxy` for http:// targets —
 * lowercase only, since a CGI server sets HTTP_PROXY from a request's `Proxy:` header ("httpoxy") —
 * `https_proxy` or `HTTPS_PROXY` for https://, `all_proxy` or `ALL_PROXY` for either when its own is unset,
 * and `no_proxy` or `NO_PROXY` for the hosts reached directly; lowercase wins, empty means unset. A proxy
 * without a scheme is http://. Null when no proxy is set.
 */
export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings | null {
  const read = (...names: string[]): { name: string; value: string } | null => {
    for (const name of names) {
      const value = env[name];
      if (value !== undefined && value.trim() !== '') return { name, value: value.trim() };
    }
    return null;
  };
  const all = read('all_proxy', 'ALL_PROXY');
  const http = read('http_proxy') ?? all;
  const https = read('https_proxy', 'HTTPS_PROXY') ?? all;
  if (http === null && https === null) return null;
  return {
    http: http === null ? null : parseProxyUrl(http),
    https: https === null ? null : parseProxyUrl(https),
    noProxy: parseNoProxy(read('no_proxy', 'NO_PROXY')?.value ?? ''),
  };
}

function parseProxyUrl({ name, value }: { name: string; value: string }): URL {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new UsageError(`${name} is not a proxy URL: ${JSON.stringify(value.slice(0, 60))}`);
  }
  if (url.protocol !== 'http:') {
    throw new UsageError(`${name}: corofetch talks to http:// proxies only, not '${url.protocol.slice(0, -1)}:'`);
  }
  return url;
}

/** A file system error in words; the code decides, never the message. */
export function describeFsError(err: unknown): string {
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
