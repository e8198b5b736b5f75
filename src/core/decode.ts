import * as zlib from 'node:zlib';
import type { Transform } from 'node:stream';

/** zlib's Zstandard decoder, where this Node has one (22.15 and later); Node 20 has not. */
const createZstd = (zlib as { createZstdDecompress?: () => Transform }).createZstdDecompress;

/** The content codings --compressed asks for, in curl's order: what this Node can decode. */
export const ACCEPT_ENCODING = ['gzip', 'deflate', 'br', ...(createZstd === undefined ? [] : ['zstd'])].join(', ');

/** What a decoder tells the exchange: decoded bytes as they come, then the end or an error. */
export interface DecoderEvents {
  onBytes(count: number): void;
  onEnd(): void;
  onError(err: Error): void;
}

/** A body decoder: fed the bytes as received, it counts what they decode to and keeps none of it. */
export interface Decoder {
  /** False when the decoder wants the sender to wait for `onDrain`. */
  write(chunk: Buffer): boolean;
  onDrain(listener: () => void): void;
  end(): void;
  /** Stops at once, dropping what is buffered (past --max-bytes, or when the request ends otherwise). */
  destroy(): void;
}

/**
 * A decoder for a Content-Encoding (RFC 9110 §8.4: codings listed in the order applied, so decoded in
 * reverse), or null when there is nothing to decode, or a coding this Node cannot decode (the body is then
 * counted as it came). `deflate` is the zlib format by the RFC, but some servers send raw deflate, as curl
 * and browsers accept: the first byte tells them apart.
 */
export function createDecoder(contentEncoding: string | null, events: DecoderEvents): Decoder | null {
  if (contentEncoding === null) return null;
  const codings = contentEncoding
    .toLowerCase()
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '' && c !== 'identity');
  if (codings.length === 0 || !codings.every((c) => STAGES[c] !== undefined)) return null;
  let stages: Transform[] | null = null;
  let ended = false;
  let destroyed = false;
  const drainListeners: Array<() => void> = [];

  const build = (firstByte: number): Transform[] => {
    // Only the first stage sees the body's first byte; an inner deflate is taken to be the zlib format.
    const built = [...codings].reverse().map((c, i) => STAGES[c]!(i === 0 ? firstByte : 0x78));
    for (let i = 0; i < built.length - 1; i++) built[i]!.pipe(built[i + 1]!);
    const last = built[built.length - 1]!;
    for (const stage of built) stage.once('error', (err) => (destroyed ? undefined : events.onError(err)));
    last.on('data', (chunk: Buffer) => events.onBytes(chunk.length));
    last.once('end', () => events.onEnd());
    built[0]!.on('drain', () => {
      for (const listener of drainListeners) listener();
    });
    return built;
  };
  return {
    write(chunk) {
      if (destroyed || chunk.length === 0) return true;
      stages ??= build(chunk[0]!);
      return stages[0]!.write(chunk);
    },
    onDrain(listener) {
      drainListeners.push(listener);
    },
    end() {
      if (ended || destroyed) return;
      ended = true;
      // An empty encoded body decodes to nothing (and a gzip decoder would call it truncated).
      if (stages === null) return events.onEnd();
      stages[0]!.end();
    },
    destroy() {
      destroyed = true;
      for (const stage of stages ?? []) stage.destroy();
    },
  };
}

const STAGES: Record<string, (firstByte: number) => Transform> = {
  gzip: () => zlib.createGunzip(),
  'x-gzip': () => zlib.createGunzip(),
  // A zlib stream starts with CMF 0x?8 (deflate, 8), most often 0x78; anything else is raw deflate.
  deflate: (firstByte) => ((firstByte & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw()),
  br: () => zlib.createBrotliDecompress(),
  ...(createZstd === undefined ? {} : { zstd: () => createZstd() }),
};
