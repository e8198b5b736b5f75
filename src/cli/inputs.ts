import { readFile } from 'node:fs/promises';
import { type BaselineReport, assertSameUrls, parseBaseline } from '../core/baseline.js';
import { InputError, UsageError } from '../core/errors.js';
import type { ProxySettings } from '../core/http.js';
import type { FetchTarget } from '../core/types.js';
import { isUrlArgument, parseUrlList } from '../core/url-list.js';
import type { CommandIo } from './io.js';

/**
 * The URLs to fetch, from the command line's inputs in order: each is a URL (if it parses as http/https)
 * or a list file ('-' for stdin). Every bad line of every list is reported on stderr before the one error
 * that stops the run, so a user fixes all of them in one pass.
 */
export async function readTargets(inputs: readonly string[], io: CommandIo): Promise<FetchTarget[]> {
  if (inputs.length === 0) {
    throw new UsageError("no URLs given: pass URLs, a list file, or '-' to read stdin (or try 'corofetch demo')");
  }
  if (inputs.filter((input) => input === '-').length > 1) throw new UsageError("'-' (stdin) can be given once");
  const targets: FetchTarget[] = [];
  let invalid = 0;
  for (const input of inputs) {
    if (isUrlArgument(input)) {
      for (const target of parseUrlList(input).targets) targets.push(target);
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
    for (const target of list.targets) targets.push(target);
  }
  if (invalid > 0) {
    const where = inputs.length === 1 ? `${inputs[0] === '-' ? 'stdin' : inputs[0]}: ` : '';
    throw new InputError(
      `${where}${invalid === 1 ? '1 invalid line' : `${invalid} invalid lines`}; nothing was fetched`,
    );
  }
  return targets;
}

/** An earlier JSON report to compare with, checked to have measured the same URL list. */
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
  const report = parseBaseline(json, path);
  assertSameUrls(report, path, urls);
  return { file: path, report };
}

/** The PEM text of a --ca file. */
export async function readCaFile(path: string): Promise<string> {
  let pem: string;
  try {
    pem = await readFile(path, 'utf8');
  } catch (err) {
    throw new InputError(`cannot read --ca '${path}': ${describeFsError(err)}`);
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) throw new InputError(`--ca '${path}' holds no PEM certificate`);
  return pem;
}

/** HTTP_PROXY, HTTPS_PROXY and NO_PROXY, upper or lower case as curl reads them; null when none is set. */
export function proxyFromEnv(env: NodeJS.ProcessEnv): ProxySettings | null {
  const read = (name: string): string | undefined => env[name] || env[name.toLowerCase()] || undefined;
  const settings = { httpProxy: read('HTTP_PROXY'), httpsProxy: read('HTTPS_PROXY'), noProxy: read('NO_PROXY') };
  if (settings.httpProxy === undefined && settings.httpsProxy === undefined) return null;
  return Object.fromEntries(Object.entries(settings).filter(([, v]) => v !== undefined)) as ProxySettings;
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
