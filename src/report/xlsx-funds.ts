/** Sheet 资金台账 (issue 15): the funds ledger month by month — allocated, paid by bank, petty cash, balance carried. */
import type ExcelJS from 'exceljs';
import { t } from '../lang.ts';
import { fundText } from './html-funds.ts';
import type { ReportModel } from './model-types.ts';
import { addHeaderRow, addStyledRow, addTypedRow, columnLetter, declareColumns, STYLE, type ColumnSpec } from './xlsx-kit.ts';

const HEADER_ROW = 3;

export function writeFundsSheet(ws: ExcelJS.Worksheet, model: ReportModel): void {
  const { lang } = model;
  const funds = model.funds!;
  const specs: ColumnSpec[] = [
    { header: t(lang, '区县', 'District'), width: 14, kind: 'text' },
    { header: t(lang, '资金', 'Fund'), width: 16, kind: 'text' },
    { header: t(lang, '月份', 'Month'), width: 10, kind: 'text' },
    { header: t(lang, '下达（元）', 'Allocated'), width: 17, kind: 'money' },
    { header: t(lang, '代发支出（元）', 'Paid by bank'), width: 17, kind: 'money' },
    { header: t(lang, '备用金支出（元）', 'Petty cash'), width: 17, kind: 'money' },
    { header: t(lang, '支出合计（元）', 'Disbursed'), width: 17, kind: 'money' },
    { header: t(lang, '月末结余（元）', 'Balance carried'), width: 17, kind: 'money' },
  ];
  declareColumns(ws, specs);
  addStyledRow(ws, t(lang, '资金台账', 'Funds ledger'), STYLE.title).commit();
  addStyledRow(ws, t(lang, `截至 ${funds.asOf ?? ''}。结余自该区县该项资金第一笔下达的月份起累计；负数为透支（支出超过下达）。临时救助备用金的支出来自乡镇备用金台账。`,
    `As of ${funds.asOf ?? ''}. Balances accumulate from the month of the first allocation of each district × fund; negative means overdrawn. The reserve's spending comes from township petty-cash ledgers.`), STYLE.note).commit();
  addHeaderRow(ws, specs.map((s) => s.header)).commit();
  for (const m of funds.months) {
    addTypedRow(ws, specs, [m.district, fundText(lang, m.fund), m.month, m.allocatedFen, m.bankFen, m.pettyCashFen, m.disbursedFen, m.balanceFen], m.balanceFen < 0 ? { 7: STYLE.mismatch } : {}).commit();
  }
  ws.autoFilter = `A${HEADER_ROW}:${columnLetter(specs.length)}${HEADER_ROW + Math.max(funds.months.length, 1)}`;
}
