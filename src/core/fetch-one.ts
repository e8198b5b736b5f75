import { performance } from 'node:perf_hooks';
import type { Dispatcher } from 'undici';
import { Abort, sleep } from './abort.js';
import { Deadlines } from './deadlines.js';
import { RequestFailure, toErrorInfo } from './errors.js';
import { ACCEPT_ENCODING, createDecoder, type Decoder } from './decode.js';
import { expectHeadersSent, NO_PHASES, PhaseProbe } from './phases.js';
import { redactUrl } from './redact.js';
import { retryDelayMs } from './retry.js';
import { roundMs } from './time.js';
import type { ErrorInfo, FetchResult, FetchTarget } from './types.js';

/** How every request of a session is made; fixed for the session. */
export interface RequestOptions {
  /** Deadline for the whole request: redirects, retries and their waits, and the body. */
  timeoutMs: number;
  userAgent: string;
  /** Extra request headers (-H), in order. Their values are never printed. */
  headers: ReadonlyArray<readonly [string, string]>;
  /** Stop a body larger than this with MAX_BYTES; null for no cap. */
  maxBytes: number | null;
  maxRedirects: number;
  /** Further attempts after a connection failure or a 5xx/429. */
  retries: number;
  /** Ask for compressed bodies (Accept-Encoding) and decode them while they arrive (--compressed). */
  compressed: boolean;
}

/** What one run gives each of its requests. */
export interface FetchContext {
  request: RequestOptions;
  dispatcher: Dispatcher;
  /** performance.now() when the run began; FetchResult.startMs counts from here. */
  runStartMs: number;
  /** Aborts the request when the whole session is interrupted (SIGINT/SIGTERM). */
  interrupt?: Abort;
  /** Keeps the run's request deadlines. */
  deadlines: Deadlines;
}

/** A run's context: its clock starts now, and its requests' deadlines are kept by one keeper of its own. */
export function startRunContext(request: RequestOptions, dispatcher: Dispatcher, interrupt?: Abort): FetchContext {
  return {
    request,
    dispatcher,
    runStartMs: performance.now(),
    deadlines: new Deadlines(),
    ...(interrupt !== undefined && { interrupt }),
  };
}

// RFC 9110 §15.4: the redirect statuses that carry a Location to follow.
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Sent again only to the origin they were given for (as curl and browsers do).
const CREDENTIAL_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization']);
// A redirect's body is read and dropped so its connection can be reused; past this much, the connection is
// closed instead (undici's dump interceptor draws the same line).
const REDIRECT_BODY_LIMIT = 128 * 1024;

/** One request and its response, redirects not followed: what the wire said. */
interface Exchange {
  status: number | null;
  /** performance.now() when the response headers arrived. */
  headersAt: number | null;
  /** Body bytes as received. */
  bytes: number;
  /** Body bytes once decoded (--compressed and an encoded body); null otherwise. */
  decodedBytes: number | null;
  location: string | null;
  retryAfter: string | null;
  error: ErrorInfo | null;
}

/** One attempt, up to its final response (redirects followed). */
interface Attempt extends Exchange {
  url: URL;
  redirects: number;
  probe: PhaseProbe;
}

/**
 * One GET, body counted as it arrives and never held. Whatever goes wrong (refused, reset, deadline,
 * non-2xx, oversized, redirect trouble, interruption) comes back as FetchResult.error; this function does
 * not throw.
 */
export async function fetchOne(
  target: FetchTarget,
  ctx: FetchContext,
  /** performance.now() when the concurrent fetcher handed it to its limiter; null in the serial loop. */
  handedAtMs: number | null = null,
): Promise<FetchResult> {
  const { request } = ctx;
  const startedAt = performance.now();
  // One abort per request, fired by its deadline or by the session's interruption.
  const abort = new Abort();
  const deadline = ctx.deadlines.start(abort, request.timeoutMs);
  const unfollow = ctx.interrupt === undefined ? undefined : abort.follow(ctx.interrupt);

  let attempts = 0;
  let attempt: Attempt;
  try {
    for (;;) {
      attempts += 1;
      attempt = await attemptOnce(target, ctx, abort);
      const remainingMs = request.timeoutMs - (performance.now() - startedAt);
      const waitMs = attempts <= request.retries ? retryDelayMs(attempt, attempts, remainingMs) : null;
      if (waitMs === null) break;
      if ((await sleep(waitMs, abort)) === 'aborted') {
        attempt = { ...attempt, error: toErrorInfo(abort.reason) };
        break;
      }
    }
  } finally {
    ctx.deadlines.stop(deadline, request.timeoutMs);
    unfollow?.();
  }
  const endedAt = performance.now();

  return {
    url: target.label,
    finalUrl: attempt.redirects === 0 ? target.label : redactUrl(attempt.url),
    redirects: attempt.redirects,
    attempts,
    status: attempt.status,
    bytes: attempt.bytes,
    decodedBytes: attempt.decodedBytes,
    // The protocol a response came in; a server that never answered (h2c refused) spoke none.
    httpVersion: attempt.status === null ? null : attempt.probe.httpVersion(),
    startMs: roundMs(startedAt - ctx.runStartMs),
    queuedMs: handedAtMs === null ? null : roundMs(startedAt - handedAtMs),
    ttfbMs: attempt.headersAt === null ? null : roundMs(attempt.headersAt - startedAt),
    durationMs: roundMs(endedAt - startedAt),
    phases: attempt.redirects === 0 ? attempt.probe.read(attempt.headersAt, endedAt) : NO_PHASES,
    error: attempt.error,
  };
}

/**
 * Follows redirects by hand rather than with undici's interceptor: that one reports a loop, a refused
 * scheme and an over-long chain as errors that differ only in message text, and each of ours needs a
 * stable code, the final URL and the count.
 */
async function attemptOnce(target: FetchTarget, ctx: FetchContext, abort: Abort): Promise<Attempt> {
  const given = new URL(target.href);
  let url = withoutCredentials(given);
  let headers = initialHeaders(given, ctx.request);
  let redirects = 0;
  for (;;) {
    let probe = new PhaseProbe();
    let response = await exchange(url, headers, ctx, abort, probe);
    // A server may close a kept-alive connection just as the next request is written (RFC 9112 §9.3.1):
    // a GET that got nothing back on a reused connection goes once more, on a new one, as curl's does.
    if (response.error?.code === 'EMPTY_REPLY' && probe.reused === true && !abort.aborted) {
      probe = new PhaseProbe();
      response = await exchange(url, headers, ctx, abort, probe);
    }
    const attempt = { ...response, url, redirects, probe };
    const redirected = response.error === null && REDIRECT_STATUSES.has(response.status ?? 0);
    if (!redirected || response.location === null) return attempt;

    const next = redirectTarget(url, response.location, redirects, ctx.request.maxRedirects);
    if (next instanceof RequestFailure) return { ...attempt, error: toErrorInfo(next) };
    if (next.origin !== url.origin) {
      headers = headers.filter(([name]) => !CREDENTIAL_HEADERS.has(name.toLowerCase()));
    }
    url = next;
    redirects += 1;
  }
}

/** Sends one GET through the run's dispatcher and settles with what came back; never rejects. */
function exchange(
  url: URL,
  headers: ReadonlyArray<readonly [string, string]>,
  ctx: FetchContext,
  abort: Abort,
  probe: PhaseProbe,
): Promise<Exchange> {
  return new Promise((resolve) => {
    const handler = new ExchangeHandler(ctx.request, probe, abort, resolve);
    if (handler.settled) return;
    ctx.dispatcher.dispatch(
      { origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET', headers: headers.flat() },
      handler,
    );
  });
}

/**
 * undici's dispatch handler for one exchange: counts body bytes as they arrive (no stream, no promise per
 * chunk) and settles exactly once — at the response's end, at its error, past --max-bytes, or the moment
 * the request's abort fires, whichever comes first. Settling first and telling undici after is what keeps
 * a deadline a deadline: a request still waiting for a connection cannot be aborted inside undici until
 * it is written, so the result must not wait for that.
 */
class ExchangeHandler implements Dispatcher.DispatchHandler {
  settled = false;
  private controller: Dispatcher.DispatchController | null = null;
  private readonly result: Exchange = {
    status: null,
    headersAt: null,
    bytes: 0,
    decodedBytes: null,
    location: null,
    retryAfter: null,
    error: null,
  };
  /** The Content-Length the server declared; NaN when it declared none. */
  private declared = Number.NaN;
  /** Body bytes of a redirect, read only to free the connection. */
  private discarded: number | null = null;
  /** Decodes an encoded body as it arrives, with --compressed. */
  private decoder: Decoder | null = null;
  private readonly maxBytes: number | null;

  constructor(
    private readonly request: RequestOptions,
    private readonly probe: PhaseProbe,
    private readonly abort: Abort,
    private readonly resolve: (exchange: Exchange) => void,
  ) {
    this.maxBytes = request.maxBytes;
    if (abort.aborted) this.settle(toErrorInfo(abort.reason));
    else abort.once('abort', this.onAbort);
  }

  private readonly onAbort = (): void => this.stop(toErrorInfo(this.abort.reason), this.abort.reason);

  onRequestStart(controller: Dispatcher.DispatchController): void {
    // Settled while it waited for a connection: undici can only now be told.
    if (this.settled) return controller.abort(this.abort.reason ?? new RequestFailure('INTERRUPTED', 'abandoned'));
    this.controller = controller;
    expectHeadersSent(this.probe);
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (this.settled) return;
    // RFC 9110 §15: a status code is three digits from 100 to 599 (up to 999 tolerated); `000` is no status.
    if (!(statusCode >= 100 && statusCode <= 999)) {
      return this.stop({
        code: 'PROTOCOL_ERROR',
        message: `the server sent status ${statusCode}, which is not an HTTP status`,
      });
    }
    const r = this.result;
    r.status = statusCode;
    r.headersAt = performance.now();
    r.location = first(headers.location);
    r.retryAfter = first(headers['retry-after']);
    if (REDIRECT_STATUSES.has(statusCode) && r.location !== null) {
      this.discarded = 0;
      return;
    }
    this.declared = Number(first(headers['content-length']) ?? Number.NaN);
    if (this.maxBytes !== null && this.declared > this.maxBytes) {
      const message = `Content-Length ${this.declared} exceeds --max-bytes ${this.maxBytes}; not read`;
      return this.stop({ code: 'MAX_BYTES', message });
    }
    if (this.request.compressed) this.startDecoding(first(headers['content-encoding']), controller);
  }

  /** Counts what the body decodes to as it arrives, never holding it; --max-bytes bounds that too (a bomb). */
  private startDecoding(encoding: string | null, controller: Dispatcher.DispatchController): void {
    this.decoder = createDecoder(encoding, {
      onBytes: (count) => {
        if (this.settled) return;
        const decoded = (this.result.decodedBytes ?? 0) + count;
        this.result.decodedBytes = decoded;
        if (this.maxBytes !== null && decoded > this.maxBytes) {
          const message = `body decoded past --max-bytes ${this.maxBytes}; stopped after ${decoded} decoded bytes (${this.result.bytes} received)`;
          this.stop({ code: 'MAX_BYTES', message });
        }
      },
      onEnd: () => this.finish(),
      onError: (err) =>
        this.stop({ code: 'DECODE_ERROR', message: `the ${encoding} body cannot be decoded: ${err.message}` }),
    });
    if (this.decoder === null) return;
    this.result.decodedBytes = 0;
    // The decoder works off the event loop; when it falls behind, the response waits for it.
    this.decoder.onDrain(() => controller.resume());
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.settled) return;
    if (this.discarded !== null) {
      this.discarded += chunk.length;
      // A redirect needs no more of its body: settle as the redirect it is, and drop the connection.
      if (this.discarded > REDIRECT_BODY_LIMIT) this.stop(null);
      return;
    }
    this.result.bytes += chunk.length;
    if (this.maxBytes !== null && this.result.bytes > this.maxBytes) {
      const message = `body exceeded --max-bytes ${this.maxBytes}; stopped after ${this.result.bytes} bytes`;
      return this.stop({ code: 'MAX_BYTES', message });
    }
    if (this.decoder !== null && !this.decoder.write(chunk)) _controller.pause();
  }

  onResponseEnd(): void {
    // An encoded body ends when its decoder has had the last of it.
    if (this.decoder !== null && !this.settled) return this.decoder.end();
    this.finish();
  }

  private finish(): void {
    const { status } = this.result;
    const statusError =
      status !== null && (status < 200 || status > 299) && this.discarded === null
        ? { code: 'HTTP_STATUS', message: `HTTP ${status}` }
        : null;
    this.settle(statusError);
  }

  onResponseError(_controller: Dispatcher.DispatchController, err: Error): void {
    if (this.settled) return;
    this.settle(this.explain(err));
  }

  /** undici's error, made precise with what this handler saw. */
  private explain(err: Error): ErrorInfo {
    const info = toErrorInfo(err);
    if (info.code !== 'CONNECTION_CLOSED') return info;
    // undici says only "the socket closed"; whether headers had arrived tells a cut body from a reply
    // that never came, and whether bytes had arrived tells that from one that came and was unusable
    // (a 1xx informational answer to a GET, an unasked-for upgrade, a cut-off header block).
    const { headersAt, bytes } = this.result;
    if (headersAt !== null) {
      const of = Number.isFinite(this.declared) ? ` of ${this.declared}` : '';
      return { code: 'BODY_INCOMPLETE', message: `the connection closed after ${bytes}${of} body bytes` };
    }
    const readAtError = (err as { socket?: { bytesRead?: number } }).socket?.bytesRead;
    const before = this.probe.bytesReadAtSend;
    if (readAtError !== undefined && before !== null && readAtError > before) {
      return {
        code: 'NO_FINAL_RESPONSE',
        message: `the server sent ${readAtError - before} bytes but no final response (a 1xx informational status such as 100 Continue or 101 Switching Protocols, which a GET did not ask for, or a cut-off header block), then the connection closed`,
      };
    }
    return { code: 'EMPTY_REPLY', message: 'the server closed the connection without a response' };
  }

  /** Settles now, then tells undici to stop the request (which closes its connection) with `reason`. */
  private stop(error: ErrorInfo | null, reason: Error = new RequestFailure('INTERRUPTED', 'no longer needed')): void {
    if (this.settled) return;
    this.settle(error);
    this.controller?.abort(reason);
  }

  private settle(error: ErrorInfo | null): void {
    if (this.settled) return;
    this.settled = true;
    this.decoder?.destroy();
    this.abort.off('abort', this.onAbort);
    this.result.error = error;
    this.resolve(this.result);
  }
}

function redirectTarget(from: URL, location: string, redirects: number, maxRedirects: number): URL | RequestFailure {
  if (redirects >= maxRedirects) {
    return new RequestFailure(
      'TOO_MANY_REDIRECTS',
      `more than ${maxRedirects} redirects (--max-redirects); last to ${redactUrl(from)}`,
    );
  }
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return new RequestFailure('REDIRECT_REFUSED', `redirect to an invalid Location from ${redactUrl(from)}`);
  }
  if (next.protocol !== 'http:' && next.protocol !== 'https:') {
    return new RequestFailure(
      'REDIRECT_REFUSED',
      `redirect to a '${next.protocol.slice(0, -1)}:' URL refused; only http and https are followed`,
    );
  }
  return next;
}

/**
 * What curl sends — User-Agent and `Accept: *\/*`, and with --compressed the codings this Node decodes —
 * plus URL userinfo as Basic credentials (undici does not send userinfo; curl does), then the -H headers,
 * each of which replaces one of these of its name.
 */
function initialHeaders(target: URL, request: RequestOptions): Array<readonly [string, string]> {
  const headers: Array<readonly [string, string]> = [
    ['user-agent', request.userAgent],
    ['accept', '*/*'],
    ...(request.compressed ? [['accept-encoding', ACCEPT_ENCODING] as const] : []),
  ];
  if (target.username !== '' || target.password !== '') {
    const credentials = `${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`;
    headers.push(['authorization', `Basic ${Buffer.from(credentials).toString('base64')}`]);
  }
  if (request.headers.length === 0) return headers;
  // A header given with -H replaces the one corofetch would send (User-Agent, URL credentials).
  const given = new Set(request.headers.map(([name]) => name.toLowerCase()));
  return [...headers.filter(([name]) => !given.has(name)), ...request.headers];
}

function withoutCredentials(target: URL): URL {
  if (target.username === '' && target.password === '') return target;
  const url = new URL(target.href);
  url.username = '';
  url.password = '';
  return url;
}

function first(value: string | string[] | undefined): string | null {
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}
