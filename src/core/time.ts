/**
 * Milliseconds kept to the microsecond: finer than that is clock noise, and it keeps the JSON free of
 * float tails such as 1628.9433510000001.
 */
export function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

/**
 * Rounds with roundMs, in place, every number under a key that ends in `Ms` (`durationMs`, `wallMs`,
 * `idealWallMs`…), within arrays and objects under such a key too (`wallMs.samples`). Reports are built
 * from medians and means of rounded figures, whose float tails (153.63600000000002) this removes in one
 * place, whatever figure a later change adds.
 */
export function roundMsFields<T>(value: T, underMs = false): T {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      if (typeof item === 'number') {
        if (underMs) value[i] = roundMs(item);
      } else roundMsFields(item, underMs);
    }
  } else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    // Plain data only: the column stores (result-columns.ts) round what they are given themselves.
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      const item = record[key];
      const ms = underMs || key.endsWith('Ms');
      if (typeof item === 'number') {
        if (ms) record[key] = roundMs(item);
      } else roundMsFields(item, ms);
    }
  }
  return value;
}
