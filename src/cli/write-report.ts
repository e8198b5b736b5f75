import { constants } from 'node:fs';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError } from '../core/errors.js';

/**
 * Checked before any request is sent, so a typo in --output does not cost a whole run: the folder must
 * exist and be writable (the report lands there through a temporary file).
 */
export async function assertWritableTarget(path: string): Promise<void> {
  const folder = dirname(resolve(path));
  try {
    await access(folder, constants.W_OK);
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'folder does not exist' : 'folder is not writable';
    throw new InputError(`cannot write report to '${path}': ${reason}`);
  }
}

/**
 * Writes the whole file or nothing: a temporary file in the same folder (so rename stays on one file
 * system and is atomic), then rename over the target. A reader never sees half a report.
 */
export async function writeFileAtomic(path: string, content: string): Promise<void> {
  const target = resolve(path);
  const temporary = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now()}.tmp`);
  try {
    await writeFile(temporary, content, { flag: 'wx' });
    await rename(temporary, target);
  } catch (err) {
    await rm(temporary, { force: true });
    throw new InputError(`cannot write report to '${path}': ${(err as Error).message}`);
  }
}
