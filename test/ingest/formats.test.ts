import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { FORMATS, ingest, memoryDb } from './helpers.ts';

let db: Db;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(async () => {
  await db.close();
});

describe('file formats, end to end into the database', () => {
  it('reads an XLSX roster with a merged title row, blank rows, formulas, a date serial, an ID stored as a number and a 合计 row', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'roster-with-title-merged-cells-total-row.xlsx') });
    expect(r.status).toBe('ingested');
    expect([r.kind, r.format, r.sheetName]).toEqual(['roster', 'xlsx', '低保名册']);
    expect(r.defaults).toEqual({ period: '2026-11', district: '万州区', program: 'dibao' });
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([4, 4, 0]);
    expect(r.control).toEqual({ count: null, totalFen: 386000, rowNo: 8 });
    const rows = await db.kysely.selectFrom('rosterEntries').select(['rowNo', 'name', 'idNumber', 'idValid', 'program', 'householdSize', 'approvedFen', 'accountNo']).orderBy('rowNo').execute();
    expect(rows.map((x) => [x.rowNo, x.name, x.idValid, x.program, x.householdSize, x.approvedFen, x.accountNo])).toEqual([
      [3, '陈光荣', 1, 'dibao', 2, 107000, '6217995550001234567'],
      [4, '刘玉兰', 1, 'dibao', 1, 72500, '6217995550001234575'],
      [6, '王淑芬', 2, 'tekun', 1, 61000, '6217995550001234583'],
      [7, '赵德华', 1, 'dibao', 3, 145500, '6217995550001234591'],
    ]);
    // Excel kept only 15 significant digits: every digit the cell holds is kept (the exact integer, as text),
    // marked as stored as a number (idValid 2) and flagged, never repaired.
    expect(rows[2]!.idNumber).toMatch(/^500101\d{12}$/);
    expect(BigInt(rows[2]!.idNumber)).toBe(BigInt(Number(rows[2]!.idNumber)));
  });

  it('finds the data on a later sheet', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'workbook-data-on-second-sheet.xlsx'), period: '2026-11' });
    expect([r.kind, r.sheetName, r.rowsAccepted]).toEqual(['bank', '发放明细', 2]);
    const rows = await db.kysely.selectFrom('payments').select(['accountHolder', 'amountFen', 'status']).orderBy('rowNo').execute();
    expect(rows).toEqual([
      { accountHolder: '陈光荣', amountFen: 107000, status: 'paid' },
      { accountHolder: '刘玉兰', amountFen: 72500, status: 'failed' },
    ]);
  });

  it('reads GBK tab-separated text named .xls by its content, with title row and 合计 row', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'gbk-bank-file-tab-delimited-named-xls.xls') });
    expect(r.status).toBe('ingested');
    expect([r.kind, r.format, r.encoding]).toEqual(['bank', 'csv', 'gb18030']);
    expect(r.defaults).toEqual({ period: '2026-11', district: '万州区', program: 'dibao' });
    expect(r.control).toEqual({ count: 3, totalFen: 213500, rowNo: 6 });
    const rows = await db.kysely.selectFrom('payments').select(['rowNo', 'accountHolder', 'amountFen', 'status', 'failReason', 'period', 'district', 'program']).orderBy('rowNo').execute();
    expect(rows.map((x) => [x.rowNo, x.accountHolder, x.amountFen, x.status, x.failReason, x.period, x.district, x.program])).toEqual([
      [3, '陈光荣', 107000, 'paid', null, '2026-11', '万州区', 'dibao'],
      [4, '刘堃', 45500, 'failed', '户名不符', '2026-11', '万州区', 'dibao'],
      [5, '王淑芬', 61000, 'paid', null, '2026-11', '万州区', 'dibao'],
    ]);
  });

  it('keeps rare GB18030 characters such as 䶮 and 𠮷', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'gb18030-rare-char-yan.csv'), period: '2026-11' });
    expect(r.encoding).toBe('gb18030');
    const names = await db.kysely.selectFrom('payments').select('accountHolder').orderBy('rowNo').execute();
    expect(names.map((n) => n.accountHolder)).toEqual(['李䶮', '陈𠮷']);
  });

  it('keeps formula-looking cells as text and leading zeros of account numbers', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'utf8-bom-roster-comma.csv'), period: '2026-11' });
    expect([r.encoding, r.rowsAccepted]).toEqual(['utf-8-bom', 4]);
    const rows = await db.kysely.selectFrom('rosterEntries').select(['name', 'accountNo', 'program']).orderBy('rowNo').execute();
    expect(rows[1]).toEqual({ name: '刘玉兰', accountNo: '0062179955500012345', program: 'dibao' });
  });

  it('refuses a legacy .xls workbook, saying how to convert it', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'legacy-biff.xls') });
    expect(r.status).toBe('refused');
    expect(r.refusal?.code).toBe('legacy-xls');
    expect(r.refusal?.zh).toContain('libreoffice --headless --convert-to xlsx');
  });

  it('refuses an unclosed quote, naming the line where it opened', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'unclosed-quote.csv') });
    expect(r.refusal?.code).toBe('unclosed-quote');
    expect(r.refusal?.zh).toContain('第 3 行');
    expect(await db.kysely.selectFrom('payments').selectAll().execute()).toEqual([]);
  });

  it('refuses a UTF-8 file with a GBK row pasted in, naming the first bad line', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'utf8-with-gbk-row-pasted.csv'), period: '2026-11' });
    expect(r.refusal?.code).toBe('invalid-utf8');
    expect(r.refusal?.zh).toContain('第 5 行');
    expect(await db.kysely.selectFrom('sourceFiles').selectAll().execute()).toEqual([]);
  });

  it('refuses an empty file', async () => {
    const r = await ingest(db, { path: join(FORMATS, 'empty.csv') });
    expect(r.refusal).toMatchObject({ code: 'no-data', zh: '文件被拒收：没有数据行。' });
  });
});
