/**
 * 资金测算 against a hand-worked example: 万州区 低保 had 2, 3 and 4 recipients in 2026-09/10/11 with monthly totals
 * 1,000.00, 1,200.00 and 1,400.00 yuan; 特困 one recipient of 600.00 in 2026-11 only; the standards table gives 低保
 * 800.00 (城市) and 650.00 (农村).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { openDatabase, type Db } from '../../src/db/index.ts';
import { estimate } from '../../src/funds/index.ts';
import { ingest, tempDir } from '../ingest/helpers.ts';

const IDS = ['500101195003150016', '500101194805200025', '50010119551108035X', '500101196201010043'];

async function history(dir: string, db: Db): Promise<void> {
  const roster = (period: string, people: number, yuan: string, program = '低保') => {
    const path = join(dir, `万州区${program}名册_${period}.csv`);
    writeFileSync(path, ['发放月份,区县,姓名,身份证号码,救助类别,核定金额', ...IDS.slice(0, people).map((id, i) => `${period},万州区,人${i},${id},${program},${yuan}`)].join('\n') + '\n');
    return path;
  };
  await ingest(db, { path: roster('2026-09', 2, '500') });
  await ingest(db, { path: roster('2026-10', 3, '400') });
  await ingest(db, { path: roster('2026-11', 4, '350') });
  await ingest(db, { path: roster('2026-11', 1, '600', '特困') });
  const standards = join(dir, '保障标准.csv');
  writeFileSync(standards, '执行日期,救助类别,区域,保障标准\n2025-07-01,低保,城市,800\n2025-07-01,低保,农村,650\n2024-07-01,低保,城市,700\n');
  await ingest(db, { path: standards });
}

describe('estimate', () => {
  it('by standard: 4 × 800.00 × 12 = 38,400.00; by trend: 12 × 1,000.00 + 200.00 × (4 + … + 15) = 34,800.00', async () => {
    const dir = tempDir('estimate-');
    const db = await openDatabase(':memory:');
    await history(dir, db);
    const est = await estimate(db.kysely, 2027);
    expect([est.firstPeriod, est.lastPeriod]).toEqual(['2026-09', '2026-11']);
    const dibao = est.lines.find((l) => l.program === 'dibao')!;
    expect(dibao.months.map((m) => [m.period, m.recipients, m.totalFen, m.averageFen])).toEqual([
      ['2026-09', 2, 100_000, 50_000], ['2026-10', 3, 120_000, 40_000], ['2026-11', 4, 140_000, 35_000],
    ]);
    // Least squares through (0, 1000), (1, 1200), (2, 1400): slope 200.00 a month, intercept 1,000.00; 2027-01 is t = 4.
    expect([dibao.slopeFen, dibao.interceptFen, dibao.tFrom, dibao.tTo]).toEqual([20_000, 100_000, 4, 15]);
    expect(dibao.byTrendFen).toBe(3_480_000);
    // The newest standard (2025-07-01), of its two areas the higher (城市 800.00).
    expect([dibao.standardFen, dibao.byStandardFen]).toEqual([80_000, 3_840_000]);
    // One month of 特困: a flat trend (12 × 600.00); no 特困 standard, so no standard-based figure.
    const tekun = est.lines.find((l) => l.program === 'tekun')!;
    expect([tekun.slopeFen, tekun.byTrendFen, tekun.standardFen, tekun.byStandardFen]).toEqual([0, 720_000, null, null]);
    await db.close();
  });

  it('relief-recon estimate --year 2027 writes the working as Excel; a year with no history is refused', async () => {
    const dir = tempDir('estimate-');
    const dbFile = join(dir, 'r.db');
    const db = await openDatabase(dbFile);
    await history(dir, db);
    await db.close();
    const config = join(dir, 'relief-recon.yaml');
    writeFileSync(config, `database: r.db\n`);
    const out: string[] = [];
    const err: string[] = [];
    const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l), isTty: false };
    const file = join(dir, 'e.xlsx');
    expect(await main(['estimate', '--config', config, '--year', '2027', '--out', file], io)).toBe(0);
    expect(out[0]).toBe(`2027 年测算（依据 2026-09 至 2026-11 的名册，2 项）：按标准 38,400.00 元，按趋势 42,000.00 元。已写入 ${file}`);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file);
    const ws = wb.getWorksheet('测算汇总')!;
    expect((ws.getRow(4).values as unknown[]).slice(1)).toEqual(['万州区', '低保', 3, '2026-11', 4, 350, 200, 800, '2025-07-01 起执行，城市，多个区域取最高', 38_400, 34_800]);
    expect(ws.getRow(6).getCell(11).value).toBe(42_000);
    expect(wb.getWorksheet('月度明细')!.rowCount).toBe(5);
    expect(await main(['estimate', '--config', config, '--year', '2026', '--out', file], io)).toBe(2);
    expect(err.at(-1)).toBe('错误：2026 年以前没有审批名册，无法测算');
  });
});
