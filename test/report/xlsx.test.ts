import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listFindings, moneyAtStake } from '../../src/findings/index.ts';
import { writeReports } from '../../src/report/index.ts';
import { RULES } from '../../src/rules/index.ts';
import { tempDir } from '../ingest/helpers.ts';
import { buildFixtureRun, HOSTILE_ACCOUNT, HOSTILE_FINGERPRINT, HOSTILE_ID, HOSTILE_LABEL, HOSTILE_NAME, type FixtureRun } from './fixture-run.ts';
import { haveSoffice, pdfPages, requireSoffice, sofficeToPdf } from '../browser.ts';
import { readWorkbook, ruleSheet, sheetRows } from './helpers.ts';
import { excelDate } from '../../src/report/xlsx-kit.ts';

// CI installs LibreOffice (.ci/run): there a missing soffice fails; a developer machine without it skips the print check with a notice.
requireSoffice('Excel print test');

let fx: FixtureRun;
let wb: ExcelJS.Workbook;
let out: string;
beforeAll(async () => {
  const dir = tempDir('report-xlsx-');
  fx = await buildFixtureRun(dir);
  out = join(dir, 'reports');
  const { files } = await writeReports(fx.db, fx.runId, { outDir: out, lang: 'zh' });
  expect(files[0]).toBe(join(out, '2026-11-28', `run-${fx.runId}`, '异常预警报告.xlsx'));
  wb = await readWorkbook(files[0]!);
});
afterAll(async () => fx.db.close());

const HEADER_ROW = 3;

describe('the Excel report', () => {
  it('has 概览, 批次核对, one sheet per rule that fired (Chinese title, clause), and 拒收数据', async () => {
    const fired = [...new Set((await listFindings(fx.db, { runId: fx.runId })).map((f) => f.rule))];
    const names = wb.worksheets.map((ws) => ws.name);
    expect(names[0]).toBe('概览');
    expect(names[1]).toBe('批次核对');
    expect(names.at(-1)).toBe('拒收数据');
    const ruleSheets = names.slice(2, -1);
    expect(ruleSheets).toHaveLength(fired.length);
    for (const rule of fired) {
      const title = RULES[rule]?.title ?? '收款账户非本人';
      expect(ruleSheets).toContain(title);
      const ws = wb.getWorksheet(title)!;
      expect(String(ws.getCell('A1').value)).toContain(rule);
      if (RULES[rule]) expect(String(ws.getCell('A1').value)).toContain(RULES[rule]!.clause);
    }
  });

  it('prints every sheet one page wide in landscape with the header row repeated, and 概览 on one page', () => {
    const [overview, ...tables] = wb.worksheets;
    expect(overview!.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 1 });
    for (const ws of tables) {
      expect(ws.pageSetup).toMatchObject({ orientation: 'landscape', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0, printTitlesRow: `${HEADER_ROW}:${HEADER_ROW}` });
    }
  });

  it('states the money at stake on 概览, by kind, rule and district with counts', async () => {
    const money = await moneyAtStake(fx.db, fx.runId);
    expect(money.count).toBeGreaterThan(0);
    const ws = wb.getWorksheet('概览')!;
    const rows: unknown[][] = [];
    for (let r = 1; r <= ws.rowCount; r++) rows.push((ws.getRow(r).values as unknown[]).slice(1));
    const at = (label: string, from = 0) => rows.findIndex((r, i) => i >= from && r[0] === label);
    const head = at('涉及金额');
    expect(head).toBeGreaterThan(0);
    expect(rows[at('合计', head)]!.slice(0, 3)).toEqual(['合计', money.fen / 100, money.count]);
    expect(rows[at('未经审批的付款', head)]!.slice(0, 3)).toEqual(['未经审批的付款', money.byKind.unapproved.fen / 100, money.byKind.unapproved.count]);
    const byRule = at('涉及金额（按规则）');
    expect(rows[byRule + 2]!.slice(1, 5)).toEqual([money.byRule[0]!.rule, expect.any(String), money.byRule[0]!.fen / 100, money.byRule[0]!.count]);
    const byDistrict = at('涉及金额（按区县）');
    expect(rows[byDistrict + 2]!.slice(0, 3)).toEqual([money.byDistrict[0]!.district, money.byDistrict[0]!.fen / 100, money.byDistrict[0]!.count]);
    expect(at('新增高风险疑点（按涉及金额前 10 条）')).toBeGreaterThan(byDistrict);
  });

  it('freezes the header rows and puts auto-filters on every table sheet', () => {
    for (const ws of wb.worksheets.slice(1)) {
      expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
      expect(String(ws.autoFilter)).toMatch(new RegExp(`^A${HEADER_ROW}:[A-Z]+\\d+$`));
      for (let c = 1; c <= ws.getRow(HEADER_ROW).cellCount; c++) expect(ws.getRow(HEADER_ROW).getCell(c).font?.bold).toBe(true);
      for (let c = 1; c <= ws.getRow(HEADER_ROW).cellCount; c++) expect(ws.getColumn(c).width).toBeGreaterThan(5);
    }
    expect(wb.getWorksheet('概览')!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  });

  it('writes money as numeric cells in a yuan format, and dates as dates', () => {
    const batches = sheetRows(wb.getWorksheet('批次核对')!, HEADER_ROW);
    const yuzhong = batches.find((r) => r['区县']!.value === '渝中区')!;
    expect(yuzhong['核定金额（元）']!.value).toBe(3080);
    expect(yuzhong['实发金额（元）']!.value).toBe(2310);
    expect(yuzhong['金额差（元）']!.value).toBe(-770);
    expect(yuzhong['核定金额（元）']!.numFmt).toMatch(/#,##0\.00/);
    expect(yuzhong['核定人数']!.value).toBe(3);
    expect(yuzhong['核定人数']!.numFmt).toBe('#,##0');
    expect(yuzhong['区县']!.numFmt).toBeUndefined();
    const rows = sheetRows(ruleSheet(wb, 'account-holder-mismatch'), HEADER_ROW).filter((r) => r['疑点编号']!.value === HOSTILE_FINGERPRINT.slice(0, 12));
    expect(rows[0]!['应发/核定（元）']!.value).toBe(770);
    expect(rows[0]!['实发（元）']!.value).toBe(700);
    expect(rows[0]!['差额（元）']!.type).toBe(ExcelJS.ValueType.Number);
    expect(rows[0]!['差额（元）']!.numFmt).toMatch(/#,##0\.00/);
    expect(rows[0]!['首次发现']!.value).toBeInstanceOf(Date);
    expect((rows[0]!['首次发现']!.value as Date).toISOString()).toBe('2026-11-28T02:00:00.000Z');
    expect(rows[0]!['首次发现']!.numFmt).toBe('yyyy-mm-dd hh:mm');
  });

  it('masks ID and account numbers, and writes hostile text as plain text — never a formula', () => {
    const ws = ruleSheet(wb, 'account-holder-mismatch');
    const row = sheetRows(ws, HEADER_ROW).find((r) => r['疑点编号']!.value === HOSTILE_FINGERPRINT.slice(0, 12))!;
    expect(row['姓名']!.value).toBe(HOSTILE_NAME);
    expect(row['身份证号']!.value).toBe(`${HOSTILE_ID.slice(0, 6)}********${HOSTILE_ID.slice(-4)}`);
    expect(row['银行账号']!.value).toBe(`****${HOSTILE_ACCOUNT.slice(-4)}`);
    expect(row['发放名目']!.type).toBe(ExcelJS.ValueType.String);
    expect(row['发放名目']!.value).toBe(`'${HOSTILE_LABEL}`);
    for (const sheet of wb.worksheets) {
      sheet.eachRow((r) => r.eachCell((cell) => {
        expect(cell.type).not.toBe(ExcelJS.ValueType.Formula);
        if (typeof cell.value === 'string') {
          expect(cell.value).not.toMatch(/^[=+\-@]/);
          expect(cell.value).not.toContain(HOSTILE_ID);
          expect(cell.value).not.toContain(HOSTILE_ACCOUNT);
        }
      }));
    }
  });

  it('marks new findings and colours severities, and shows review marks', () => {
    const ws = ruleSheet(wb, 'count-mismatch');
    const rows = sheetRows(ws, HEADER_ROW);
    const statuses = rows.map((r) => r['状态']!.value);
    expect(statuses).toEqual([...statuses].sort((a, b) => ['新增', '持续', '已消除'].indexOf(String(a)) - ['新增', '持续', '已消除'].indexOf(String(b))));
    const fresh = rows.find((r) => r['状态']!.value === '新增')!;
    expect(fresh['状态']!.font?.bold).toBe(true);
    expect((fresh['状态']!.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFC6EFCE');
    expect((fresh['级别']!.fill as ExcelJS.FillPattern).fgColor?.argb).toBe('FFFFC7CE');
    expect(fresh['级别']!.alignment).toEqual({ horizontal: 'center' });
    expect(fresh['级别']!.font).toEqual({ bold: true, color: { argb: 'FF9C0006' } });
    const persisting = rows.find((r) => r['状态']!.value === '持续');
    if (persisting) expect(persisting['状态']!.font?.bold).toBeFalsy();
    const marked = rows.find((r) => r['审核标记']!.value === '误报')!;
    expect(marked['审核人']!.value).toBe('陈科长');
  });

  it('lists rejected rows with their reasons, numbers masked', () => {
    const rows = sheetRows(wb.getWorksheet('拒收数据')!, HEADER_ROW);
    expect(rows).toHaveLength(6);
    expect(rows[0]!['行号']!.value).toBe(2);
    expect(String(rows[0]!['拒收原因']!.value)).toMatch(/金额/);
    expect(String(rows[0]!['原始内容']!.value)).toContain('****8901');
    expect(String(rows[0]!['原始内容']!.value)).not.toContain('6228480012345678901');
  });

  it('shows whole numbers when the operator asks, in a workbook named for English', async () => {
    const { files } = await writeReports(fx.db, fx.runId, { outDir: out, lang: 'en', unmask: true });
    expect(files[0]).toMatch(/exceptions\.xlsx$/);
    const en = await readWorkbook(files[0]!);
    expect(en.worksheets[0]!.name).toBe('Overview');
    expect(en.worksheets.at(-1)!.name).toBe('Rejected rows');
    const row = sheetRows(ruleSheet(en, 'account-holder-mismatch'), HEADER_ROW).find((r) => r['Lead id']!.value === HOSTILE_FINGERPRINT.slice(0, 12))!;
    expect(row['ID number']!.value).toBe(HOSTILE_ID);
    expect(row['Account']!.value).toBe(HOSTILE_ACCOUNT);
  });
});

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A cell as LibreOffice shows it here: dates are stored as local wall time (yyyy-mm-dd hh:mm). */
const cellText = (v: ExcelJS.CellValue) => (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString().slice(0, 16).replace('T', ' ') : String(v));

describe('excelDate', () => {
  it('gives Shanghai wall-clock time, the same for a repeated time, a new one for another, and a fresh Date each call', () => {
    const a = excelDate('2026-11-28T02:00:00.000Z');
    expect(a!.toISOString()).toBe('2026-11-28T10:00:00.000Z');
    const again = excelDate('2026-11-28T02:00:00.000Z');
    expect(again).not.toBe(a);
    expect(again!.toISOString()).toBe('2026-11-28T10:00:00.000Z');
    expect(excelDate('2026-11-30T17:30:05+08:00')!.toISOString()).toBe('2026-11-30T17:30:05.000Z');
    expect(excelDate('not a date')).toBeNull();
    expect(excelDate('2026-11-28T02:00:00.000Z')!.toISOString()).toBe('2026-11-28T10:00:00.000Z');
  });
});

describe.skipIf(!haveSoffice)('the Excel report printed by LibreOffice', () => {
  let pdf: { count: number; pages: string[] };
  beforeAll(() => {
    pdf = pdfPages(sofficeToPdf(join(out, '2026-11-28', `run-${fx.runId}`, '异常预警报告.xlsx'), tempDir('report-xlsx-pdf-')));
  }, 120_000);

  it('prints one page per sheet for this run: 概览 whole on page 1, each sheet on its own page', () => {
    // The bound: the fixture's longest sheet has about a dozen rows under its header, far fewer than an A4
    // landscape page holds at the fitted width, so each sheet must print on exactly one page — more pages
    // mean columns (or 概览's tables) were split onto pages of their own, as the 126 pages of issue 11 were.
    expect(pdf.count).toBe(wb.worksheets.length);
    const squeeze = (s: string) => s.replace(/\s+/g, '');
    wb.worksheets.forEach((ws, i) => expect(squeeze(pdf.pages[i]!).startsWith(squeeze(cellText(ws.getCell('A1').value))), `page ${i + 1} is ${ws.name}`).toBe(true));
    const overview = wb.getWorksheet('概览')!;
    const last = (overview.getRow(overview.rowCount).values as ExcelJS.CellValue[]).map(cellText).filter(Boolean);
    expect(last.length).toBeGreaterThan(0);
    expect(pdf.pages[0]).toMatch(new RegExp(last.map(escape).join('\\s+')));
  });

  it('keeps each rule name on the same line as its counts on 概览', () => {
    const overview = wb.getWorksheet('概览')!;
    const rows: string[][] = [];
    for (let r = 1; r <= overview.rowCount; r++) rows.push((overview.getRow(r).values as ExcelJS.CellValue[]).slice(1).map(cellText));
    const head = rows.findIndex((r) => r[0] === '按规则');
    expect(head).toBeGreaterThan(0);
    const ruleRows = rows.slice(head + 2).filter((r) => /^[a-z-]+$/.test(r[1] ?? ''));
    expect(ruleRows.length).toBeGreaterThan(3);
    const all = pdf.pages[0]!.split('\n');
    const lines = all.slice(all.findIndex((l) => l.trim() === '按规则'));
    for (const [title, id, clause, ...counts] of ruleRows) {
      expect(counts.filter(Boolean).length, id).toBe(7);
      const line = lines.find((l) => l.includes(` ${id} `));
      expect(line, id).toBeDefined();
      expect(line).toMatch(new RegExp(`^\\s*${escape(title!)}\\s+${escape(id!)}\\s+${escape(clause!.slice(0, 4))}.*?\\s${counts.filter(Boolean).join('\\s+')}\\s*$`));
    }
  });

  it('prints every column of every table sheet on its page, the header row included', () => {
    wb.worksheets.slice(1).forEach((ws, i) => {
      const headers = (ws.getRow(HEADER_ROW).values as ExcelJS.CellValue[]).map(cellText).filter(Boolean);
      expect(headers.length, ws.name).toBeGreaterThan(3);
      const page = pdf.pages[i + 1]!.replace(/\s+/g, '');
      for (const h of headers) expect(page, `${ws.name}: ${h}`).toContain(h.replace(/\s+/g, ''));
    });
  });
});
