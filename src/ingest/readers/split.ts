/**
 * Where a large delimited file can be cut in two so that two workers parse the halves at once.
 * Only a file with no double quote anywhere is cut: then every line break ends a record, the cut can
 * sit right after any line break, and the rows before it can be counted by counting line breaks.
 * (In UTF-8 and GB18030 the bytes `"`, CR and LF never occur inside a multi-byte character.)
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;
const CHUNK = 1 << 20;

/** The byte offset just after the first line break past the middle; null when the file may not be cut. */
export async function findSplit(path: string, minBytes: number): Promise<number | null> {
  const { size } = await stat(path);
  if (size < minBytes) return null;
  const middle = Math.floor(size / 2);
  let offset = 0;
  let cut: number | null = null;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (chunk.indexOf(QUOTE) >= 0) return null;
    if (cut === null && offset + chunk.length > middle) {
      const lf = chunk.indexOf(LF, Math.max(0, middle - offset));
      if (lf >= 0) cut = offset + lf + 1;
    }
    offset += chunk.length;
  }
  return cut !== null && cut < size ? cut : null;
}

/**
 * Records before `end` in a quote-free file: each LF, CR LF or lone CR ends one (the record delimiters
 * the reader gives csv-parse). `end` sits just after an LF.
 */
export async function recordsBefore(path: string, end: number): Promise<number> {
  let count = 0;
  let crAtChunkEnd = false;
  for await (const chunk of createReadStream(path, { end: end - 1, highWaterMark: CHUNK }) as AsyncIterable<Buffer>) {
    if (crAtChunkEnd && chunk[0] !== LF) count++;
    for (let i = chunk.indexOf(LF); i >= 0; i = chunk.indexOf(LF, i + 1)) count++;
    const last = chunk.length - 1;
    for (let i = chunk.indexOf(CR); i >= 0 && i < last; i = chunk.indexOf(CR, i + 1)) if (chunk[i + 1] !== LF) count++;
    crAtChunkEnd = chunk[last] === CR;
  }
  return crAtChunkEnd ? count + 1 : count;
}
