/**
 * Issue 15, from outside: the built CLI under a real pseudo-terminal (util-linux `script`), as a user at a
 * narrow terminal, or a CI runner whose pty reports 0 columns, would run it.
 */
import { execFile } from 'node:child_process';
import { promisify, stripVTControlCharacters } from 'node:util';
import stringWidth from 'string-width';
import { describe, expect, it } from 'vitest';
import { BIN } from '../helpers/cli.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();

/** The CLI's output on a pty of the given width (stdout and stderr both on it, as at a terminal). */
async function onTerminal(columns: number, args: readonly string[], prefix = ''): Promise<string> {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  // Not execFileSync: the fixture server answering the CLI runs on this process's event loop.
  const { stdout: out } = await promisify(execFile)(
    'script',
    ['-qec', `stty cols ${columns} rows 50; ${prefix}${quoted}`, '/dev/null'],
    {
      encoding: 'utf8',
      timeout: 30_000,
      env: { ...process.env, COLUMNS: undefined, CI: undefined, GITHUB_ACTIONS: undefined },
    },
  );
  return stripVTControlCharacters(out.replaceAll('\r', ''));
}

const urls = () =>
  ['python.org', 'yahoo.com', 'github.com'].map(
    (site, i) => `${workspace.baseUrl}page?site=${site}&bytes=${5000 * (i + 1)}&delay=${30 * (i + 1)}`,
  );

describe('on a real terminal (issue 15)', () => {
  it.each([40, 60])('fits %i columns, every line of the whole report', async (columns) => {
    const text = await onTerminal(columns, [...urls(), '--no-progress', '--timeline']);
    const lines = text.split('\n');
    for (const line of lines) expect(stringWidth(line), line).toBeLessThanOrEqual(columns);
    expect(text).toMatch(/^speedup\s/m);
    for (const site of ['python.org', 'yahoo.com', 'github.com']) expect(text).toContain(site);
  });

  it('draws 100 wide, the documented fallback, when the pty reports 0 columns', async () => {
    const long = urls().map((url) => `${url}&label=${'x'.repeat(60)}`);
    const text = await onTerminal(0, [...long, '--no-progress', '--no-timeline']);
    const widest = Math.max(...text.split('\n').map((line) => stringWidth(line)));
    expect(widest).toBeLessThanOrEqual(100);
    // A table, narrowed to 100: not the stacked layout of a 40-column terminal.
    expect(widest).toBeGreaterThan(90);
    expect(text).toMatch(/^┌─/m);
  });

  it('is ASCII all through under TERM=dumb', async () => {
    const out = await onTerminal(80, [...urls(), '--timeline'], 'TERM=dumb ');
    expect(out).toMatch(/^[\x00-\x7f]*$/);
    expect(out).toMatch(/^\+-+/m);
  });
});
