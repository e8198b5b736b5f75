import { randomBytes } from 'node:crypto';
import { rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';
import type { Report } from '../core/types.js';
import { renderHtml } from '../reporters/html.js';
import { renderJson } from '../reporters/json.js';
import { renderMarkdown } from '../reporters/markdown.js';
import type { ExportFile, ExportFormat } from './options.js';

/** One file a finished report is written to (hyperfine's Exporter: a format and a target). */
export interface Exporter {
  path: string;
  /** The flag that asked for it, for messages. */
  flag: string;
  render(report: Report): string;
}

const RENDERERS: Record<ExportFormat, (report: Report) => string> = {
  json: renderJson,
  markdown: renderMarkdown,
  html: renderHtml,
};

export function exportersFor(files: readonly ExportFile[]): Exporter[] {
  return files.map(({ path, flag, format }) => ({ path, flag, render: RENDERERS[format] }));
}

/**
 * Checked before any request is sent, so a mistake in a path does not cost a whole session: the name
 * fits the file system, the path is not a folder, its folder exists, and a file can be created there
 * (a report lands through a temporary file beside it), which is tried.
 */
export async function assertWritable(exporters: readonly Exporter[]): Promise<void> {
  for (const { path, flag } of exporters) {
    const problem = await whyUnwritable(path);
    if (problem !== null) throw new InputError(`cannot write ${flag} '${path}': ${problem}`);
  }
}

// Linux's NAME_MAX and PATH_MAX, in bytes.
const NAME_MAX_BYTES = 255;
const PATH_MAX_BYTES = 4095;

async function whyUnwritable(path: string): Promise<string | null> {
  const target = resolve(path);
  if (Buffer.byteLength(basename(target)) > NAME_MAX_BYTES)
    return `the file name is longer than ${NAME_MAX_BYTES} bytes`;
  if (Buffer.byteLength(target) > PATH_MAX_BYTES) return `the path is longer than ${PATH_MAX_BYTES} bytes`;
  const existing = await stat(target).catch((err: NodeJS.ErrnoException) => err);
  if (existing instanceof Error) {
    if (existing.code === 'ENOTDIR') return 'a part of the path is a file, not a folder';
    if (existing.code !== 'ENOENT') return describeWriteError(existing);
  } else if (existing.isDirectory()) return 'it is a folder';
  const folder = await stat(dirname(target)).catch((err: NodeJS.ErrnoException) => err);
  if (folder instanceof Error)
    return folder.code === 'ENOENT' ? 'its folder does not exist' : describeWriteError(folder);
  if (!folder.isDirectory()) return 'a part of the path is a file, not a folder';
  const probe = temporaryPath(target);
  try {
    await writeFile(probe, '', { flag: 'wx' });
  } catch (err) {
    return `cannot create a file in its folder (${describeWriteError(err)})`;
  }
  await rm(probe, { force: true });
  return null;
}

/** Every export, each whole or not at all; returns one line per file that could not be written. */
export async function writeExports(exporters: readonly Exporter[], report: Report): Promise<string[]> {
  const failures: string[] = [];
  for (const { path, flag, render } of exporters) {
    try {
      await writeFileAtomic(path, render(report));
    } catch (err) {
      failures.push(`cannot write ${flag} '${path}': ${describeWriteError(err)}`);
    }
  }
  return failures;
}

/**
 * Writes the whole file or nothing: a temporary file in the same folder (so rename stays on one file
 * system and is atomic), then rename over the target. A reader never sees half a report.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const target = resolve(path);
  const temporary = temporaryPath(target);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
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
