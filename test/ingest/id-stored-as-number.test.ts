/**
 * An ID column that Excel stored as numbers (a district clerk forgot to format it as text): the cell keeps
 * 15 significant digits, e.g. 500102199009259000. Every digit the cell holds is kept, as text; each such ID
 * is flagged invalid-id saying it was stored as a number; three different people never become one subject
 * (no false duplicate-roster-id).
 */
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import { listFindings } from '../../src/findings/index.ts';
import { ingest, memoryDb, tempDir } from './helpers.ts';

async function rosterWithNumericIds(path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sheet1');
  ws.addRow(['涪陵区2026年11月城乡低保发放名册']);
  ws.mergeCells('A1:F1');
  ws.addRow(['序号', '姓名', '身份证号码', '救助类别', '核定金额', '银行账号']);
  // What Excel keeps of 500102199009251234, 500102199009252345 and 500102199009253456 typed into a number cell.
  ws.addRow([1, '刘德明', 500102199009251000, '城市低保', 770, '6217995550001234567']);
  ws.addRow([2, '刘德华', 500102199009252000, '城市低保', 770, '6217995550001234575']);
  ws.addRow([3, '刘德福', 500102199009253000, '农村低保', 630, '6217995550001234583']);
  ws.addRow(['合计', '', '', '', 2170, '']);
  await wb.xlsx.writeFile(path);
}

describe('an ID number stored as a number in an XLSX roster', () => {
  it('keeps the exact integer of each cell, flags it as stored as a number, and never merges three people into one', async () => {
    const dir = tempDir('relief-recon-idnum-');
    const path = join(dir, '涪陵区_202611_低保名册.xlsx');
    await rosterWithNumericIds(path);
    const db = await memoryDb();
    const receipt = await ingest(db, { path, kind: 'roster', period: '2026-11', district: '涪陵区' });
    expect(receipt.rowsAccepted).toBe(3);
    const ids = (await db.kysely.selectFrom('rosterEntries').select(['idNumber', 'idValid']).orderBy('rowNo').execute()).map((r) => [r.idNumber, r.idValid]);
    expect(ids).toEqual([
      [BigInt(500102199009251000).toString(), 2],
      [BigInt(500102199009252000).toString(), 2],
      [BigInt(500102199009253000).toString(), 2],
    ]);
    expect(new Set(ids.map(([id]) => id)).size).toBe(3);
    expect(ids[0]![0]).toMatch(/^\d{18}$/);

    await checkNow(db, { rules: {} }, { trigger: 'manual', periods: ['2026-11'] });
    const found = await listFindings(db);
    expect(found.filter((f) => f.rule === 'duplicate-roster-id')).toEqual([]);
    const invalid = found.filter((f) => f.rule === 'invalid-id');
    expect(invalid.map((f) => f.subject.idNumber).sort()).toEqual(ids.map(([id]) => id).sort());
    for (const f of invalid) {
      expect(f.message).toBe('身份证号被 Excel 以数字形式存储（只保留 15 位有效数字），末几位已丢失，请在原表中把该列设为文本后重新录入，共出现在 1 行数据中（名册 1 行）');
    }
    await db.close();
  });
});
