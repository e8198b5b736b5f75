import type { ErrorInfo } from './types.js';
import { EXIT } from './exit-codes.js';

/** corofetch's own failure codes: stable once shipped (docs/report.md explains each). */
export type OwnFailureCode =
  | 'TIMEOUT'
  | 'CONNECT_TIMEOUT'
  | 'INTERRUPTED'
  | 'CONNECTION_CLOSED'
  | 'EMPTY_REPLY'
  | 'BODY_INCOMPLETE'
  | 'CONTENT_LENGTH_MISMATCH'
  | 'PROTOCOL_ERROR'
  | 'HEADERS_TOO_LARGE'
  | 'HTTP_STATUS'
  | 'MAX_BYTES'
  | 'DECODE_ERROR'
  | 'TOO_MANY_REDIRECTS'
  | 'REDIRECT_REFUSED'
  | 'INVALID_REQUEST'
  | 'PROXY_ERROR'
  | 'PROXY_AUTH_REQUIRED'
  | 'NO_FINAL_RESPONSE'
  | 'INTERNAL_ERROR'
  | 'UNKNOWN';

/** Node's codes that corofetch's own logic names (retries, advice); Node's others pass through unnamed. */
export type NodeFailureCode =
  | 'ECONNREFUSED'
  | 'ECONNRESET'
  | 'EPIPE'
  | 'ETIMEDOUT'
  | 'EHOSTUNREACH'
  | 'ENETUNREACH'
  | 'EAI_AGAIN'
  | 'ENOTFOUND'
  | TlsFailureCode;

export type TlsFailureCode =
  | 'DEPTH_ZERO_SELF_SIGNED_CERT'
  | 'SELF_SIGNED_CERT_IN_CHAIN'
  | 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
  | 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY'
  | 'CERT_HAS_EXPIRED'
  | 'CERT_NOT_YET_VALID'
  | 'ERR_TLS_CERT_ALTNAME_INVALID';

/** A code corofetch knows by name: lists of codes (retryable ones, say) are typed with it, so a typo fails to compile. */
export type KnownFailureCode = OwnFailureCode | NodeFailureCode;

/** ErrorInfo.code: a known code, or another of Node's stable codes (ERR_SSL_…) passed through unchanged. */
export type FailureCode = KnownFailureCode | (string & Record<never, never>);

/** A program error that ends the run with a known exit code and a one-line message. */
export class CorofetchError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number) {
    super(message);
    this.name = new.target.name;
    this.exitCode = exitCode;
  }
}

/** A flag or argument is wrong; the message names it. */
export class UsageError extends CorofetchError {
  constructor(message: string) {
    super(message, EXIT.USAGE);
  }
}

/** The URL list (or another input) cannot be used; the message names the file and, where known, the line. */
export class InputError extends CorofetchError {
  constructor(message: string) {
    super(message, EXIT.USAGE);
  }
}

/**
 * Why one request failed, when corofetch itself decided it (its deadline, an interruption, a redirect it
 * refused): thrown nowhere, used as an abort reason and turned into the result's ErrorInfo.
 */
export class RequestFailure extends Error {
  readonly code: OwnFailureCode;

  constructor(code: OwnFailureCode, message: string) {
    super(message);
    this.name = 'RequestFailure';
    this.code = code;
  }
}

/** The whole-request deadline passed. */
export function deadlinePassed(timeoutMs: number): RequestFailure {
  return new RequestFailure('TIMEOUT', `no complete response within ${timeoutMs} ms`);
}

/**
 * Node's TLS verification codes: what each means, and the advice that can help with it. Only a missing or
 * untrusted CA is fixed by trusting one with --ca; an expired, not-yet-valid or misnamed certificate is not.
 */
const TLS_ADVICE: Record<TlsFailureCode, string> = {
  DEPTH_ZERO_SELF_SIGNED_CERT:
    'the certificate is self-signed; trust it with --ca FILE (that certificate), or skip verification with --insecure',
  SELF_SIGNED_CERT_IN_CHAIN:
    'the certificate chain ends in a self-signed CA that is not trusted; trust that CA with --ca FILE, or skip verification with --insecure',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    'the certificate is signed by a CA that is not trusted, or the server does not send its intermediate certificates; trust the CA with --ca FILE, or skip verification with --insecure',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    'the certificate is signed by a CA that is not trusted here; trust the CA with --ca FILE, or skip verification with --insecure',
  CERT_HAS_EXPIRED:
    'the certificate has expired (or this machine’s clock is wrong); the server needs a new certificate; --insecure skips the check',
  CERT_NOT_YET_VALID:
    'the certificate is not valid yet: check this machine’s clock and the certificate’s start date; --insecure skips the check',
  ERR_TLS_CERT_ALTNAME_INVALID:
    'the certificate does not name this host: use a name it was issued for; --insecure skips the check',
};

// undici's codes are mapped to ours so a report keeps its meaning across undici majors.
const UNDICI_CODES: Record<string, OwnFailureCode> = {
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

// undici asserts what it expects of a response (a status code it can use, say); a server that breaks one
// of those expectations gets this sentence instead of undici's internal assertion text.
const BROKEN_RULE =
  'the response broke a rule of HTTP that the client enforces (such as a status code from 100 to 999)';

interface ErrorLike {
  name?: unknown;
  code?: unknown;
  message?: unknown;
  errors?: unknown;
}

/**
 * Turns anything a request failed with into a stable { code, message }. Causes are read from `code` and
 * `name`, never from message text. Node's system codes (ECONNREFUSED, ENOTFOUND, ECONNRESET…) pass
 * through unchanged: they are stable and users know them.
 */
export function toErrorInfo(err: unknown): ErrorInfo {
  if (err instanceof RequestFailure) return { code: err.code, message: err.message };
  if (typeof err !== 'object' || err === null) return { code: 'UNKNOWN', message: String(err) };

  const e = err as ErrorLike;
  // Happy-eyeballs connects (autoSelectFamily) fail with an AggregateError of one error per address.
  if (Array.isArray(e.errors) && e.errors.length > 0 && typeof e.code !== 'string') {
    return toErrorInfo(e.errors[0]);
  }
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(e.name ?? 'error');
  if (e.name === 'HTTPParserError') return { code: 'PROTOCOL_ERROR', message };
  if (e.code === 'ERR_ASSERTION') return { code: 'PROTOCOL_ERROR', message: BROKEN_RULE };
  if (e.name === 'TimeoutError') return { code: 'TIMEOUT', message };
  // Node's HTTP/2 session errors; the usual one is a plain-http server that does not speak h2c.
  if (typeof e.code === 'string' && e.code.startsWith('ERR_HTTP2_')) {
    return {
      code: 'PROTOCOL_ERROR',
      message: `HTTP/2 failed (${message}); on http:// with --protocol http2 the server must speak HTTP/2 by prior knowledge (h2c)`,
    };
  }
  if (typeof e.code === 'string') {
    const mapped = Object.hasOwn(UNDICI_CODES, e.code) ? UNDICI_CODES[e.code] : undefined;
    if (mapped !== undefined) return { code: mapped, message };
    if (Object.hasOwn(TLS_ADVICE, e.code)) {
      return { code: e.code, message: `${TLS_ADVICE[e.code as TlsFailureCode]} (${message})` };
    }
    // Node's system and TLS codes (ECONNREFUSED, ENOTFOUND, ERR_SSL_…) are stable and known: pass them on.
    if (/^[A-Z][A-Z0-9_]+$/.test(e.code)) return { code: e.code, message };
  }
  return { code: 'UNKNOWN', message };
}

/**
 * A value as typed, for a message: quoted, cut to 40 characters, escaped for the terminal (JSON escapes,
 * then C1, DEL and bidi controls). A pasted paragraph must not become the error.
 */
export function shown(value: string): string {
  const cut = value.length > 40 ? `${value.slice(0, 40)}…` : value;
  return `'${JSON.stringify(cut)
    .slice(1, -1)
    .replace(
      /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g,
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    )}'`;
}
