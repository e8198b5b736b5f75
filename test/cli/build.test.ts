/**
 * Issue 19: the build used to delete dist/ before compiling, so for seconds the checkout had no CLI and a
 * run started meanwhile failed with ERR_MODULE_NOT_FOUND. It now compiles beside dist/ and swaps the new
 * one in; every start during a rebuild must work.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('npm run build (issue 19)', () => {
  it('leaves a working CLI at every moment of a rebuild', { timeout: 120_000 }, async () => {
    const build = spawn('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
    const built = new Promise<number | null>((resolve) => build.once('close', resolve));
    let done = false;
    void built.then(() => (done = true));
    const starts: Array<{ code: number | null; stderr: string }> = [];
    while (!done) starts.push(await runCli(['--version']));
    // One more after the swap: the new build answers too.
    starts.push(await runCli(['--version']));
    expect(await built).toBe(0);
    expect(starts.length).toBeGreaterThan(3);
    expect(starts.filter((start) => start.code !== 0)).toEqual([]);
  });
});
