import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { Abort } from '../../src/core/abort.js';
import { Deadlines } from '../../src/core/deadlines.js';

/** When `abort` fired, in ms after `from`, or null if it has not. */
function watch(abort: Abort, from: number): () => number | null {
  let at: number | null = null;
  abort.once('abort', () => (at = performance.now() - from));
  return () => at;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('Deadlines (issue 18: one timer for a run)', () => {
  it('aborts each request when its own deadline passes, in start order, with the deadline error', async () => {
    const deadlines = new Deadlines();
    const t0 = performance.now();
    const first = new Abort();
    const firedFirst = watch(first, t0);
    deadlines.start(first, 120);
    await wait(60);
    const second = new Abort();
    const firedSecond = watch(second, t0);
    deadlines.start(second, 120);
    await wait(300);
    expect(firedFirst()).toBeGreaterThanOrEqual(119);
    expect(firedSecond()).toBeGreaterThanOrEqual(firedFirst()! + 55);
    expect(first.reason?.message).toMatch(/120/);
  });

  it('never aborts a request that stopped its deadline, however many come and go', async () => {
    const deadlines = new Deadlines();
    const stopped: Abort[] = [];
    // Enough to drop passed slots from the front several times.
    for (let i = 0; i < 5_000; i++) {
      const abort = new Abort();
      stopped.push(abort);
      deadlines.stop(deadlines.start(abort, 80), 80);
    }
    const late = new Abort();
    const t0 = performance.now();
    const fired = watch(late, t0);
    const ticket = deadlines.start(late, 80);
    const kept = new Abort();
    deadlines.stop(deadlines.start(kept, 80), 80);
    deadlines.stop(ticket - 1, 80);
    await wait(250);
    expect(stopped.some((a) => a.aborted)).toBe(false);
    expect(kept.aborted).toBe(false);
    expect(fired()).toBeGreaterThanOrEqual(79);
  });

  it('keeps deadlines of different lengths apart: a shorter one started later fires first', async () => {
    const deadlines = new Deadlines();
    const t0 = performance.now();
    const long = new Abort();
    const short = new Abort();
    const firedLong = watch(long, t0);
    const firedShort = watch(short, t0);
    deadlines.start(long, 400);
    deadlines.start(short, 100);
    await wait(250);
    expect(firedShort()).toBeGreaterThanOrEqual(99);
    expect(firedLong()).toBeNull();
    await wait(400);
    expect(firedLong()).toBeGreaterThanOrEqual(399);
  });

  it('does not keep the process alive by itself', async () => {
    const { execFileSync } = await import('node:child_process');
    const source = `import { Abort } from './dist/core/abort.js'; import { Deadlines } from './dist/core/deadlines.js';
      new Deadlines().start(new Abort(), 60_000); console.log('done');`;
    const t0 = performance.now();
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', source], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(out.trim()).toBe('done');
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
