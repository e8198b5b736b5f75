/**
 * Milliseconds kept to the microsecond: finer than that is clock noise, and it keeps the JSON free of
 * float tails such as 1628.9433510000001.
 */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
