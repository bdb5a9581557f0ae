/**
 * Which encoding a text file is in. Chinese bank and Excel exports are mostly GBK, newer systems write UTF-8,
 * and now and then a GBK row is pasted into a UTF-8 file: that must be refused, not decoded into mojibake.
 *
 * The decision is made on a window: the 64 KiB that start at the line holding the file's first non-ASCII
 * byte (a UTF-8 BOM decides at once). Bytes before that line are ASCII, which reads the same in every
 * candidate, so a file that turns GBK after 10,000 ASCII lines is GB18030 from its first byte; one that
 * had valid UTF-8 text before its first undecodable line is refused (see classifyWindow).
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { lineOfOffset } from './line-locator.ts';
import { FileRefusedError, type TextEncoding } from './types.ts';

export type EncodingChoice = TextEncoding | 'auto';

export const WINDOW_BYTES = 64 * 1024;
export const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const LF = 0x0a;

export type WindowVerdict =
  | { kind: 'utf-8' }
  | { kind: 'gb18030' }
  /** Valid UTF-8 text and undecodable bytes side by side; `badLineOffset` is where the first bad line starts. */
  | { kind: 'mixed'; badLineOffset: number };

/** Length of the longest prefix of `buf` that does not end inside a UTF-8 multi-byte sequence. */
export function completeUtf8Prefix(buf: Uint8Array): number {
  const len = buf.length;
  let i = len - 1;
  while (i >= 0 && i >= len - 4 && ((buf[i] ?? 0) & 0xc0) === 0x80) i--;
  if (i < 0) return len;
  const lead = buf[i] ?? 0;
  const need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  return len - i < need ? i : len;
}

/** Offset of the first byte ≥ 0x80, or -1. */
export function firstNonAscii(buf: Uint8Array, from = 0): number {
  for (let i = from; i < buf.length; i++) if ((buf[i] ?? 0) >= 0x80) return i;
  return -1;
}

/**
 * Decide a window. Valid UTF-8 throughout → utf-8. Otherwise weigh, line by line, the multi-byte UTF-8
 * characters on lines that decode against the non-ASCII bytes (≈ 2 per GBK character) on lines that do
 * not: a GBK line decodes as UTF-8 only by accident and then only when short, so a GBK file scores close
 * to nothing on the UTF-8 side, while a UTF-8 file with a pasted GBK row scores mostly UTF-8.
 */
export function classifyWindow(window: Uint8Array, reachesEof: boolean): WindowVerdict {
  let body = window;
  if (!reachesEof) {
    const lastLf = window.lastIndexOf(LF);
    body = window.subarray(0, lastLf >= 0 ? lastLf + 1 : completeUtf8Prefix(window));
  }
  if (isUtf8(body)) return { kind: 'utf-8' };
  let utf8Chars = 0;
  let badNonAsciiBytes = 0;
  let badLineOffset = -1;
  let start = 0;
  while (start < body.length) {
    const lf = body.indexOf(LF, start);
    const end = lf === -1 ? body.length : lf;
    const line = body.subarray(start, end);
    if (!isAscii(line)) {
      if (isUtf8(line)) {
        for (const byte of line) if (byte >= 0xc0) utf8Chars++;
      } else {
        for (const byte of line) if (byte >= 0x80) badNonAsciiBytes++;
        if (badLineOffset < 0) badLineOffset = start;
      }
    }
    start = end + 1;
  }
  if (badLineOffset >= 0 && utf8Chars * 2 >= badNonAsciiBytes) return { kind: 'mixed', badLineOffset };
  return { kind: 'gb18030' };
}

export function invalidUtf8Refusal(line: number): FileRefusedError {
  return new FileRefusedError(
    'invalid-utf8',
    `第 ${line} 行含有无法按 UTF-8 解读的字节（可能混入了 GBK 编码的内容）。请将整个文件另存为 UTF-8 或 GBK 后重新上传。`,
    `Line ${line} contains bytes that are not valid UTF-8 (probably GBK text pasted into a UTF-8 file). Save the whole file as UTF-8 or GBK and upload it again.`,
  );
}

export function invalidGb18030Refusal(line: number): FileRefusedError {
  return new FileRefusedError(
    'invalid-gb18030',
    `第 ${line} 行含有无法按 GBK/GB18030 解读的字节。请确认文件的编码，将整个文件另存为 UTF-8 或 GBK 后重新上传。`,
    `Line ${line} contains bytes that are not valid GBK/GB18030. Check the file's encoding, save the whole file as UTF-8 or GBK and upload it again.`,
  );
}

export async function readBytesAt(path: string, position: number, length: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(length);
    const { bytesRead } = await handle.read(buf, 0, length, position);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

export interface EncodingDetection {
  encoding: TextEncoding;
  /** Where decoding starts (3 after a UTF-8 BOM). */
  bodyStart: number;
}

const SCAN_CHUNK = 1 << 20;

/**
 * File offset where the deciding window starts: the start of the line holding the first non-ASCII byte,
 * or that byte itself when the line is too long for the window to reach it. -1 for a pure-ASCII file.
 */
async function decidingWindowStart(path: string): Promise<number> {
  let previous: Buffer = Buffer.alloc(0);
  let offset = 0;
  const stream = createReadStream(path, { highWaterMark: SCAN_CHUNK });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      if (!isAscii(chunk)) {
        const k = offset + firstNonAscii(chunk);
        const lfInChunk = chunk.lastIndexOf(LF, k - offset);
        const lfInPrevious = previous.lastIndexOf(LF);
        const lineStart =
          lfInChunk >= 0 ? offset + lfInChunk + 1 : lfInPrevious >= 0 ? offset - previous.length + lfInPrevious + 1 : -1;
        return lineStart >= 0 && k - lineStart <= WINDOW_BYTES / 2 ? lineStart : k;
      }
      previous = chunk;
      offset += chunk.length;
    }
    return -1;
  } finally {
    stream.destroy();
  }
}

/**
 * Detect before anything is decoded, so the encoding a table reports is final. A file that is ASCII for a
 * long way is scanned up to its first non-ASCII byte (a native check, fast even for 100 MB); the window
 * from that line decides. Throws the invalid-UTF-8 refusal when the deciding window is mixed.
 */
export async function detectEncoding(path: string): Promise<EncodingDetection> {
  const head = await readBytesAt(path, 0, 3);
  if (head.equals(UTF8_BOM)) return { encoding: 'utf-8-bom', bodyStart: 3 };
  const windowStart = await decidingWindowStart(path);
  if (windowStart < 0) return { encoding: 'utf-8', bodyStart: 0 }; // pure ASCII reads the same either way
  const window = await readBytesAt(path, windowStart, WINDOW_BYTES + 1);
  const verdict = classifyWindow(window.subarray(0, WINDOW_BYTES), window.length <= WINDOW_BYTES);
  if (verdict.kind === 'mixed') {
    throw invalidUtf8Refusal(await lineOfOffset(path, windowStart + verdict.badLineOffset));
  }
  return { encoding: verdict.kind, bodyStart: 0 };
}

/** Detect, or take the caller's word (a bank profile names its encoding). A UTF-8 BOM is skipped either way. */
export async function resolveEncoding(path: string, choice: EncodingChoice): Promise<EncodingDetection> {
  if (choice === 'auto') return detectEncoding(path);
  if (choice === 'gb18030') return { encoding: 'gb18030', bodyStart: 0 };
  const hasBom = (await readBytesAt(path, 0, 3)).equals(UTF8_BOM);
  return { encoding: hasBom ? 'utf-8-bom' : 'utf-8', bodyStart: hasBom ? 3 : 0 };
}
