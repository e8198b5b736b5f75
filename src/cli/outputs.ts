import { randomBytes } from 'node:crypto';
import { constants, fstat, open as openCallback } from 'node:fs';
import { access, appendFile, chmod, chown, lstat, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { Socket } from 'node:net';
import { basename, dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { benchmarkFigures } from '../core/benchmark-figures.js';
import { InputError } from '../core/errors.js';
import type { Report } from '../core/types.js';
import { renderBencher, renderBenchmarkAction } from '../reporters/benchmark-formats.js';
import { renderStepSummary, STEP_SUMMARY_FILE_BYTES } from '../reporters/github.js';
import { renderHtml } from '../reporters/html.js';
import { renderJson } from '../reporters/json.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { renderCsv, renderNdjson } from '../reporters/requests.js';
import type { ExportFile, ExportFormat } from './options.js';

/** A whole text, or one in chunks (--ndjson and --csv: a million requests are never held as one string). */
type Content = string | Iterable<string>;

const RENDERERS: Record<ExportFormat, (report: Report) => Content> = {
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  ndjson: renderNdjson,
  csv: renderCsv,
  bencher: (report) => renderBencher(benchmarkFigures(report)),
  'benchmark-action': (report) => renderBenchmarkAction(benchmarkFigures(report)),
};

/**
 * Where one output goes, decided before the first request:
 * - `stdout`, `stderr`: the process's own streams (`-`, /dev/stdout, /dev/fd/1 …);
 * - `pipe`: a FIFO, opened then — only with a reader, so the write at the end cannot wait forever — and
 *   written through the event loop, so a signal can still end the process;
 * - `device`: a character device (/dev/null, a terminal) or another /dev/fd/N, written in place (appended,
 *   so a file behind a descriptor is not truncated);
 * - `file`: a regular file or a new path, replaced atomically with its mode and owner kept; or, for the
 *   step summary, appended to.
 */
type Target =
  | { kind: 'stdout' }
  | { kind: 'stderr' }
  | { kind: 'pipe'; fd: number }
  | { kind: 'device'; path: string }
  | { kind: 'file'; path: string; mode: number | null; uid: number; gid: number };

/** One file a finished report is written to (hyperfine's Exporter: a format and a target). */
export interface Output extends ExportFile {
  target: Target;
  /** Added to the end instead of replacing it, kept under maxFileBytes (GitHub's step summary). */
  append: { maxFileBytes: number } | null;
}

/** The files a report went to; one line per file that failed, and per file left out on purpose. */
export interface Written {
  written: Output[];
  failed: string[];
  skipped: string[];
}

/** Continuous-benchmarking history takes results only: not a session cut short, nor timings over failures. */
const HISTORY_FORMATS: ReadonlySet<ExportFormat> = new Set(['bencher', 'benchmark-action']);

function whyNoHistory(report: Report): string | null {
  if (report.interruption !== null) return 'the session was interrupted, so its figures are no result';
  const failed = Object.values(report.modes).some((mode) => mode.failedUrls > 0);
  return failed ? 'a request failed, so the timings include failures' : null;
}

// Linux's NAME_MAX and PATH_MAX, in bytes.
const NAME_MAX_BYTES = 255;
const PATH_MAX_BYTES = 4095;
/** Longer than any reader of a report needs; past it a stalled FIFO reader fails the write instead of hanging it. */
const PIPE_WRITE_TIMEOUT_MS = 30_000;

/**
 * Checks and opens every output before any request is sent, so a mistake in a path does not cost a whole
 * session: what each path is (see Target), that its name fits the file system, that a new file's folder
 * takes one (tried), that a FIFO has a reader, and that no two outputs write to the same place. A
 * --markdown that names $GITHUB_STEP_SUMMARY (by any path to the same file) appends, as GitHub's toolkit
 * does: earlier commands of the step wrote there too.
 */
export async function prepareOutputs(
  files: readonly ExportFile[],
  stepSummary: string | null,
  /** --json: the JSON report takes stdout, and only a JSON output may share it (it is the same bytes). */
  jsonOnStdout = false,
): Promise<Output[]> {
  const summary = stepSummary === null ? null : await identityOf(stepSummary);
  const outputs: Output[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const target = await targetOf(file.path);
    if (typeof target === 'string') throw new InputError(`cannot write ${file.flag} '${file.path}': ${target}`);
    if (target.kind === 'file') {
      const problem = await whyFolderRefuses(target);
      if (problem !== null) throw new InputError(`cannot write ${file.flag} '${file.path}': ${problem}`);
    }
    if (jsonOnStdout && target.kind === 'stdout' && file.format !== 'json') {
      throw new InputError(`--json and ${file.flag} both write to stdout; give ${file.flag} a file`);
    }
    const identity = target.kind === 'device' ? null : await identityOfTarget(target);
    if (identity !== null) {
      const earlier = seen.get(identity);
      if (earlier !== undefined) {
        throw new InputError(`${earlier} and ${file.flag} both write to '${file.path}'; give each its own file`);
      }
      seen.set(identity, file.flag);
    }
    const appends = file.format === 'markdown' && summary !== null && identity === summary;
    outputs.push({ ...file, target, append: appends ? { maxFileBytes: STEP_SUMMARY_FILE_BYTES } : null });
  }
  return outputs;
}

/** Whether an output goes to stdout: then it is what stdout carries, instead of the text or JSON report. */
export function outputsToStdout(outputs: readonly Output[]): boolean {
  return outputs.some(({ target }) => target.kind === 'stdout');
}

/** Every output, each whole or not at all. */
export async function writeOutputs(
  outputs: readonly Output[],
  report: Report,
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<Written> {
  const noHistory = whyNoHistory(report);
  const skipped: string[] = [];
  const kept = outputs.filter((output) => {
    if (noHistory === null || !HISTORY_FORMATS.has(output.format)) return true;
    skipped.push(`${output.flag} '${output.path}' not written: ${noHistory}`);
    return false;
  });
  const result = await writeRendered(
    kept,
    (output) => (output.append !== null ? renderStepSummary(report) : RENDERERS[output.format](report)),
    streams,
  );
  return { ...result, skipped };
}

/** Each output as `render` makes it, whole or not at all; a failed one is a line in `failed`, not an error. */
export async function writeRendered(
  outputs: readonly Output[],
  render: (output: Output) => Content,
  streams: { stdout: NodeJS.WritableStream; stderr: NodeJS.WritableStream },
): Promise<Written> {
  const result: Written = { written: [], failed: [], skipped: [] };
  for (const output of outputs) {
    const { target } = output;
    try {
      const content = render(output);
      if (target.kind === 'stdout' || target.kind === 'stderr') {
        for (const chunk of chunksOf(content)) streams[target.kind].write(chunk);
      } else if (target.kind === 'pipe') await writeToPipe(target.fd, content);
      else if (target.kind === 'device') await writeFile(target.path, chunksOf(content), { flag: 'a' });
      else if (output.append !== null) await appendWithin(target.path, textOf(content), output.append.maxFileBytes);
      else await replaceFile(target, content);
      result.written.push(output);
    } catch (err) {
      result.failed.push(`cannot write ${output.flag} '${output.path}': ${describeWriteError(err)}`);
    }
  }
  return result;
}

const STREAM_PATHS = new Map<string, 'stdout' | 'stderr'>([
  ['-', 'stdout'],
  ['/dev/stdout', 'stdout'],
  ['/dev/fd/1', 'stdout'],
  ['/proc/self/fd/1', 'stdout'],
  ['/dev/stderr', 'stderr'],
  ['/dev/fd/2', 'stderr'],
  ['/proc/self/fd/2', 'stderr'],
]);
/** Another of this process's descriptors: its target (a pipe, a socket, a file) is written in place. */
const DESCRIPTOR_PATH = /^\/(dev\/fd|proc\/self\/fd)\/\d+$/;

/** What a path is (see Target), or why it cannot take a report. Symlinks are followed, 16 deep at most. */
async function targetOf(path: string, hops = 0): Promise<Target | string> {
  const stream = STREAM_PATHS.get(path);
  if (stream !== undefined) return { kind: stream };
  const absolute = resolve(path);
  if (DESCRIPTOR_PATH.test(absolute)) {
    const open = await stat(absolute).then(
      () => true,
      () => false,
    );
    return open ? { kind: 'device', path: absolute } : `no file descriptor ${basename(absolute)} is open`;
  }
  if (Buffer.byteLength(basename(absolute)) > NAME_MAX_BYTES)
    return `the file name is longer than ${NAME_MAX_BYTES} bytes`;
  if (Buffer.byteLength(absolute) > PATH_MAX_BYTES) return `the path is longer than ${PATH_MAX_BYTES} bytes`;
  const found = await lstat(absolute).catch((err: NodeJS.ErrnoException) => err);
  if (found instanceof Error) {
    if (found.code === 'ENOENT') return { kind: 'file', path: absolute, mode: null, uid: -1, gid: -1 };
    return found.code === 'ENOTDIR' ? 'a part of the path is a file, not a folder' : describeWriteError(found);
  }
  if (found.isSymbolicLink()) {
    if (hops >= 16) return 'it is a loop of symbolic links';
    return targetOf(resolve(dirname(absolute), await readlink(absolute)), hops + 1);
  }
  if (found.isDirectory()) return 'it is a folder';
  if (found.isBlockDevice()) return 'it is a block device';
  if (found.isSocket()) return 'it is a socket';
  if (found.isFIFO()) return openPipe(absolute);
  if (found.isCharacterDevice()) {
    return (await canWrite(absolute)) ? { kind: 'device', path: absolute } : 'permission denied';
  }
  return { kind: 'file', path: absolute, mode: found.mode & 0o7777, uid: found.uid, gid: found.gid };
}

/** Opens a FIFO for writing without waiting: that fails (ENXIO) when no process has it open for reading. */
async function openPipe(path: string): Promise<Target | string> {
  try {
    return { kind: 'pipe', fd: await promisify(openCallback)(path, constants.O_WRONLY | constants.O_NONBLOCK) };
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENXIO'
      ? 'it is a FIFO no process is reading; start its reader first'
      : describeWriteError(err);
  }
}

/** Writes through the event loop (libuv's pipe handle): a slow reader is waited for, a gone one is an error. */
function writeToPipe(fd: number, content: Content): Promise<void> {
  return new Promise((resolve, reject) => {
    const pipe = new Socket({ fd, readable: false, writable: true });
    const timer = setTimeout(() => pipe.destroy(new Error('its reader stopped reading')), PIPE_WRITE_TIMEOUT_MS);
    pipe.once('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    for (const chunk of chunksOf(content)) pipe.write(chunk);
    pipe.end(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** One key per place a report can land: the same file reached by two paths has one. */
async function identityOfTarget(target: Exclude<Target, { kind: 'device' }>): Promise<string> {
  if (target.kind === 'stdout' || target.kind === 'stderr') return target.kind;
  if (target.kind === 'pipe') {
    const found = await promisify(fstat)(target.fd);
    return `${found.dev}:${found.ino}`;
  }
  return (await identityOf(target.path)) ?? target.path;
}

/** The device and inode of what a path leads to, or its absolute path when it does not exist yet. */
async function identityOf(path: string): Promise<string | null> {
  const found = await stat(path).catch(() => null);
  return found === null ? resolve(path) : `${found.dev}:${found.ino}`;
}

async function canWrite(path: string): Promise<boolean> {
  return access(path, constants.W_OK).then(
    () => true,
    () => false,
  );
}

/** Why a new file cannot be created beside the target, or null: its folder is tried with an empty file. */
async function whyFolderRefuses(target: { path: string }): Promise<string | null> {
  const folder = await stat(dirname(target.path)).catch((err: NodeJS.ErrnoException) => err);
  if (folder instanceof Error) {
    return folder.code === 'ENOENT' ? 'its folder does not exist' : describeWriteError(folder);
  }
  if (!folder.isDirectory()) return 'a part of the path is a file, not a folder';
  const probe = temporaryPath(target.path);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (err) {
    return `cannot create a file in its folder (${describeWriteError(err)})`;
  }
  await rm(probe, { force: true });
  return null;
}

/** Appends in one write (O_APPEND: whole, after what others wrote), unless the file would pass maxFileBytes. */
export async function appendWithin(path: string, content: string, maxFileBytes: number): Promise<void> {
  const size = await stat(path).then(
    (found) => found.size,
    () => 0,
  );
  const adding = Buffer.byteLength(content);
  if (size + adding > maxFileBytes) {
    throw new Error(
      `it holds ${formatBytes(size)} and the summary is ${formatBytes(adding)}: together past ` +
        `${formatBytes(maxFileBytes)}, where GitHub drops a step summary whole`,
    );
  }
  await appendFile(path, content);
}

const formatBytes = (bytes: number): string => `${bytes.toLocaleString('en-US')} bytes`;

/**
 * Writes the whole file or nothing: a temporary file in the same folder (so rename stays on one file
 * system and is atomic), given the old file's mode and owner, then renamed over it. A reader never sees
 * half a report, and a file kept private (mode 600) stays private.
 */
async function replaceFile(
  target: { path: string; mode: number | null; uid: number; gid: number },
  content: Content,
): Promise<void> {
  const temporary = temporaryPath(target.path);
  try {
    await writeFile(temporary, chunksOf(content), { flag: 'wx', ...(target.mode !== null && { mode: target.mode }) });
    if (target.mode !== null) {
      // The umask narrowed the mode writeFile created the file with; chmod sets it exactly.
      await chmod(temporary, target.mode);
      if (target.uid !== process.getuid?.() || target.gid !== process.getgid?.()) {
        await chown(temporary, target.uid, target.gid).catch(() => undefined);
      }
    }
    await rename(temporary, target.path);
  } catch (err) {
    await rm(temporary, { force: true }).catch(() => undefined);
    throw err;
  }
}

function temporaryPath(target: string): string {
  // Short enough to fit beside any name that fits: NAME_MAX counts the whole temporary name.
  return join(dirname(target), `.corofetch-${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
}

export function describeWriteError(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EPIPE':
      return 'its reader went away';
    default:
      return (err as Error).message;
  }
}

function chunksOf(content: Content): Iterable<string> {
  return typeof content === 'string' ? [content] : content;
}

function textOf(content: Content): string {
  return typeof content === 'string' ? content : Array.from(content).join('');
}
