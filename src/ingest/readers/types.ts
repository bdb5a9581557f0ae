/**
 * What every file reader (delimited text, XLSX) hands to the ingest layer: records with the row
 * number a spreadsheet would show, and the facts about how the file was read (for the receipt).
 */

/** A cell as read: text from delimited files; XLSX may also give numbers and dates. */
export type CellValue = string | number | Date | null;

export interface RawRecord {
  /** 1-based row as a spreadsheet shows it: title and header rows count, a quoted multi-line field is one row. */
  rowNo: number;
  cells: CellValue[];
}

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'utf-8-bom' | 'gb18030';

/**
 * What a record iterator may offer besides next(): every record it has at hand at once (at least one; none at
 * the end), for a caller that takes many records in one step.
 */
export interface RecordBatches {
  nextBatch(): Promise<RawRecord[]>;
}

/** One table of a file: a delimited text file has one; an XLSX workbook has one per worksheet. */
export interface SourceTable {
  format: FileFormat;
  /** Encoding used to decode a text file; null for XLSX. */
  encoding: TextEncoding | null;
  /** Delimiter used for a text file; null for XLSX. */
  delimiter: string | null;
  /** Worksheet name for XLSX; null for text. */
  sheetName: string | null;
  records: AsyncIterable<RawRecord>;
}

/**
 * A file that cannot be read at all. Carries a Chinese and an English message that a bank clerk can act on;
 * never a stack trace.
 */
export class FileRefusedError extends Error {
  constructor(
    readonly code: string,
    readonly messageZh: string,
    readonly messageEn: string,
  ) {
    super(messageEn);
    this.name = 'FileRefusedError';
  }
}
