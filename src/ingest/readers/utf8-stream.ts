/**
 * Streams a text file as UTF-8 bytes (BOM removed), whatever its encoding, so csv-parse always sees UTF-8.
 * UTF-8 input passes through untouched after a native validity check; GB18030 is decoded by the built-in
 * TextDecoder (a superset of GBK) and re-encoded. Nothing is ever replaced by U+FFFD: undecodable bytes
 * refuse the file, naming the line.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { TextDecoder } from 'node:util';
import { completeUtf8Prefix, invalidGb18030Refusal, invalidUtf8Refusal, type EncodingDetection } from './encoding.ts';
import { firstInvalidLine, lineOfOffset } from './line-locator.ts';
import type { TextEncoding } from './types.ts';

const CHUNK_BYTES = 256 * 1024;

/** Re-iterable: every iteration reads the file again from the start. */
export interface Utf8Source extends AsyncIterable<Buffer> {
  readonly encoding: TextEncoding;
}

/**
 * A byte range of the file, for reading one part of a large file in parallel. Both ends must sit on a
 * line boundary; in UTF-8 and GB18030 the line-break bytes never occur inside a character, so decoding
 * can start there.
 */
export interface ByteRange {
  start?: number;
  /** Exclusive. */
  end?: number;
}

export function utf8Source(path: string, detection: EncodingDetection, range: ByteRange = {}): Utf8Source {
  const start = range.start ?? detection.bodyStart;
  return {
    encoding: detection.encoding,
    [Symbol.asyncIterator]: () =>
      detection.encoding === 'gb18030' ? fromGb18030(path, range.start ?? 0, range.end) : fromUtf8(path, start, range.end),
  };
}

function streamOf(path: string, start: number, end: number | undefined) {
  return createReadStream(path, { start, ...(end === undefined ? {} : { end: end - 1 }), highWaterMark: CHUNK_BYTES });
}

function isGb18030(line: Uint8Array): boolean {
  try {
    new TextDecoder('gb18030', { fatal: true }).decode(line);
    return true;
  } catch {
    return false;
  }
}

async function* fromUtf8(path: string, start: number, end?: number): AsyncGenerator<Buffer> {
  let carry: Buffer = Buffer.alloc(0); // an incomplete multi-byte sequence at a chunk's end
  let offset = start;
  const input = streamOf(path, start, end);
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
      const cut = completeUtf8Prefix(data);
      const piece = data.subarray(0, cut);
      if (!isUtf8(piece)) throw await utf8Refusal(path, start, offset);
      if (piece.length > 0) yield piece;
      carry = data.subarray(cut);
      offset += cut;
    }
    if (carry.length > 0) throw await utf8Refusal(path, start, offset);
  } finally {
    input.destroy();
  }
}

async function utf8Refusal(path: string, start: number, offset: number) {
  return invalidUtf8Refusal((await firstInvalidLine(path, start, isUtf8)) ?? (await lineOfOffset(path, offset)));
}

async function* fromGb18030(path: string, start = 0, end?: number): AsyncGenerator<Buffer> {
  const decoder = new TextDecoder('gb18030', { fatal: true });
  const input = streamOf(path, start, end);
  let offset = start;
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      const text = decodeOrNull(decoder, chunk, true);
      if (text === null) throw await gbRefusal(path, offset);
      if (text.length > 0) yield Buffer.from(text, 'utf8');
      offset += chunk.length;
    }
    const rest = decodeOrNull(decoder, new Uint8Array(0), false);
    if (rest === null) throw await gbRefusal(path, offset);
    if (rest.length > 0) yield Buffer.from(rest, 'utf8');
  } finally {
    input.destroy();
  }
}

function decodeOrNull(decoder: TextDecoder, bytes: Uint8Array, stream: boolean): string | null {
  try {
    return decoder.decode(bytes, { stream });
  } catch {
    return null;
  }
}

async function gbRefusal(path: string, offset: number) {
  return invalidGb18030Refusal((await firstInvalidLine(path, 0, isGb18030)) ?? (await lineOfOffset(path, offset)));
}
