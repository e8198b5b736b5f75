/**
 * The three sites of the gevent lesson, as pages of the fixture server with their own delays and sizes,
 * so the demo shows the same shape offline: serial pays 300 + 500 + 800 ms, the coroutines about 800.
 */
export const DEMO_SITES = [
  { site: 'python.org', bytes: 50_000, delayMs: 300 },
  { site: 'yahoo.com', bytes: 500_000, delayMs: 500 },
  { site: 'github.com', bytes: 250_000, delayMs: 800 },
] as const;

/** The demo URL list for a fixture server at baseUrl (which ends in a slash). */
export function demoUrlList(baseUrl: string): string {
  return DEMO_SITES.map(
    ({ site, bytes, delayMs }) => `${baseUrl}page?site=${site}&bytes=${bytes}&delay=${delayMs}\n`,
  ).join('');
}
