/**
 * Error-path helpers that name the physical line (1-based, counted by LF as a text editor does) where a
 * problem sits. They re-read the file, so the fast path never pays for counting lines.
 */
import { createReadStream } from 'node:fs';

const LF = 0x0a;

/** The 1-based physical line that holds the byte at `offset`. */
export async function lineOfOffset(path: string, offset: number): Promise<number> {
  let line = 1;
  if (offset <= 0) return line;
  const stream = createReadStream(path, { start: 0, end: offset - 1, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    for (let i = chunk.indexOf(LF); i !== -1; i = chunk.indexOf(LF, i + 1)) line++;
  }
  return line;
}

/**
 * The 1-based physical line of the first line at or after byte `from` that `isValid` rejects, or null.
 * Splitting at LF is safe for UTF-8 and GB18030 alike: LF is never part of a multi-byte sequence in either.
 */
export async function firstInvalidLine(
  path: string,
  from: number,
  isValid: (line: Uint8Array) => boolean,
): Promise<number | null> {
  let line = await lineOfOffset(path, from);
  let carry: Buffer = Buffer.alloc(0);
  const stream = createReadStream(path, { start: from, highWaterMark: 1 << 20 });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    let start = 0;
    for (let nl = data.indexOf(LF); nl !== -1; nl = data.indexOf(LF, start)) {
      if (!isValid(data.subarray(start, nl))) return line;
      line++;
      start = nl + 1;
    }
    carry = data.subarray(start);
  }
  return carry.length > 0 && !isValid(carry) ? line : null;
}
