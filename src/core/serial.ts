import type { ReadList } from './result-columns.js';

/**
 * The plain loop of the gevent lesson: the next request starts only when the previous one has settled.
 * Once `signal` aborts, the items not yet started get `skip` results instead of running.
 */
export async function runSerial<T, R>(
  items: ReadList<T>,
  task: (item: T, index: number) => Promise<R>,
  skip: (item: T, index: number) => R,
  signal?: { readonly aborted: boolean },
): Promise<R[]> {
  const results: R[] = [];
  for (let index = 0; index < items.length; index++) {
    const item = items.at(index)!;
    results.push(signal?.aborted === true ? skip(item, index) : await task(item, index));
  }
  return results;
}
