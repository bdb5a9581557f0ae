import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';

/** Where tests leave what a person may want to look at (screenshots); gitignored. */
export const TEST_OUTPUT = join(import.meta.dirname, '../../test-output/report');

export function testOutput(): string {
  mkdirSync(TEST_OUTPUT, { recursive: true });
  return TEST_OUTPUT;
}

export async function readWorkbook(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

/** Rows of a sheet as objects keyed by the header row's text. */
export function sheetRows(ws: ExcelJS.Worksheet, headerRow: number): Record<string, ExcelJS.Cell>[] {
  const headers = (ws.getRow(headerRow).values as unknown[]).map((v) => (typeof v === 'string' ? v : ''));
  const out: Record<string, ExcelJS.Cell>[] = [];
  for (let r = headerRow + 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const rec: Record<string, ExcelJS.Cell> = {};
    headers.forEach((h, c) => {
      if (h) rec[h] = row.getCell(c);
    });
    out.push(rec);
  }
  return out;
}

/** The sheet of one rule: its first cell names the rule's id. */
export function ruleSheet(wb: ExcelJS.Workbook, rule: string): ExcelJS.Worksheet {
  const ws = wb.worksheets.find((w) => String(w.getCell('A1').value).includes(`（${rule}）`));
  if (!ws) throw new Error(`no sheet for rule ${rule}`);
  return ws;
}
