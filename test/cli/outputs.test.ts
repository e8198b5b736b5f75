/**
 * Issue 15: files written safely, whatever the path is. A regular file (or a new path) is replaced
 * atomically with its mode kept; a symlink is followed and its target replaced, the link kept; a FIFO, a
 * character device and stdout are written in place, never replaced.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { chmodSync, lstatSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from '../helpers/cli.js';
import { parseReport } from '../helpers/schema.js';
import { useWorkspace } from '../helpers/workspace.js';

const workspace = useWorkspace();
const { temp } = workspace;
const url = () => `${workspace.baseUrl}page?bytes=10`;
const json = (path: string) => parseReport(readFileSync(path, 'utf8'));

describe('what each kind of output path becomes (issue 15)', () => {
  it('a regular file of mode 600 is replaced atomically and stays 600', async () => {
    const path = temp.write('private.json', 'old');
    chmodSync(path, 0o600);
    expect((await runCli([url(), '--mode', 'serial', '-o', path])).code).toBe(0);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(json(path).urls).toEqual([url()]);
  });

  it('a symlink is followed: its target is replaced, the link kept', async () => {
    const target = temp.write('target.json', 'old');
    chmodSync(target, 0o640);
    const link = join(temp.path, 'link.json');
    symlinkSync('target.json', link);
    expect((await runCli([url(), '--mode', 'serial', '-o', link])).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o640);
    expect(json(target).urls).toEqual([url()]);
  });

  it('a FIFO is written in place: its reader gets the report, the FIFO stays', async () => {
    const fifo = join(temp.path, 'report.fifo');
    execFileSync('mkfifo', [fifo]);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'ignore'] });
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (read += chunk));
    const done = new Promise((resolve) => reader.once('close', resolve));
    expect((await runCli([url(), '--mode', 'serial', '-o', fifo])).code).toBe(0);
    await done;
    expect(parseReport(read).urls).toEqual([url()]);
    expect(lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('a character device is written in place, never replaced by a file', async () => {
    // The test's own node, made like /dev/null (char 1,3): the real /dev/null is never touched.
    const device = join(temp.path, 'null-like');
    execFileSync('mknod', [device, 'c', '1', '3']);
    for (const flag of ['-o', '--markdown', '--html']) {
      expect((await runCli([url(), '--mode', 'serial', flag, device])).code).toBe(0);
      expect(lstatSync(device).isCharacterDevice()).toBe(true);
    }
  });

  it.each(['-', '/dev/stdout'])('%s is stdout, and then carries only that report', async (path) => {
    const { code, stdout } = await runCli([url(), '--mode', 'serial', '-o', path]);
    expect(code).toBe(0);
    expect(parseReport(stdout).urls).toEqual([url()]);
  });

  it('GITHUB_STEP_SUMMARY is appended to, as GitHub’s toolkit does', async () => {
    const summary = temp.write('step-summary.md', '# an earlier step wrote this\n');
    const { code } = await runCli([url(), '--mode', 'serial', '--markdown', summary], {
      env: { GITHUB_STEP_SUMMARY: summary },
    });
    expect(code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# an earlier step wrote this\n')).toBe(true);
    expect(text).toMatch(/## corofetch: 1 URL/);
    // Any other --markdown file is replaced, as before.
    const other = temp.write('other.md', 'old');
    await runCli([url(), '--mode', 'serial', '--markdown', other], { env: { GITHUB_STEP_SUMMARY: summary } });
    expect(readFileSync(other, 'utf8').startsWith('old')).toBe(false);
  });

  it('refuses a folder and a block device before any request', async () => {
    // A block device node of the test's own (loop device numbers); it is never opened.
    const block = join(temp.path, 'block-like');
    execFileSync('mknod', [block, 'b', '7', '250']);
    for (const [path, why] of [
      [temp.path, /it is a folder/],
      [block, /it is a block device/],
    ] as const) {
      const { code, stderr } = await runCli([url(), '-o', path]);
      expect([code, stderr]).toEqual([2, expect.stringMatching(why)]);
    }
  });
});

describe('outputs the QA of issue 15 broke', () => {
  it('refuses a FIFO nobody reads before the first request, instead of hanging at the end', async () => {
    const fifo = join(temp.path, 'unread.fifo');
    execFileSync('mkfifo', [fifo]);
    const { code, stderr, durationMs } = await runCli([url(), '--mode', 'serial', '-o', fifo], { timeoutMs: 10_000 });
    expect(code).toBe(2);
    expect(stderr).toMatch(
      /^corofetch: cannot write --output '.*unread\.fifo': it is a FIFO no process is reading; start its reader first$/m,
    );
    expect(durationMs).toBeLessThan(10_000);
  });

  it('refuses two outputs that land in one place, by any path', async () => {
    const file = temp.write('same.json', '');
    symlinkSync('same.json', join(temp.path, 'alias.json'));
    for (const args of [
      ['-o', '-', '--bencher', '-'],
      ['-o', '/dev/stdout', '--markdown', '-'],
      ['--bencher', file, '-o', join(temp.path, 'alias.json')],
    ]) {
      const { code, stderr, stdout } = await runCli([url(), ...args]);
      expect([code, stdout]).toEqual([2, '']);
      expect(stderr).toMatch(/^corofetch: .+ and .+ both write to '.+'; give each its own file$/m);
    }
    // /dev/null takes any number of outputs.
    expect((await runCli([url(), '--mode', 'serial', '-o', '/dev/null', '--html', '/dev/null'])).code).toBe(0);
  });

  it('writes /dev/fd/1 into the pipe it is, and /dev/stderr in place after what stderr already holds', async () => {
    const piped = await runCli([url(), '--mode', 'serial', '-o', '/dev/fd/1']);
    expect(piped.code).toBe(0);
    expect(parseReport(piped.stdout).urls).toEqual([url()]);
    const log = temp.write('stderr.log', '');
    const shell = `exec 2>>'${log}'; echo 'before' >&2; '${process.execPath}' '${BIN}' '${url()}' --mode serial --runs 2 -o /dev/stderr > /dev/null`;
    // Not execFileSync: the fixture server answering the CLI runs on this process's event loop.
    await promisify(execFile)('bash', ['-c', shell], { env: { ...process.env, GITHUB_ACTIONS: '' }, timeout: 20_000 });
    const text = readFileSync(log, 'utf8');
    expect(text.startsWith('before\n')).toBe(true);
    expect(text).toContain('"schemaVersion": 2');
  });

  it('appends once to the step summary reached through a symlink, keeping what was there', async () => {
    const summary = temp.write('real-summary.md', '# earlier\n');
    const link = join(temp.path, 'summary-link.md');
    symlinkSync('real-summary.md', link);
    const { code } = await runCli([url(), '--mode', 'serial', '--markdown', link], {
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(code).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier\n')).toBe(true);
    expect(text.match(/## corofetch/g)).toHaveLength(1);
  });
});
