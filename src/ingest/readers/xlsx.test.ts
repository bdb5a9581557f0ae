import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { recordsOf, scenario, tempFile } from './test-helpers.ts';
import type { RawRecord, SourceTable } from './types.ts';
import { excelSerialToDate, isDateFormat } from './xlsx-cells.ts';
import { readXlsx } from './xlsx.ts';

const utcDay = (y: number, m: number, d: number): Date => new Date(Date.UTC(y, m - 1, d));

async function allTables(path: string): Promise<{ table: SourceTable; records: RawRecord[] }[]> {
  const out: { table: SourceTable; records: RawRecord[] }[] = [];
  for await (const table of readXlsx(path)) out.push({ table, records: await recordsOf(table) });
  return out;
}

describe('readXlsx: a roster with a merged title, blank row, formulas, dates and a 合计 row', () => {
  it('reads every sheet in order, each with its own row numbers and exact cell values', async () => {
    const tables = await allTables(scenario('roster-with-title-merged-cells-total-row.xlsx'));
    expect(tables.map((t) => t.table.sheetName)).toEqual(['低保名册', '标准']);
    expect(tables[0]?.table).toMatchObject({ format: 'xlsx', encoding: null, delimiter: null });

    const roster = tables[0]?.records ?? [];
    expect(roster.map((r) => r.rowNo)).toEqual([1, 2, 3, 4, 6, 7, 8]); // row 5 is blank
    expect(roster).toEqual([
      { rowNo: 1, cells: ['重庆市万州区2026年11月城乡低保发放名册'] }, // merged A1:L1, value in A1 only
      {
        rowNo: 2,
        cells: ['序号', '乡镇(街道)', '村(社区)', '姓名', '身份证号码', '救助类别', '保障人数', '核定金额(元)', '银行账号', '发放日期', '备注', '保障标准'],
      },
      {
        rowNo: 3,
        // formula → cached 1070; ID and account stored as text stay strings; hyperlink → its text
        cells: [1, '龙都街道', '石峰村', '陈光荣', '500101195803154314', '农村低保', 2, 1070, '6217995550001234567', utcDay(2026, 11, 15), '查看审批表', 535],
      },
      {
        rowNo: 4,
        // rich text → plain text; built-in Chinese date format 31 → Date; "=SUM(…)" typed as text stays text
        cells: [2, '高笋塘街道', '白岩社区', '刘玉兰', '500101196408221622', '城市低保', 1, 725, '6217995550001234575', utcDay(2026, 11, 16), '=SUM(H3:H4)', 725],
      },
      {
        rowNo: 6,
        // ID stored as a number keeps its lost precision; formula date → Date; error cells → error text
        cells: [3, '太白街道', '太白岩社区', '王淑芬', 500101196205127000, '特困供养', 1, 610, '6217995550001234583', utcDay(2026, 11, 15), '#REF!', '#N/A'],
      },
      { rowNo: 7, cells: [4, '牌楼街道', '长岭社区', '赵德华', '500101194711032139', '农村低保', 3, 1455, '6217995550001234591', null, '-'] },
      { rowNo: 8, cells: ['合计', null, null, null, null, null, 7, 3860] },
    ]);
    expect(tables[1]?.records).toEqual([
      { rowNo: 1, cells: ['救助类别', '保障标准'] },
      { rowNo: 2, cells: ['农村低保', 535] },
      { rowNo: 3, cells: ['城市低保', 725] },
    ]);
  });

  it('gives dates as UTC midnight', async () => {
    const [first] = await allTables(scenario('roster-with-title-merged-cells-total-row.xlsx'));
    const date = first?.records[2]?.cells[9];
    expect(date).toBeInstanceOf(Date);
    expect((date as Date).toISOString()).toBe('2026-11-15T00:00:00.000Z');
  });
});

describe('readXlsx: a workbook whose data is on the second sheet', () => {
  it('yields the 说明 sheet first, then the data sheet', async () => {
    const tables = await allTables(scenario('workbook-data-on-second-sheet.xlsx'));
    expect(tables.map((t) => t.table.sheetName)).toEqual(['说明', '发放明细']);
    expect(tables[0]?.records[0]).toEqual({ rowNo: 1, cells: ['填表说明'] });
    expect(tables[1]?.records).toEqual([
      { rowNo: 1, cells: ['姓名', '身份证号码', '银行账号', '金额', '状态'] },
      { rowNo: 2, cells: ['陈光荣', '500101195803154314', '6217995550001234567', 1070, '成功'] },
      { rowNo: 3, cells: ['刘玉兰', '500101196408221622', '6217995550001234575', 725, '失败'] },
    ]);
  });

  it('lets the caller stop reading a sheet early and move on', async () => {
    const seen: string[] = [];
    for await (const table of readXlsx(scenario('workbook-data-on-second-sheet.xlsx'))) {
      for await (const record of table.records) {
        seen.push(`${table.sheetName}:${record.rowNo}:${String(record.cells[0])}`);
        break;
      }
    }
    expect(seen).toEqual(['说明:1:填表说明', '发放明细:1:姓名']);
  });

  it('lets the caller stop after the first sheet', async () => {
    const names: (string | null)[] = [];
    for await (const table of readXlsx(scenario('workbook-data-on-second-sheet.xlsx'))) {
      names.push(table.sheetName);
      break;
    }
    expect(names).toEqual(['说明']);
  });

  it('refuses to read a sheet that was passed (streams go forward only)', async () => {
    const tables: SourceTable[] = [];
    for await (const table of readXlsx(scenario('workbook-data-on-second-sheet.xlsx'))) tables.push(table);
    expect(() => tables[0]?.records[Symbol.asyncIterator]()).toThrow(/forward only/);
  });
});

describe('readXlsx: the parts of the archive in any order (exceljs #3064)', () => {
  /** An exceljs workbook re-zipped with its parts in `order` (names matched by prefix), the rest after them. */
  async function reordered(order: string[]): Promise<string> {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('说明').addRow(['填表说明']);
    const ws = wb.addWorksheet('发放明细');
    ws.addRow(['姓名', '身份证号码', '金额']);
    ws.addRow(['陈光荣', '500101195803154314', 1070]);
    const source = await JSZip.loadAsync(await wb.xlsx.writeBuffer());
    const names = Object.keys(source.files).filter((n) => !source.files[n]!.dir);
    const ranked = (n: string) => {
      const i = order.findIndex((prefix) => n.startsWith(prefix));
      return i < 0 ? order.length : i;
    };
    const out = new JSZip();
    for (const n of [...names].sort((a, b) => ranked(a) - ranked(b))) out.file(n, await source.file(n)!.async('uint8array'));
    return tempFile('reordered.xlsx', await out.generateAsync({ type: 'uint8array', compression: 'DEFLATE' }));
  }

  it('reads the sheets by their names when xl/workbook.xml comes after them (the part that names the sheets)', async () => {
    // The shared strings and the relations first, the sheets, then the workbook part: a valid archive, on which
    // exceljs's one streaming pass read each sheet before the workbook and failed ("reading 'sheets'").
    const path = await reordered(['xl/sharedStrings.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/worksheets/', 'xl/workbook.xml']);
    const tables = await allTables(path);
    expect(tables.map((t) => t.table.sheetName)).toEqual(['说明', '发放明细']);
    expect(tables[1]!.records).toEqual([
      { rowNo: 1, cells: ['姓名', '身份证号码', '金额'] },
      { rowNo: 2, cells: ['陈光荣', '500101195803154314', 1070] },
    ]);
  });

  it('reads a workbook as exceljs writes it (workbook part last) the same every time', async () => {
    const path = await reordered([]);
    const read = async () => (await allTables(path)).map((t) => ({ sheet: t.table.sheetName, records: t.records }));
    const first = await read();
    expect(first.map((t) => t.sheet)).toEqual(['说明', '发放明细']);
    expect(first[1]!.records).toHaveLength(2);
    // The race lost about 1 read in 200 here; 100 reads in a row, each the same.
    for (let i = 0; i < 100; i++) expect(await read()).toEqual(first);
  });
});

describe('readXlsx: Chinese text in a large workbook', () => {
  it('never splits a character at a chunk boundary (exceljs #2063)', async () => {
    const surnames = '陈刘王赵李张杨黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐';
    const names = Array.from({ length: 6000 }, (_, i) => `${surnames[i % surnames.length]}${'德秀淑光玉'[i % 5]}${i}号`);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名册');
    ws.addRow(['姓名', '村(社区)']);
    // Formula results with text are stored in the sheet XML itself, plain strings in sharedStrings.xml.
    names.forEach((name, i) => ws.addRow([name, { formula: `"重庆市万州区龙都街道"&A${i + 2}`, result: `重庆市万州区龙都街道${name}` }]));
    const path = tempFile('large-chinese.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));

    const [table] = await allTables(path);
    const records = table?.records ?? [];
    expect(records).toHaveLength(6001);
    const bad = records.filter((r, i) => i > 0 && (r.cells[0] !== names[i - 1] || r.cells[1] !== `重庆市万州区龙都街道${names[i - 1]}`));
    expect(bad).toEqual([]);
  });
});

describe('xlsx cell helpers', () => {
  it('converts serials like Excel (1900 and 1904 systems)', () => {
    expect(excelSerialToDate(46341, false).toISOString()).toBe('2026-11-15T00:00:00.000Z');
    expect(excelSerialToDate(46341.5, false).toISOString()).toBe('2026-11-15T12:00:00.000Z');
    expect(excelSerialToDate(44879, true).toISOString()).toBe('2026-11-15T00:00:00.000Z');
  });

  it('tells date formats from number formats', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormat('0.00')).toBe(false);
    expect(isDateFormat('#,##0.00"元"')).toBe(false);
    expect(isDateFormat('[Red]0.00')).toBe(false);
    expect(isDateFormat(undefined)).toBe(false);
  });
});
