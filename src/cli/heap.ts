import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DETAIL_FULL_UP_TO } from '../core/report.js';

/**
 * For a long list, keeps V8's old generation within 25% of what is live. By default V8 lets it grow to
 * several times that before a full collection (and to ~500 MB before the first): a million URLs' strings
 * and columns grew a heap of 100 MB live to 500. Only for long lists: a fixed factor makes a run that
 * streams large bodies collect far more often (one 1 GiB body took 1.2 s instead of 0.85). A
 * --heap-growing-percent given to node itself wins.
 */
export function holdHeapNearLive(urlCount: number): void {
  if (urlCount <= DETAIL_FULL_UP_TO) return;
  if (process.execArgv.some((arg) => arg.startsWith('--heap-growing-percent'))) return;
  setFlagsFromString('--heap-growing-percent=25');
  collectNow();
}

/**
 * One full collection, now. V8 applies a growing factor when a full collection sets the next limit; until
 * then the limit the last one set stands, and in one million-URL run it let the heap grow from 130 to
 * 280 MB before the next. Unless node was started with --expose-gc, `gc` is exposed to a new context only
 * for as long as it takes to fetch it.
 */
function collectNow(): void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed !== undefined) return exposed();
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  gc();
}
