/** Sheets 批次核对 (every batch, approved against paid) and 拒收数据 (rejected rows with reasons). */
import type ExcelJS from 'exceljs';
import { t } from '../lang.ts';
import { programText, words } from './labels.ts';
import type { ReportModel } from './model-types.ts';
import { addHeaderRow, addStyledRow, addTypedRow, columnLetter, declareColumns, MAX_SHEET_ROWS, STYLE, type ColumnSpec } from './xlsx-kit.ts';

const HEADER_ROW = 3;

export function writeBatchSheet(ws: ExcelJS.Worksheet, model: ReportModel): void {
  const w = words(model.lang);
  const specs: ColumnSpec[] = [
    { header: w.period, width: 10, kind: 'text' },
    { header: w.district, width: 12, kind: 'text' },
    { header: w.program, width: 12, kind: 'text' },
    { header: w.approvedCount, width: 11, kind: 'int' },
    { header: w.approvedYuan, width: 17, kind: 'money' },
    { header: w.paidCount, width: 11, kind: 'int' },
    { header: w.paidYuan, width: 17, kind: 'money' },
    { header: w.countDiff, width: 10, kind: 'int' },
    { header: w.fenDiff, width: 15, kind: 'money' },
    { header: w.matches, width: 10, kind: 'text' },
  ];
  declareColumns(ws, specs);
  const bad = model.batches.filter((b) => !b.agrees).length;
  addStyledRow(ws, w.batches, STYLE.title).commit();
  addStyledRow(ws, t(model.lang, `共 ${model.batches.length} 个批次（所属期 × 区县 × 救助类别），其中 ${bad} 个不符。实发只计最新状态为“成功”的付款。`,
    `${model.batches.length} batches (period × district × program), ${bad} disagree. Paid counts only payments whose latest status is paid.`), STYLE.note).commit();
  addHeaderRow(ws, specs.map((s) => s.header)).commit();
  for (const b of model.batches) {
    addTypedRow(ws, specs, [b.period, b.district, programText(model.lang, b.program), b.approvedCount, b.approvedFen, b.paidCount, b.paidFen, b.countDiff, b.fenDiff, b.agrees ? w.yes : w.no],
      b.agrees ? {} : { 7: STYLE.mismatch, 8: STYLE.mismatch, 9: STYLE.mismatch }).commit();
  }
  ws.autoFilter = `A${HEADER_ROW}:${columnLetter(specs.length)}${HEADER_ROW + Math.max(model.batches.length, 1)}`;
}

export async function writeRejectedSheet(ws: ExcelJS.Worksheet, model: ReportModel): Promise<void> {
  const { lang } = model;
  const w = words(lang);
  const specs: ColumnSpec[] = [
    { header: w.fileName, width: 36, kind: 'text' },
    { header: w.rowNo, width: 8, kind: 'int' },
    { header: w.reasons, width: 50, kind: 'text' },
    { header: w.field, width: 16, kind: 'text' },
    { header: w.cells, width: 80, kind: 'text' },
  ];
  declareColumns(ws, specs);
  addStyledRow(ws, w.rejected, STYLE.title).commit();
  addStyledRow(ws, model.rejected.total ? t(lang, `共 ${model.rejected.total} 行被拒收，未计入核对。请按原因修正后重新报送。`, `${model.rejected.total} rows were rejected and not reconciled. Fix them and send again.`) : w.noRejected, STYLE.note).commit();
  addHeaderRow(ws, specs.map((s) => s.header)).commit();
  const room = MAX_SHEET_ROWS - HEADER_ROW - 1;
  let n = 0;
  for await (const r of model.rejected.stream()) {
    if (n === room) {
      addStyledRow(ws, w.sheetCapNote(room, model.rejected.total), STYLE.warn).commit();
      break;
    }
    addTypedRow(ws, specs, [
      r.fileName,
      r.rowNo,
      r.reasons.map((x) => t(lang, x.zh, x.en)).join(lang === 'en' ? '; ' : '；'),
      [...new Set(r.reasons.map((x) => x.field))].join(', '),
      r.cells.join(' | '),
    ]).commit();
    n++;
  }
  ws.autoFilter = `A${HEADER_ROW}:${columnLetter(specs.length)}${HEADER_ROW + Math.max(n, 1)}`;
}
