/**
 * The batch table's paid side: for each (period, district, program) the paid count and total of the reconciled
 * payments, and the bank files behind them. SQLite adds each payment to its group in a small keyed table (an
 * upsert) instead of sorting the month on four keys; PostgreSQL groups by hashing. Held here to what the
 * reconciled payments themselves add up to, and to the figures worked out by hand: two months, two GBK bank files
 * with a summary line, a failed payment and a 退票 after 成功, a batch whose every payment failed (still listed, with
 * nothing paid), and a payment of nobody's approval in a file naming no district (未知).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import type { Db } from '../../src/db/index.ts';
import { batchTable } from '../../src/reconcile/index.ts';
import { ingest, memoryDb, tempDir } from '../ingest/helpers.ts';

const A = '500101198001010031';
const B = '500101198502020047';
const C = '500101199003030012';
const D = '500103197705050024';
const E = '110101199003074477'; // on no roster

function gbkCsv(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, iconv.encode([...lines, ''].join('\r\n'), 'gb18030'));
  return path;
}

async function site(): Promise<Db> {
  const dir = tempDir('relief-recon-batch-paid-');
  const db = await memoryDb();
  const rosterHead = '姓名,身份证号码,区县,救助类别,核定金额,银行账号';
  for (const [period, month] of [['2026-10', '202610'], ['2026-11', '202611']] as const) {
    const roster = gbkCsv(dir, `${month}_汇总名册.csv`, [
      rosterHead,
      // The two months' files must differ (the same bytes again are refused as a file already stored).
      ...(period === '2026-10'
        ? [`王大明,${A},万州区,低保,770.00,6217000000000011`, `李小红,${B},万州区,低保,630.00,6217000000000029`]
        : [`李小红,${B},万州区,低保,630.00,6217000000000029`, `王大明,${A},万州区,低保,770.00,6217000000000011`]),
      `张三,${C},万州区,特困供养,1200.00,6217000000000037`,
      `赵四,${D},渝中区,低保,480.25,6217000000000045`,
    ]);
    expect((await ingest(db, { path: roster, kind: 'roster', period })).rowsAccepted).toBe(4);
  }
  const bankHead = '批次号,账号,户名,证件号码,金额,手续费,用途,交易日期,状态';
  // October: one file of the whole month; 张三's 特困 payment failed, 赵四 was paid, then returned (退票).
  const october = gbkCsv(dir, '农商行回盘_202610.csv', [
    bankHead,
    `P202610001,6217000000000011,王大明,${A},770.00,0.00,低保金,2026-10-15,成功`,
    `P202610001,6217000000000029,李小红,${B},630.00,0.00,低保金,2026-10-15,成功`,
    `P202610002,6217000000000037,张三,${C},1200.00,0.00,特困供养金,2026-10-15,失败`,
    `P202610003,6217000000000045,赵四,${D},480.25,0.00,低保金,2026-10-15,成功`,
    `P202610003,6217000000000045,赵四,${D},480.25,0.00,低保金,2026-10-18,退票`,
    '合计,,,,3560.50,0.00,,,',
  ]);
  expect((await ingest(db, { path: october, kind: 'bank', period: '2026-10' })).rowsAccepted).toBe(5);
  // November: two files; the second pays 张三 and a person on no roster (未知 batch: the file names no district).
  const novemberA = gbkCsv(dir, '农商行回盘_202611_一.csv', [
    bankHead,
    `P202611001,6217000000000011,王大明,${A},770.00,0.00,低保金,2026-11-15,成功`,
    `P202611001,6217000000000029,李小红,${B},600.00,0.00,低保金,2026-11-15,成功`,
    `P202611003,6217000000000045,赵四,${D},480.25,0.00,低保金,2026-11-15,成功`,
  ]);
  const novemberB = gbkCsv(dir, '农商行回盘_202611_二.csv', [
    bankHead,
    `P202611002,6217000000000037,张三,${C},1200.00,0.00,特困供养金,2026-11-16,成功`,
    `P202611009,6217000000000099,周七,${E},300.00,0.00,低保金,2026-11-16,成功`,
  ]);
  expect((await ingest(db, { path: novemberA, kind: 'bank', period: '2026-11' })).rowsAccepted).toBe(3);
  expect((await ingest(db, { path: novemberB, kind: 'bank', period: '2026-11' })).rowsAccepted).toBe(2);
  await checkNow(db, { rules: {} }, { trigger: 'manual' });
  return db;
}

/** The paid side as the reconciled payments add up, grouped here in JavaScript. */
async function fromPayments(db: Db) {
  const rows = await db.kysely.selectFrom('reconPayments').select(['period', 'district', 'program', 'status', 'amountFen', 'fileId']).execute();
  const groups = new Map<string, { period: string; district: string; program: string; paidCount: number; paidFen: number; files: Set<number> }>();
  for (const r of rows) {
    const key = `${r.period}|${r.district}|${r.program}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { period: r.period, district: r.district, program: r.program, paidCount: 0, paidFen: 0, files: new Set() }));
    g.files.add(r.fileId);
    if (r.status === 'paid') {
      g.paidCount++;
      g.paidFen += Number(r.amountFen);
    }
  }
  return [...groups.values()].map(({ files, ...g }) => ({ ...g, paymentFileIds: [...files].sort((a, b) => a - b) }));
}

describe('the batch table, paid side', () => {
  it('sums each batch as its reconciled payments add up, failed payments counted nowhere but their files listed', async () => {
    const db = await site();
    const table = await batchTable(db.kysely, ['2026-10', '2026-11']);
    const paid = table.map(({ period, district, program, paidCount, paidFen, paymentFileIds }) => ({ period, district, program, paidCount, paidFen, paymentFileIds }));
    const key = (r: { period: string; district: string; program: string }) => `${r.period}|${r.district}|${r.program}`;
    const expected = (await fromPayments(db)).sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(paid.filter((r) => r.paymentFileIds.length > 0)).toEqual(expected);

    const files = await db.kysely.selectFrom('sourceFiles').select(['id', 'fileName']).where('kind', '=', 'bank').orderBy('id').execute();
    const [oct, novA, novB] = files.map((f) => f.id);
    const figures = table.map((r) => [r.period, r.district, r.program, r.approvedCount, r.approvedFen, r.paidCount, r.paidFen, r.paymentFileIds]);
    expect(figures).toEqual([
      ['2026-10', '万州区', 'dibao', 2, 140000, 2, 140000, [oct]],
      // Every payment of the batch failed: listed, nothing paid.
      ['2026-10', '万州区', 'tekun', 1, 120000, 0, 0, [oct]],
      // Paid, then returned: the latest status counts.
      ['2026-10', '渝中区', 'dibao', 1, 48025, 0, 0, [oct]],
      ['2026-11', '万州区', 'dibao', 2, 140000, 2, 137000, [novA]],
      ['2026-11', '万州区', 'tekun', 1, 120000, 1, 120000, [novB]],
      // In the table's order (UTF-16 code units: 万 < 未 < 渝).
      ['2026-11', '未知', '未知', 0, 0, 1, 30000, [novB]],
      ['2026-11', '渝中区', 'dibao', 1, 48025, 1, 48025, [novA]],
    ]);
    await db.close();
  });

  it('gives the same table when the month is reconciled again (nothing of the previous sums is left over)', async () => {
    const db = await site();
    const before = await batchTable(db.kysely, ['2026-10', '2026-11']);
    await checkNow(db, { rules: {} }, { trigger: 'manual', periods: ['2026-11'] });
    await checkNow(db, { rules: {} }, { trigger: 'manual' });
    expect(await batchTable(db.kysely, ['2026-10', '2026-11'])).toEqual(before);
    await db.close();
  });
});
