/** The plain loop of the gevent lesson: the next request starts only when the previous one has settled. */
export async function runSerial<T, R>(items: readonly T[], task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (const [index, item] of items.entries()) results.push(await task(item, index));
  return results;
}
