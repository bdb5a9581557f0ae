import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { loadConfig } from '../../src/config.ts';
import { ROWS, ingest, memoryDb, reasonsOf } from './helpers.ts';

let db: Db;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(async () => {
  await db.close();
});

const payments = (fileId: number) =>
  db.kysely.selectFrom('payments').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();

describe('bank files', () => {
  it('reads a GBK bank file with a summary first line, and records its control figures', async () => {
    const r = await ingest(db, { path: join(ROWS, 'gbk-bank-file-with-summary-first-line.csv') });
    expect(r.status).toBe('ingested');
    expect(r.kind).toBe('bank');
    expect(r.encoding).toBe('gb18030');
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([3, 3, 0]);
    expect(r.totalFen).toBe(240100);
    expect(r.control).toEqual({ count: 3, totalFen: 240100, rowNo: 1 });
    const rows = await payments(r.fileId!);
    expect(rows.map((p) => [p.rowNo, p.accountHolder, p.idNumber, p.amountFen, p.feeFen, p.status, p.period, p.paidOn, p.batchNo, p.serialNo])).toEqual([
      [3, '张明华', '500101195003150016', 77000, 0, 'paid', '2026-11', '2026-11-25', 'WZ202611DB01', 'SN0001'],
      [4, '李秀英', '500101194805200025', 63000, 0, 'paid', '2026-11', '2026-11-25', 'WZ202611DB01', 'SN0002'],
      [5, '王建国', '50010119551108035X', 100100, 0, 'paid', '2026-11', '2026-11-25', 'WZ202611DB01', 'SN0003'],
    ]);
    const file = await db.kysely.selectFrom('sourceFiles').selectAll().where('id', '=', r.fileId!).executeTakeFirstOrThrow();
    expect([file.controlCount, file.controlTotalFen, file.controlRowNo, file.headerRowNo, file.batchKey]).toEqual([3, 240100, 1, 2, 'batch:WZ202611DB01']);
  });

  it('rejects each unusable row with every reason and its row number, and keeps the usable ones', async () => {
    const r = await ingest(db, { path: join(ROWS, 'bank-rows-with-every-kind-of-bad-value.csv') });
    expect(r.status).toBe('ingested');
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([9, 3, 6]);
    expect(reasonsOf(r)).toEqual({
      2: ['金额 "12.345" 不是有效金额（最多两位小数）'],
      3: ['金额 "-630.00" 为负数（冲正、退款不在本系统处理范围内）'],
      4: ['缺少银行账号和身份证号码：无法确定收款人'],
      5: ['状态 "已受理" 不是已知的交易状态（成功、失败、退票、处理中）'],
      6: ['状态为空：无法判断是否发放成功'],
      7: ['金额 "abc" 不是有效金额'],
    });
    const stored = await db.kysely.selectFrom('rejectedRows').selectAll().where('fileId', '=', r.fileId!).orderBy('rowNo').execute();
    expect(stored.map((s) => s.rowNo)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(JSON.parse(stored[0]!.cellsJson)).toEqual(['B1', '张明华', '500101195003150016', '6228480012345678901', '12.345', '0.00', '低保金', '2026-11-25', '成功']);
    expect(JSON.parse(stored[0]!.reasonsJson)[0]).toMatchObject({ field: 'amount', code: 'money-too-many-decimals' });
    const rows = await payments(r.fileId!);
    expect(rows.map((p) => [p.rowNo, p.idNumber, p.idValid, p.amountFen, p.feeFen, p.label, p.paidOn, p.status])).toEqual([
      [8, '500101195003150013', 0, 77000, 0, '低保金', '2026-11-25', 'paid'],
      [9, '50010119551108035X', 1, 123450, 150, '低保金', '2026-11-05', 'paid'],
      [10, '500101194805200025', 1, 77000, 0, '生活补贴', '2026-11-25', 'failed'],
    ]);
  });

  it('reads a pipe-delimited file and takes its trailing count|amount line as the control total', async () => {
    const r = await ingest(db, { path: join(ROWS, 'bank-pipe-delimited-with-trailing-summary-line.txt') });
    expect(r.status).toBe('ingested');
    expect([r.rowsRead, r.rowsAccepted]).toEqual([2, 2]);
    expect(r.control).toEqual({ count: 2, totalFen: 140000, rowNo: 4 });
    const rows = await payments(r.fileId!);
    expect(rows.map((p) => [p.status, p.feeFen, p.failReason, p.label])).toEqual([
      ['paid', 0, null, '低保金'],
      ['failed', 200, '户名不符', '低保金'],
    ]);
  });

  it('reads a header-less GBK file through the bank profile of the default config', async () => {
    const profile = loadConfig().bankProfiles['cq-rcb']!;
    const r = await ingest(db, { path: join(ROWS, 'bank-headerless-profile-cq-rcb.txt'), profile, district: '万州区', program: 'dibao' });
    expect(r.status).toBe('ingested');
    expect(r.encoding).toBe('gb18030');
    expect(r.control).toEqual({ count: 3, totalFen: 240100, rowNo: 1 });
    const rows = await payments(r.fileId!);
    expect(rows.map((p) => [p.rowNo, p.serialNo, p.accountNo, p.accountHolder, p.amountFen, p.status, p.failReason, p.district, p.program, p.period])).toEqual([
      [2, 'CQRCB0001', '6230590012345678901', '张明华', 77000, 'paid', null, '万州区', 'dibao', '2026-11'],
      [3, 'CQRCB0002', '6230590012345678902', '李秀英', 63000, 'failed', '账户冻结', '万州区', 'dibao', '2026-11'],
      [4, 'CQRCB0003', '6230590012345678903', '王建国', 100100, 'returned', '已销户', '万州区', 'dibao', '2026-11'],
    ]);
  });

  it('lets a re-sent file for the same batch supersede the first, while a returns notice supersedes nothing', async () => {
    const first = await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-first-send.csv') });
    const returns = await ingest(db, { path: join(ROWS, 'bank-returns-notice-for-wanzhou-dibao.csv') });
    expect(returns.supersedes).toEqual([]);
    const resent = await ingest(db, { path: join(ROWS, 'bank-batch-wanzhou-dibao-resent-corrected.csv') });
    expect(resent.supersedes.map((s) => s.fileName)).toEqual(['bank-batch-wanzhou-dibao-first-send.csv']);
    const files = await db.kysely.selectFrom('sourceFiles').select(['id', 'batchKey', 'supersededBy']).orderBy('id').execute();
    expect(files).toEqual([
      { id: first.fileId, batchKey: '2026-11|万州区|dibao', supersededBy: resent.fileId },
      { id: returns.fileId, batchKey: 'returns:2026-11|万州区|dibao', supersededBy: null },
      { id: resent.fileId, batchKey: '2026-11|万州区|dibao', supersededBy: null },
    ]);
    // Both files stay stored: nothing is deleted.
    const count = await db.kysely.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(2 + 1 + 3);
  });

  it('gives a paid row after a failed one the same payment key (a re-payment), and a second paid row its own (a duplicate)', async () => {
    const { writeFileSync } = await import('node:fs');
    const { tempDir } = await import('./helpers.ts');
    const path = join(tempDir(), 'bank-failed-then-repaid-and-paid-twice.csv');
    writeFileSync(
      path,
      [
        '发放月份,区县,救助类别,户名,身份证号码,银行账号,金额,状态',
        '2026-11,万州区,低保,张明华,500101195003150016,6228480012345678901,770.00,失败',
        '2026-11,万州区,低保,张明华,500101195003150016,6228480012345678901,770.00,成功',
        '2026-11,万州区,低保,李秀英,500101194805200025,6228480012345678902,630.00,成功',
        '2026-11,万州区,低保,李秀英,500101194805200025,6228480012345678902,630.00,成功',
      ].join('\n'),
    );
    const r = await ingest(db, { path });
    const keys = (await payments(r.fileId!)).map((p) => p.paymentKey);
    expect(keys).toEqual([
      '2026-11|500101195003150016|6228480012345678901|77000',
      '2026-11|500101195003150016|6228480012345678901|77000',
      '2026-11|500101194805200025|6228480012345678902|63000',
      '2026-11|500101194805200025|6228480012345678902|63000#2',
    ]);
  });
});
