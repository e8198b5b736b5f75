import pLimit from 'p-limit';
import type { ReadList } from './result-columns.js';

/**
 * One coroutine per item, at most `concurrency` of them waiting on the network at once: the async
 * counterpart of gevent.spawn + joinall. Results come back in input order, whatever order they finish in.
 *
 * Items are handed to the limiter as it drains, keeping at most `concurrency` waiting behind the running
 * ones, rather than all at once (p-limit's own map): 100,000 URLs then cost memory for their results,
 * not for 100,000 queued closures and promises. Once `signal` aborts, items not yet handed over get
 * `skip` results. `task` is told when (by `now`, the caller's clock) its item was handed to the limiter, so
 * the time until a slot took it is its wait for a slot.
 */
export function runConcurrent<T, R>(
  items: ReadList<T>,
  concurrency: number,
  task: (item: T, index: number, handedAtMs: number) => Promise<R>,
  skip: (item: T, index: number) => R,
  signal?: { readonly aborted: boolean },
  now: () => number = () => 0,
): Promise<R[]> {
  const limit = pLimit(concurrency);
  const results = new Array<R>(items.length);
  let next = 0;
  let settled = 0;
  return new Promise<R[]>((resolve, reject) => {
    const feed = (): void => {
      while (next < items.length && limit.pendingCount < concurrency) {
        const index = next++;
        const item = items.at(index)!;
        if (signal?.aborted === true) {
          results[index] = skip(item, index);
          settled += 1;
          continue;
        }
        limit(task, item, index, now()).then((result) => {
          results[index] = result;
          settled += 1;
          feed();
        }, reject);
      }
      if (settled === items.length) resolve(results);
    };
    feed();
  });
}
