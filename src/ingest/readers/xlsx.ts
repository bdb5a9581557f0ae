/**
 * XLSX → one SourceTable per worksheet, streamed (a 100,000-row workbook is never held in memory).
 *
 * `rowNo` is the sheet's own row number. Rows with no value at all (blank rows, or rows that only carry
 * formatting such as the empty parts of a merged title) are not yielded, so numbers have gaps, as in
 * delimited text. A merged range's value sits in its top-left cell; the other cells are null.
 *
 * Streaming means forward only: read a table's records (or stop early) before asking for the next
 * table; a table left behind cannot be read afterwards.
 */
import type ExcelJS from 'exceljs';
import { toCellValue } from './xlsx-cells.ts';
import { openWorkbook, type SheetReader } from './xlsx-workbook-reader.ts';
import { checkZipBounds } from './zip-bounds.ts';
import { FileRefusedError, type CellValue, type RawRecord, type SourceTable } from './types.ts';

/** exceljs throws bare errors (`FILE_ENDED`, sax errors) for a damaged file: say so in words a clerk can act on. */
function unreadable(error: unknown): unknown {
  if (error instanceof FileRefusedError) return error;
  const detail = error instanceof Error ? error.message : String(error);
  return new FileRefusedError(
    'unreadable-xlsx',
    `无法读取这个 Excel 工作簿，文件可能已损坏或不完整（${detail}）。请在 Excel 或 WPS 中打开，另存为 .xlsx 后重新上传。`,
    `This Excel workbook cannot be read; the file may be damaged or incomplete (${detail}). Open it in Excel or WPS, save it as .xlsx and upload it again.`,
  );
}

function notAWorkbook(): FileRefusedError {
  return new FileRefusedError(
    'not-a-workbook',
    '这是一个 ZIP 压缩包，但里面没有 Excel 工作表。如果是压缩的数据文件，请解压后上传其中的文件。',
    'This is a ZIP archive with no Excel worksheet in it. If it holds a compressed data file, unzip it and upload that file.',
  );
}

async function* rowsOf(sheet: SheetReader, date1904: () => boolean): AsyncGenerator<RawRecord> {
  let previous = 0;
  const rows = sheet[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ExcelJS.Row>;
      try {
        next = await rows.next();
      } catch (error) {
        throw unreadable(error);
      }
      if (next.done) return;
      const row = next.value;
      // Some writers omit the optional r attribute; the row is then the one after the previous.
      const rowNo = Number.isInteger(row.number) && row.number > 0 ? row.number : previous + 1;
      previous = rowNo;
      const values = row.values as unknown[]; // sparse, column 1 at index 1
      const cells: CellValue[] = [];
      let hasValue = false;
      for (let col = 1; col < values.length; col++) {
        const cell = toCellValue(values[col], { numFmt: () => row.getCell(col).numFmt, date1904: date1904() });
        if (cell !== null) hasValue = true;
        cells.push(cell);
      }
      if (hasValue) yield { rowNo, cells };
    }
  } finally {
    await rows.return?.();
  }
}

export async function* readXlsx(path: string): AsyncGenerator<SourceTable> {
  try {
    await checkZipBounds(path);
  } catch (error) {
    throw unreadable(error);
  }
  const workbook = await openWorkbook(path);
  const sheets = workbook.sheets[Symbol.asyncIterator]();
  let current = 0;
  try {
    for (;;) {
      let next: IteratorResult<SheetReader>;
      try {
        next = await sheets.next();
      } catch (error) {
        throw unreadable(error);
      }
      if (next.done) break;
      const sheet = next.value;
      const position = ++current;
      let opened = false;
      const records: AsyncIterable<RawRecord> = {
        [Symbol.asyncIterator]: () => {
          if (position !== current || opened) {
            throw new Error(`worksheet "${sheet.name}" was already read or passed: XLSX tables stream forward only`);
          }
          opened = true;
          return rowsOf(sheet, workbook.date1904);
        },
      };
      yield { format: 'xlsx', encoding: null, delimiter: null, sheetName: sheet.name, records };
    }
  } finally {
    await sheets.return?.();
  }
  if (current === 0) throw notAWorkbook();
}
