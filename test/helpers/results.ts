import type { FetchResult, RunRecord } from '../../src/core/types.js';

/** A successful result with overridable fields, for unit tests of the pure modules. */
export function result(overrides: Partial<FetchResult> = {}): FetchResult {
  return {
    url: 'http://127.0.0.1:8750/page',
    status: 200,
    bytes: 1024,
    startMs: 0,
    ttfbMs: 5,
    durationMs: 10,
    error: null,
    ...overrides,
  };
}

export function failed(overrides: Partial<FetchResult> = {}): FetchResult {
  return result({ status: null, bytes: 0, ttfbMs: null, error: { code: 'ECONNREFUSED', message: 'connect ECONNREFUSED' }, ...overrides });
}

export function run(wallMs: number, results: FetchResult[]): RunRecord {
  return { wallMs, results };
}
