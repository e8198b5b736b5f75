/** Issue 11: --compressed decodes what servers send, as curl and browsers accept it. */
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchOne } from '../../src/core/fetch-one.js';
import { fetchContext } from '../helpers/plans.js';
import { startHttpServer, type TestServer } from '../helpers/servers.js';

const BODY = Buffer.from('a body that compresses well. '.repeat(2000));
const ENCODED: Record<string, [string, Buffer]> = {
  '/gzip': ['gzip', gzipSync(BODY)],
  '/deflate': ['deflate', deflateSync(BODY)],
  // Raw deflate, without the zlib wrapper the RFC asks for: some servers send it, and clients accept it.
  '/raw-deflate': ['deflate', deflateRawSync(BODY)],
  '/br': ['br', brotliCompressSync(BODY)],
  // Codings listed in the order applied: gzip first, then br.
  '/gzip-then-br': ['gzip, br', brotliCompressSync(gzipSync(BODY))],
  '/unknown': ['compress', Buffer.from('LZW would go here')],
  '/corrupt': ['gzip', Buffer.from('this is not gzip at all')],
};

let server: TestServer;
const ctx = fetchContext(4, { compressed: true });
const target = (path: string) => ({ href: `${server.url.replace(/\/$/, '')}${path}`, label: path });

beforeAll(async () => {
  server = await startHttpServer((req, res) => {
    const [encoding, body] = ENCODED[req.url!]!;
    res.writeHead(200, { 'content-encoding': encoding, 'content-length': body.length });
    res.end(body);
  });
});
afterAll(async () => {
  await ctx.destroy();
  await server.close();
});

describe('--compressed (issue 11)', () => {
  it.each(['/gzip', '/deflate', '/raw-deflate', '/br', '/gzip-then-br'])(
    'decodes %s to the body’s length',
    async (path) => {
      const result = await fetchOne(target(path), ctx);
      expect(result.error).toBeNull();
      expect(result.decodedBytes).toBe(BODY.length);
      expect(result.bytes).toBe(ENCODED[path]![1].length);
    },
  );

  it('counts a coding it cannot decode as it came, and says nothing decoded', async () => {
    const result = await fetchOne(target('/unknown'), ctx);
    expect(result).toMatchObject({ error: null, bytes: 17, decodedBytes: null });
  });

  it('fails a body that does not decode with DECODE_ERROR, a result and not a crash', async () => {
    const result = await fetchOne(target('/corrupt'), ctx);
    expect(result.error?.code).toBe('DECODE_ERROR');
    expect(result.error?.message).toMatch(/^the gzip body cannot be decoded: /);
  });
});
