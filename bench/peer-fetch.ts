/**
 * Peer: Node's built-in fetch, bounded by p-limit, bodies read and counted. Args: LIST_FILE CONCURRENCY.
 * Prints one JSON line: { wallMs, bytes, ok, failed }.
 */
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';

const [file, concurrency] = process.argv.slice(2);
const urls = readFileSync(file!, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('http'));
const limit = pLimit(Number(concurrency));
const started = performance.now();
let bytes = 0;
let ok = 0;
const results = await limit.map(urls, async (url) => {
  try {
    const response = await fetch(url);
    for await (const chunk of response.body!) bytes += (chunk as Uint8Array).byteLength;
    return response.ok;
  } catch {
    return false;
  }
});
for (const good of results) if (good) ok += 1;
process.stdout.write(
  `${JSON.stringify({ wallMs: performance.now() - started, bytes, ok, failed: urls.length - ok })}\n`,
);
