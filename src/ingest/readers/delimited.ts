/**
 * Delimited text (CSV, TSV, pipe, semicolon) → records, through csv-parse. Cells are kept exactly as
 * written: no trimming, no type casting, a leading `=` `+` `-` `@` is just text.
 *
 * Row numbers: a record's `rowNo` is its ordinal counted from the file's first line, title and header
 * included, as a spreadsheet numbers rows when it opens the file; a quoted field that spans lines is one
 * record. A blank line counts as a row but is not yielded, so `rowNo` has a gap there (as XLSX does).
 * An empty file gives a table with no records: saying "没有数据行" is the ingest layer's call.
 */
import { Readable, pipeline } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { csvParseOptions } from './csv-options.ts';
import { sniffDelimiter } from './delimiter-sniff.ts';
import { resolveEncoding, type EncodingChoice } from './encoding.ts';
import { FileRefusedError, type RawRecord, type SourceTable } from './types.ts';
import { utf8Source, type ByteRange, type Utf8Source } from './utf8-stream.ts';

export interface DelimitedOptions {
  encoding?: EncodingChoice;
  delimiter?: string | 'auto';
  /** Read only these bytes (a part of a large file read in parallel); both ends on a line boundary. */
  range?: ByteRange;
  /** Row number of the range's first record (records before it, plus one). */
  firstRowNo?: number;
}

const HEAD_BYTES = 64 * 1024;
const LF = 0x0a;

export async function readDelimited(path: string, opts: DelimitedOptions = {}): Promise<SourceTable> {
  const source = utf8Source(path, await resolveEncoding(path, opts.encoding ?? 'auto'), opts.range);
  const delimiter = opts.delimiter === undefined || opts.delimiter === 'auto' ? sniffDelimiter(await readHead(source)) : opts.delimiter;
  const firstRowNo = opts.firstRowNo ?? 1;
  return {
    format: 'csv',
    encoding: source.encoding,
    delimiter,
    sheetName: null,
    records: { [Symbol.asyncIterator]: () => parseRecords(source, delimiter, firstRowNo) },
  };
}

/** The first complete lines (about 64 KiB) as text, for sniffing; the whole text when the file is small. */
async function readHead(source: Utf8Source): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  let complete = true;
  for await (const chunk of source) {
    chunks.push(chunk);
    size += chunk.length;
    if (size > HEAD_BYTES) {
      complete = false;
      break;
    }
  }
  const bytes = Buffer.concat(chunks);
  if (complete) return bytes.toString('utf8');
  const lastLf = bytes.lastIndexOf(LF, HEAD_BYTES);
  return bytes.subarray(0, lastLf >= 0 ? lastLf + 1 : HEAD_BYTES).toString('utf8');
}

async function* parseRecords(source: Utf8Source, delimiter: string, firstRowNo: number): AsyncGenerator<RawRecord> {
  const parser = parse(csvParseOptions(delimiter));
  pipeline(Readable.from(source, { objectMode: false }), parser, () => {
    // errors surface through the parser's iterator below; an early `break` by the consumer lands here too
  });
  let rowNo = firstRowNo - 1;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      rowNo++;
      if (cells.length === 1 && cells[0] === '') continue;
      yield { rowNo, cells };
    }
  } catch (error) {
    throw await asRefusal(error, source, delimiter);
  } finally {
    parser.destroy();
  }
}

async function asRefusal(error: unknown, source: Utf8Source, delimiter: string): Promise<unknown> {
  if (!(error instanceof CsvError)) return error;
  if (error.code === 'CSV_QUOTE_NOT_CLOSED') {
    // csv-parse reports where the file ended; the quote opened where the unfinished field began:
    // `bytes` is the end of the last finished field (at its delimiter) or record.
    const fieldsDone = Number(error['index'] ?? 0);
    const quoteAt = Number(error['bytes'] ?? 0) + (fieldsDone > 0 ? Buffer.byteLength(delimiter) : 0);
    const line = await lineInSource(source, quoteAt);
    return new FileRefusedError(
      'unclosed-quote',
      `第 ${line} 行的引号没有闭合：这一行的一个单元格以双引号 " 开头，但直到文件末尾都没有找到与之配对的结束引号。请检查该行后重新上传。`,
      `The quote opened on line ${line} is never closed: a cell there starts with a double quote (") and no closing quote follows before the end of the file. Fix that line and upload the file again.`,
    );
  }
  return new FileRefusedError(
    'unreadable-text',
    `无法按分隔符文本读取此文件：${error.message}`,
    `The file cannot be read as delimited text: ${error.message}`,
  );
}

/** 1-based line holding byte `offset` of the decoded UTF-8 stream (decoding keeps every line break). */
async function lineInSource(source: Utf8Source, offset: number): Promise<number> {
  let line = 1;
  let seen = 0;
  for await (const chunk of source) {
    const end = Math.min(chunk.length, offset - seen);
    for (let i = chunk.indexOf(LF); i !== -1 && i < end; i = chunk.indexOf(LF, i + 1)) line++;
    seen += chunk.length;
    if (seen >= offset) break;
  }
  return line;
}
