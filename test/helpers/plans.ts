import type { BenchPlan } from '../../src/core/bench.js';
import type { RequestPolicy } from '../../src/core/fetch-one.js';
import type { HttpOptions } from '../../src/core/http.js';
import type { FetchTarget } from '../../src/core/types.js';

/** The CLI's defaults, as the engine takes them. */
export const POLICY: RequestPolicy = {
  timeoutMs: 10_000,
  userAgent: 'corofetch/test',
  headers: [],
  maxBytes: null,
  maxRedirects: 5,
  retries: 0,
};

export function httpOptions(connectionsPerOrigin: number, overrides: Partial<HttpOptions> = {}): HttpOptions {
  return { connectionsPerOrigin, connectTimeoutMs: 10_000, insecure: false, extraCaPem: [], ...overrides };
}

export function benchPlan(targets: readonly FetchTarget[], overrides: Partial<BenchPlan> = {}): BenchPlan {
  return {
    ...POLICY,
    targets,
    modes: ['serial', 'concurrent'],
    concurrency: 16,
    runs: 1,
    warmup: 0,
    connectTimeoutMs: 10_000,
    insecure: false,
    extraCaPem: [],
    proxy: null,
    ...overrides,
  };
}
