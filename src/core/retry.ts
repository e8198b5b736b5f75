import type { KnownFailureCode } from './errors.js';
import type { ErrorInfo } from './types.js';

/** Failures worth another attempt: the connection never carried a whole response. */
const RETRYABLE_CODES: ReadonlySet<string> = new Set<KnownFailureCode>([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'CONNECT_TIMEOUT',
  'CONNECTION_CLOSED',
  'EMPTY_REPLY',
  'BODY_INCOMPLETE',
]);

/** Never retried, whatever the status: the request's own deadline passed, or the session is stopping. */
const FINAL_CODES: ReadonlySet<string> = new Set<KnownFailureCode>(['TIMEOUT', 'INTERRUPTED']);

const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;

export interface AttemptOutcome {
  status: number | null;
  error: ErrorInfo | null;
  /** The Retry-After header of the response, if any. */
  retryAfter: string | null;
}

/**
 * How long to wait before the next attempt, or null for no retry. Connection failures, 5xx and 429 are
 * retried; a deadline, an interruption, a TLS or protocol error and other 4xx are final. The wait is
 * Retry-After when the server gave one (RFC 9110 §10.2.3: seconds or an HTTP date), else exponential
 * backoff (100, 200, 400 … ms, at most 2 s). A wait that would pass the deadline is not taken.
 */
export function retryDelayMs(
  outcome: AttemptOutcome,
  attempt: number,
  remainingMs: number,
  now = Date.now(),
): number | null {
  const { status, error } = outcome;
  if (error === null || FINAL_CODES.has(error.code)) return null;
  // A 5xx or 429 is worth another attempt whatever then went wrong with its body (an error page over
  // --max-bytes, say): the server said "later", and that decides.
  const retryable = status === 429 || (status !== null && status >= 500) || RETRYABLE_CODES.has(error.code);
  if (!retryable) return null;
  const asked = parseRetryAfter(outcome.retryAfter, now);
  const waitMs = asked ?? Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** (attempt - 1));
  return waitMs < remainingMs ? waitMs : null;
}

/** Retry-After as milliseconds from now; null when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}
