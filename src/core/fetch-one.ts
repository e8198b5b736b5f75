import { performance } from 'node:perf_hooks';
import { request, type Dispatcher } from 'undici';
import type { FetchResult, FetchTarget } from './types.js';
import { DeadlineError, toErrorInfo } from './errors.js';
import { probePhases } from './phases.js';
import { roundMs } from './time.js';

export interface FetchContext {
  dispatcher: Dispatcher;
  /** performance.now() when the run began; FetchResult.startMs counts from here. */
  runStartMs: number;
  /** performance.now() when the request was handed to a scheduler with a queue; null when there is none. */
  enqueuedAtMs: number | null;
  /** Deadline for the whole request, body included. */
  timeoutMs: number;
  userAgent: string;
}

/**
 * One GET, body streamed and counted, never buffered. Whatever goes wrong (refused, reset, deadline,
 * non-2xx) comes back as FetchResult.error; this function does not throw.
 */
export async function fetchOne(target: FetchTarget, ctx: FetchContext): Promise<FetchResult> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(new DeadlineError(ctx.timeoutMs)), ctx.timeoutMs);
  const { url, headers } = splitCredentials(target.url, ctx.userAgent);

  const startedAt = performance.now();
  let status: number | null = null;
  let headersAt: number | null = null;
  let bytes = 0;
  let error: FetchResult['error'] = null;
  const [pending, probe] = probePhases(() =>
    request(url, { dispatcher: ctx.dispatcher, method: 'GET', headers, signal: deadline.signal }),
  );
  try {
    const response = await pending;
    headersAt = performance.now();
    status = response.statusCode;
    for await (const chunk of response.body) bytes += (chunk as Buffer).length;
    if (status < 200 || status > 299) error = { code: 'HTTP_STATUS', message: `HTTP ${status}` };
  } catch (err) {
    error = toErrorInfo(err);
  } finally {
    clearTimeout(timer);
  }
  const endedAt = performance.now();

  return {
    url: target.label,
    status,
    bytes,
    startMs: roundMs(startedAt - ctx.runStartMs),
    queuedMs: ctx.enqueuedAtMs === null ? null : roundMs(startedAt - ctx.enqueuedAtMs),
    ttfbMs: headersAt === null ? null : roundMs(headersAt - startedAt),
    durationMs: roundMs(endedAt - startedAt),
    phases: probe.read(headersAt, endedAt),
    error,
  };
}

/** undici does not send URL userinfo; like curl, turn it into Basic credentials and keep it off the wire URL. */
function splitCredentials(target: URL, userAgent: string): { url: URL; headers: Record<string, string> } {
  const headers: Record<string, string> = { 'user-agent': userAgent };
  if (target.username === '' && target.password === '') return { url: target, headers };
  const url = new URL(target.href);
  const credentials = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
  headers.authorization = `Basic ${Buffer.from(credentials).toString('base64')}`;
  url.username = '';
  url.password = '';
  return { url, headers };
}
