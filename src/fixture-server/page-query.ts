/** What GET /page was asked to serve. */
export interface PageSpec {
  bytes: number;
  delayMs: number;
  status: number;
}

export const PAGE_DEFAULTS: PageSpec = { bytes: 1024, delayMs: 0, status: 200 };

// Bounds keep a typo from tying the server up: 10 GiB streams fine, an hour is longer than any test.
const LIMITS = { bytes: 10 * 1024 ** 3, delay: 3_600_000 } as const;

/**
 * Reads `bytes`, `delay` and `status` from the query string; other parameters (such as the demo's `site`)
 * are ignored, so a URL can carry a readable label. Returns a sentence for a 400 when a value is bad.
 */
export function parsePageQuery(params: URLSearchParams): PageSpec | string {
  const bytes = readInteger(params, 'bytes', PAGE_DEFAULTS.bytes, 0, LIMITS.bytes);
  const delayMs = readInteger(params, 'delay', PAGE_DEFAULTS.delayMs, 0, LIMITS.delay);
  const status = readInteger(params, 'status', PAGE_DEFAULTS.status, 200, 599);
  for (const value of [bytes, delayMs, status]) if (typeof value === 'string') return value;
  return { bytes: bytes as number, delayMs: delayMs as number, status: status as number };
}

function readInteger(
  params: URLSearchParams,
  name: string,
  fallback: number,
  min: number,
  max: number,
): number | string {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = /^\d+$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    return `${name} must be a whole number from ${min} to ${max}, got '${raw}'`;
  }
  return value;
}
