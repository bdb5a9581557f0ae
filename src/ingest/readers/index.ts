/**
 * The readers' public face: open any input file by its content and get its tables of raw records.
 */
import { readDelimited, type DelimitedOptions } from './delimited.ts';
import { isEncryptedWorkbook, refuseEncryptedWorkbook, refuseXls, sniffFileType } from './sniff.ts';
import type { SourceTable } from './types.ts';
import { readXlsx } from './xlsx.ts';

export type { DelimitedOptions } from './delimited.ts';
export type { EncodingChoice } from './encoding.ts';
export type { SniffedFileType } from './sniff.ts';
export { FileRefusedError } from './types.ts';
export type { CellValue, FileFormat, RawRecord, SourceTable, TextEncoding } from './types.ts';
export { excelSerialToDate } from './xlsx-cells.ts';
export { findSplit, recordsBefore } from './split.ts';
export type { ByteRange } from './utf8-stream.ts';
export { isEncryptedWorkbook, readDelimited, readXlsx, refuseEncryptedWorkbook, refuseXls, sniffFileType };

export interface OpenedSource {
  fileType: 'xlsx' | 'text';
  /** Text files have one table; workbooks one per worksheet, in order, to be read forward only. */
  tables: AsyncIterable<SourceTable>;
}

/**
 * Sniffs the content (never the name) and dispatches. A legacy .xls is refused with the conversion hint,
 * a password-protected workbook (also an OLE2 file) with its own message.
 * `opts` (encoding, delimiter: a bank profile's) apply to text files and are ignored for workbooks.
 * Text files are opened at once, so an encoding refusal is thrown here rather than mid-stream when it can be.
 */
export async function openSource(path: string, opts: DelimitedOptions = {}): Promise<OpenedSource> {
  const type = await sniffFileType(path);
  if (type === 'xls') throw (await isEncryptedWorkbook(path)) ? refuseEncryptedWorkbook() : refuseXls(path);
  if (type === 'xlsx') return { fileType: 'xlsx', tables: readXlsx(path) };
  const table = await readDelimited(path, opts);
  return { fileType: 'text', tables: oneTable(table) };
}

async function* oneTable(table: SourceTable): AsyncGenerator<SourceTable> {
  yield table;
}
