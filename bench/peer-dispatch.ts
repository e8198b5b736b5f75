/**
 * Peer, the floor: undici's dispatcher API with nothing on top — one Agent, `dispatch` with a handler that
 * counts `onResponseData` bytes, a counter for the concurrency limit. No promise, stream, timer or result
 * object per request. corofetch's engine is built on this layer; the gap to it is what corofetch's own
 * features (deadline, phases, retries, redirects, results) cost.
 * Args: LIST_FILE CONCURRENCY. Prints one JSON line: { wallMs, bytes, ok, failed }.
 */
import { readFileSync } from 'node:fs';
import { Agent, type Dispatcher } from 'undici';

const [file, concurrency] = process.argv.slice(2);
const urls = readFileSync(file!, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('http'));
const c = Number(concurrency);
const agent = new Agent({ connections: c });
let bytes = 0;
let ok = 0;
let next = 0;
let active = 0;
const started = performance.now();
await new Promise<void>((done) => {
  const settle = (): void => {
    active -= 1;
    if (next < urls.length) start();
    else if (active === 0) done();
  };
  const handler: Dispatcher.DispatchHandler = {
    // Its presence tells undici this handler speaks the undici 7 API (onResponse…).
    onRequestStart: () => undefined,
    onResponseStart: (_controller, statusCode) => void (statusCode === 200 && (ok += 1)),
    onResponseData: (_controller, chunk) => void (bytes += chunk.length),
    onResponseEnd: settle,
    onResponseError: settle,
  };
  function start(): void {
    const url = new URL(urls[next]!);
    next += 1;
    active += 1;
    agent.dispatch({ origin: url.origin, path: `${url.pathname}${url.search}`, method: 'GET' }, handler);
  }
  while (active < c && next < urls.length) start();
  if (urls.length === 0) done();
});
const wallMs = performance.now() - started;
await agent.close();
process.stdout.write(`${JSON.stringify({ wallMs, bytes, ok, failed: urls.length - ok })}\n`);
