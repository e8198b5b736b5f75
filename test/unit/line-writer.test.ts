import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLineWriter } from '../../src/cli/line-writer.js';

describe('createLineWriter', () => {
  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const stream = new PassThrough();
    const writes: string[] = [];
    stream.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
    const lines = createLineWriter(stream);
    lines.write('GET: a');
    lines.write('GET: b');
    await new Promise((resolve) => setImmediate(resolve));
    lines.write('3 bytes received from a.');
    lines.flush();
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['GET: a\nGET: b\n', '3 bytes received from a.\n']);
  });
});
