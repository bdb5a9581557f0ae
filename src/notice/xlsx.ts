/**
 * The 公示 list and the public summary as Excel, for the township to adjust layout before printing:
 * money as numeric yuan cells, text never a formula, A4 print setup, the header row repeated on every
 * printed page.
 */
import ExcelJS from 'exceljs';
import { fenToYuanNumber } from '../domain/index.ts';
import { formulaSafe } from '../report/index.ts';
import { monthText } from './html.ts';
import type { NoticeModel, SummaryRow } from './model.ts';

const YUAN = '#,##0.00';
const BOLD = { font: { bold: true } };

function sheet(wb: ExcelJS.Workbook, name: string, title: string, note: string, headers: string[], widths: number[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { pageSetup: { paperSize: 9, orientation: 'portrait', fitToPage: true, fitToWidth: 1, fitToHeight: 0 } });
  ws.columns = widths.map((width) => ({ width }));
  ws.addRow([title]).font = { bold: true, size: 14 };
  ws.addRow([note]).font = { italic: true };
  const header = ws.addRow(headers);
  header.font = BOLD.font;
  ws.pageSetup.printTitlesRow = '3:3';
  ws.views = [{ state: 'frozen', ySplit: 3 }];
  return ws;
}

export async function writeNoticeXlsx(model: NoticeModel, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'relief-recon';
  const ws = sheet(
    wb, '公示名单', `社会救助对象公示 ${monthText(model.period)}`,
    formulaSafe(`公示期 ${model.days} 天。如有异议，请在公示期内向${model.complaintChannel}反映。`),
    ['区县', '乡镇（街道）', '村（社区）', '序号', '姓名', '保障人数', '救助类别', '月救助金额（元）'],
    [12, 16, 18, 6, 12, 10, 18, 16],
  );
  for (const p of model.pages) {
    p.lines.forEach((l, i) => {
      const row = ws.addRow([formulaSafe(p.district), formulaSafe(p.township), formulaSafe(p.village), i + 1, formulaSafe(l.name), l.householdSize, formulaSafe(l.program), fenToYuanNumber(l.monthlyFen)]);
      row.getCell(8).numFmt = YUAN;
    });
    const total = ws.addRow([formulaSafe(p.district), formulaSafe(p.township), formulaSafe(p.village), null, '合计', p.people, `${p.households} 户`, fenToYuanNumber(p.totalFen)]);
    total.font = BOLD.font;
    total.getCell(8).numFmt = YUAN;
  }
  await wb.xlsx.writeFile(path);
}

export async function writeSummaryXlsx(rows: SummaryRow[], title: string, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'relief-recon';
  const ws = sheet(wb, '公示汇总', title, '按区县、救助类别、月份汇总，不含任何个人信息。', ['月份', '区县', '救助类别', '户数', '人数', '金额（元）'], [12, 14, 20, 10, 10, 18]);
  for (const r of rows) {
    const row = ws.addRow([monthText(r.period), formulaSafe(r.district), formulaSafe(r.program), r.households, r.people, fenToYuanNumber(r.totalFen)]);
    row.getCell(6).numFmt = YUAN;
  }
  await wb.xlsx.writeFile(path);
}
