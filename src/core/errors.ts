import type { ErrorInfo } from './types.js';

/** Exit codes, the one table the CLI, its help text and the README agree on. */
export const EXIT = {
  OK: 0,
  REQUEST_FAILED: 1,
  USAGE: 2,
  THRESHOLD: 3,
  /** A bug in corofetch itself (sysexits.h EX_SOFTWARE), so CI can tell it from a failing endpoint. */
  INTERNAL: 70,
} as const;

/** A program error that ends the run with a known exit code and a one-line message. */
export class CorofetchError extends Error {
  readonly exitCode: number;
  readonly code: string;

  constructor(code: string, message: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.exitCode = exitCode;
  }
}

/** A flag or argument is wrong; the message names it. */
export class UsageError extends CorofetchError {
  constructor(message: string) {
    super('USAGE', message, EXIT.USAGE);
  }
}

/** The URL list (or another input) cannot be used; the message names the file and, where known, the line. */
export class InputError extends CorofetchError {
  constructor(message: string) {
    super('INPUT', message, EXIT.USAGE);
  }
}

/** The whole-request deadline passed; used as the abort reason so it surfaces as itself. */
export class DeadlineError extends CorofetchError {
  constructor(timeoutMs: number) {
    super('TIMEOUT', `no complete response within ${timeoutMs} ms`, EXIT.REQUEST_FAILED);
  }
}

/** A request that failed for a reason corofetch itself detected, with its stable code. */
export class RequestError extends CorofetchError {
  constructor(code: string, message: string) {
    super(code, message, EXIT.REQUEST_FAILED);
  }
}

/** Node's TLS verification codes, with what they mean and what to do about them. */
const TLS_HINTS: Record<string, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT: 'the certificate is self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'the certificate chain ends in an untrusted self-signed CA',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'the certificate is signed by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'the certificate is signed by an unknown CA',
  CERT_HAS_EXPIRED: 'the certificate has expired',
  CERT_NOT_YET_VALID: 'the certificate is not valid yet',
  ERR_TLS_CERT_ALTNAME_INVALID: 'the certificate does not name this host',
};

// undici's codes are mapped to ours so a report keeps its meaning across undici majors.
const UNDICI_CODES: Record<string, string> = {
  UND_ERR_SOCKET: 'CONNECTION_CLOSED',
  UND_ERR_CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  UND_ERR_HEADERS_TIMEOUT: 'TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'TIMEOUT',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'CONTENT_LENGTH_MISMATCH',
  UND_ERR_HEADERS_OVERFLOW: 'HEADERS_TOO_LARGE',
  UND_ERR_ABORTED: 'INTERRUPTED',
  UND_ERR_ABORT: 'INTERRUPTED',
  UND_ERR_INVALID_ARG: 'INVALID_REQUEST',
};

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/**
 * Turns anything thrown while fetching into a stable { code, message }. Causes are read from `code` and
 * `name`, never from message text. Node's system codes (ECONNREFUSED, ENOTFOUND, ECONNRESET…) pass
 * through unchanged: they are stable and users know them.
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof CorofetchError) return { code: err.code, message: err.message };
  if (typeof err !== 'object' || err === null) return { code: 'UNKNOWN', message: String(err) };

  const e = err as ErrorLike;
  // Happy-eyeballs connects (autoSelectFamily) fail with an AggregateError of one error per address.
  if (Array.isArray(e.errors) && e.errors.length > 0 && typeof e.code !== 'string') {
    return toErrorInfo(e.errors[0]);
  }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(e.name ?? 'error');
  if (e.name === 'HTTPParserError') return { code: 'PROTOCOL_ERROR', message };
  if (e.name === 'TimeoutError') return { code: 'TIMEOUT', message };
  if (typeof e.code === 'string') {
    const mapped = UNDICI_CODES[e.code];
    if (mapped !== undefined) return { code: mapped, message };
    const tls = TLS_HINTS[e.code];
    if (tls !== undefined) {
      return {
        code: e.code,
        message: `${tls} (${message}); trust its CA with --ca FILE, or skip verification with --insecure`,
      };
    }
    // Node's system and TLS codes (ECONNREFUSED, ENOTFOUND, ERR_SSL_…) are stable and known: pass them on.
    if (/^[A-Z][A-Z0-9_]+$/.test(e.code)) return { code: e.code, message };
  }
  return { code: 'UNKNOWN', message };
}
