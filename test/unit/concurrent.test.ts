import { describe, expect, it } from 'vitest';
import { runConcurrent } from '../../src/core/concurrent.js';

describe('runConcurrent', () => {
  it('keeps input order and never runs more than the limit', async () => {
    let running = 0;
    let peak = 0;
    const results = await runConcurrent(
      [30, 10, 20, 0, 5],
      2,
      async (ms, i) => {
        peak = Math.max(peak, ++running);
        await new Promise((resolve) => setTimeout(resolve, ms));
        running--;
        return i;
      },
      () => -1,
    );
    expect(results).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('hands items to the limiter as slots free up, not all at once', async () => {
    const count = 100_000;
    const concurrency = 50;
    let handedOut = 0;
    let done = 0;
    let worstBacklog = 0;
    // A proxy sees each read of items[i]: the moment item i is handed to the limiter.
    const items = new Proxy(new Array<number>(count).fill(0), {
      get(target, key, receiver) {
        if (typeof key === 'string' && /^\d+$/.test(key)) {
          handedOut = Math.max(handedOut, Number(key) + 1);
          worstBacklog = Math.max(worstBacklog, handedOut - done);
        }
        return Reflect.get(target, key, receiver);
      },
    });
    const results = await runConcurrent(
      items,
      concurrency,
      async () => {
        await Promise.resolve();
        done++;
        return 1;
      },
      () => 0,
    );
    expect(results).toHaveLength(count);
    // Running plus waiting never exceeds twice the limit (plus the one being handed over).
    expect(worstBacklog).toBeLessThanOrEqual(2 * concurrency + 1);
  });

  it('skips what was not handed over once the signal aborts', async () => {
    const controller = new AbortController();
    const results = await runConcurrent(
      Array.from({ length: 10 }, (_, i) => i),
      2,
      async (i) => {
        if (i === 3) controller.abort();
        await new Promise((resolve) => setTimeout(resolve, 5));
        return `ran ${i}`;
      },
      (i) => `skipped ${i}`,
      controller.signal,
    );
    expect(results.slice(0, 4)).toEqual(['ran 0', 'ran 1', 'ran 2', 'ran 3']);
    expect(results.filter((r) => r.startsWith('skipped'))).not.toHaveLength(0);
    expect(results.at(-1)).toBe('skipped 9');
  });

  it('returns at once for an empty list', async () => {
    expect(
      await runConcurrent(
        [],
        4,
        async () => 1,
        () => 0,
      ),
    ).toEqual([]);
  });
});
