import { constants } from 'node:fs';
import { access, rename, rm, writeFile } from 'node:fs/promises';
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
 * Checked before any request is sent, so a typo in a path does not cost a whole session: each folder must
 * exist and be writable (a report lands there through a temporary file).
 */
export async function assertWritable(exporters: readonly Exporter[]): Promise<void> {
  for (const { path, flag } of exporters) {
    try {
      await access(dirname(resolve(path)), constants.W_OK);
    } catch (err) {
      const reason =
        (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder does not exist' : 'folder is not writable';
      throw new InputError(`cannot write ${flag} '${path}': ${reason}`);
    }
  }
}

/** Every export, one after another, each whole or not at all. */
export async function writeExports(exporters: readonly Exporter[], report: Report): Promise<void> {
  for (const exporter of exporters) await writeFileAtomic(exporter.path, exporter.render(report), exporter.flag);
}

/**
 * Writes the whole file or nothing: a temporary file in the same folder (so rename stays on one file
 * system and is atomic), then rename over the target. A reader never sees half a report.
 */
export async function writeFileAtomic(path: string, content: string, flag: string): Promise<void> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new InputError(`cannot write ${flag} '${path}': ${(err as Error).message}`);
  }
}
