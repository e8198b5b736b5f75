import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, appendFile, chmod, chown, lstat, readlink, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { benchmarkFigures } from '../core/benchmark-figures.js';
import { InputError } from '../core/errors.js';
import type { Report } from '../core/types.js';
import { renderBencher, renderBenchmarkAction } from '../reporters/benchmark-formats.js';
import {
  renderStepOutputs,
  renderStepSummary,
  STEP_SUMMARY_FILE_BYTES,
  type ReportFiles,
} from '../reporters/github.js';
import { renderHtml } from '../reporters/html.js';
import { renderJson } from '../reporters/json.js';
import { renderMarkdown } from '../reporters/markdown.js';
import { renderCsv, renderNdjson } from '../reporters/requests.js';
import type { GithubStep } from './github.js';
import type { ExportFile, ExportFormat } from './options.js';

/** One file a finished report is written to (hyperfine's Exporter: a format and a target). */
export interface Exporter {
  path: string;
  /** The flag that asked for it, for messages. */
  flag: string;
  /** Added to the end of the file instead of replacing it (GitHub's step files are shared by a step's commands). */
  append: boolean;
  /** An appended file may not grow past this many bytes (GitHub drops a larger step summary): then nothing is added. */
  maxFileBytes?: number;
  /** Not asked for by a flag (GitHub's step files): a failure to write it is a warning, not a failed command. */
  optional?: boolean;
  render(report: Report): string;
}

const RENDERERS: Record<ExportFormat, (report: Report) => string> = {
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
  ndjson: renderNdjson,
  csv: renderCsv,
  bencher: (report) => renderBencher(benchmarkFigures(report)),
  'benchmark-action': (report) => renderBenchmarkAction(benchmarkFigures(report)),
};

const OUTPUT_NAMES: Record<ExportFormat, keyof ReportFiles> = {
  json: 'report',
  markdown: 'markdown',
  html: 'html',
  ndjson: 'ndjson',
  csv: 'csv',
  bencher: 'bencher',
  'benchmark-action': 'benchmark-action',
};

/**
 * The exporters for the files asked for, and for GitHub's step files when the GitHub integration is on.
 * Markdown for the step summary is appended, as GitHub's toolkit does (summary.write()): earlier commands
 * of the step wrote there too; so is a --markdown that names that file, on or off.
 */
export function exportersFor(files: readonly ExportFile[], github: GithubStep): Exporter[] {
  const summary = github.summaryFile === null ? null : resolve(github.summaryFile);
  const stepSummary = {
    append: true,
    maxFileBytes: STEP_SUMMARY_FILE_BYTES,
    render: renderStepSummary,
  };
  const exporters: Exporter[] = files.map(({ path, flag, format }) =>
    format === 'markdown' && summary !== null && resolve(path) === summary
      ? { path, flag, ...stepSummary }
      : { path, flag, append: false, render: RENDERERS[format] },
  );
  if (github.on && github.summaryFile !== null && !exporters.some((e) => e.append)) {
    exporters.push({ path: github.summaryFile, flag: '$GITHUB_STEP_SUMMARY', optional: true, ...stepSummary });
  }
  if (github.on && github.outputFile !== null) {
    const written: ReportFiles = Object.fromEntries(
      files.map(({ format, path }) => [OUTPUT_NAMES[format], path === '-' ? path : resolve(path)]),
    );
    exporters.push({
      path: github.outputFile,
      flag: '$GITHUB_OUTPUT',
      append: true,
      optional: true,
      render: (report) => renderStepOutputs(report, written),
    });
  }
  return exporters;
}

/**
 * Checked before any request is sent, so a mistake in a path does not cost a whole session: what the path
 * is (see targetOf), that its name fits the file system, and — for a file — that its folder takes a new
 * file, which is tried.
 */
export async function assertWritable(exporters: readonly Exporter[]): Promise<void> {
  for (const { path, flag } of exporters) {
    const target = await targetOf(path);
    const problem =
      typeof target === 'string' ? target : target.kind === 'file' ? await whyFolderRefuses(target) : null;
    if (problem !== null) throw new InputError(`cannot write ${flag} '${path}': ${problem}`);
  }
}

/** Where a report goes: stdout, a file replaced atomically, or a FIFO or device written in place. */
type Target =
  | { kind: 'stdout' }
  | { kind: 'stream'; path: string }
  | { kind: 'file'; path: string; mode: number | null; uid: number; gid: number };

// Linux's NAME_MAX and PATH_MAX, in bytes.
const NAME_MAX_BYTES = 255;
const PATH_MAX_BYTES = 4095;

/**
 * What a path is: `-` and /dev/stdout are stdout; a symlink is followed to its target (the link is kept);
 * a FIFO or a character device is written in place — replacing one would leave its reader with nothing
 * and, as root, turn /dev/null into a file; a regular file or a new path is a file replaced atomically,
 * its mode and owner kept. A folder or a block device is no target. Returns a reason when it cannot be one.
 */
async function targetOf(path: string, hops = 0): Promise<Target | string> {
  if (path === '-' || path === '/dev/stdout') return { kind: 'stdout' };
  const absolute = resolve(path);
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
  if (found.isFIFO() || found.isCharacterDevice()) {
    return (await canWrite(absolute)) ? { kind: 'stream', path: absolute } : 'permission denied';
  }
  return { kind: 'file', path: absolute, mode: found.mode & 0o7777, uid: found.uid, gid: found.gid };
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

/** Files that could not be written: each a line; `failed` ones were asked for and fail the command. */
export interface Unwritten {
  failed: string[];
  skipped: string[];
}

/** Every export, each whole or not at all. */
export async function writeExports(
  exporters: readonly Exporter[],
  report: Report,
  stdout: NodeJS.WritableStream,
): Promise<Unwritten> {
  const unwritten: Unwritten = { failed: [], skipped: [] };
  for (const { path, flag, render, append, maxFileBytes, optional } of exporters) {
    try {
      const content = render(report);
      const target = await targetOf(path);
      if (typeof target === 'string') throw new Error(target);
      if (append) await appendWithin(path, content, maxFileBytes);
      else if (target.kind === 'stdout') stdout.write(content);
      else if (target.kind === 'stream') await writeFile(target.path, content);
      else await replaceFile(target, content);
    } catch (err) {
      (optional === true ? unwritten.skipped : unwritten.failed).push(
        `cannot write ${flag} '${path}': ${describeWriteError(err)}`,
      );
    }
  }
  return unwritten;
}

/** Appends in one write (O_APPEND: whole, after what others wrote), unless the file would pass maxFileBytes. */
async function appendWithin(path: string, content: string, maxFileBytes: number | undefined): Promise<void> {
  if (maxFileBytes !== undefined) {
    const size = await stat(path).then(
      (found) => found.size,
      () => 0,
    );
    const adding = Buffer.byteLength(content);
    if (size + adding > maxFileBytes) {
      throw new Error(
        `it would grow past ${formatKiB(maxFileBytes)} (it holds ${formatKiB(size)}; the summary is ${formatKiB(adding)}), ` +
          'and GitHub drops a step summary that large',
      );
    }
  }
  await appendFile(path, content);
}

const formatKiB = (bytes: number): string => `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KiB`;

/** Whether any export goes to stdout: then it is what stdout carries, instead of the report. */
export function exportsToStdout(exporters: readonly Exporter[]): boolean {
  return exporters.some(({ path }) => path === '-' || path === '/dev/stdout');
}

/**
 * Writes the whole file or nothing: a temporary file in the same folder (so rename stays on one file
 * system and is atomic), given the old file's mode and owner, then renamed over it. A reader never sees
 * half a report, and a file kept private (mode 600) stays private.
 */
async function replaceFile(
  target: { path: string; mode: number | null; uid: number; gid: number },
  content: string,
): Promise<void> {
  const temporary = temporaryPath(target.path);
  try {
    await writeFile(temporary, content, { flag: 'wx', ...(target.mode !== null && { mode: target.mode }) });
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

function describeWriteError(err: unknown): string {
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
    default:
      return (err as Error).message;
  }
}
