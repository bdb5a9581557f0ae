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
import { toCellValue } from './xlsx-cells.ts';
import { openWorkbook, type SheetReader } from './xlsx-workbook-reader.ts';
import type { CellValue, RawRecord, SourceTable } from './types.ts';

async function* rowsOf(sheet: SheetReader, date1904: () => boolean): AsyncGenerator<RawRecord> {
  let previous = 0;
  for await (const row of sheet) {
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
}

export async function* readXlsx(path: string): AsyncGenerator<SourceTable> {
  const workbook = openWorkbook(path);
  let current = 0;
  for await (const sheet of workbook.sheets) {
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
}
