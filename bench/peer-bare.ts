/**
 * Peer: corofetch's own stack with nothing of corofetch on top — one undici Agent, undici.request, p-limit,
 * bodies counted — to price what corofetch's timing, phases and reporting cost per request.
 * Args: LIST_FILE CONCURRENCY. Prints one JSON line: { wallMs, bytes, ok, failed }.
 */
import { readFileSync } from 'node:fs';
import pLimit from 'p-limit';
import { Agent, request } from 'undici';

const [file, concurrency] = process.argv.slice(2);
const urls = readFileSync(file!, 'utf8')
  .split('\n')
  .filter((line) => line.startsWith('http'));
const c = Number(concurrency);
const dispatcher = new Agent({ connections: c });
const started = performance.now();
let bytes = 0;
const results = await pLimit(c).map(urls, async (url) => {
  try {
    const response = await request(url, { dispatcher });
    // Counted on 'data' events, as corofetch does: the fastest way undici's body is read.
    await new Promise<void>((resolve, reject) => {
      response.body.on('data', (chunk: Buffer) => (bytes += chunk.length));
      response.body.once('end', resolve);
      response.body.once('error', reject);
    });
    return response.statusCode === 200;
  } catch {
    return false;
  }
});
const wallMs = performance.now() - started;
await dispatcher.close();
const ok = results.filter(Boolean).length;
process.stdout.write(`${JSON.stringify({ wallMs, bytes, ok, failed: urls.length - ok })}\n`);
