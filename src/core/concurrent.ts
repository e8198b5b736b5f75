import pLimit from 'p-limit';

/**
 * One coroutine per item, at most `concurrency` of them waiting on the network at once: the async
 * counterpart of gevent.spawn + joinall. Results come back in input order, whatever order they finish in.
 */
export function runConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  return pLimit(concurrency).map(items, task);
}
