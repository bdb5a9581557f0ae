import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { ingest, memoryDb, reasonsOf, tempDir } from './helpers.ts';

const FUNDS = join(import.meta.dirname, '../../fixtures/scenarios/funds');

let db: Db;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(async () => {
  await db.close();
});

const allocations = (fileId: number) => db.kysely.selectFrom('allocations').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();
const pettyCash = (fileId: number) => db.kysely.selectFrom('pettyCash').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();

describe('资金下达 (allocations)', () => {
  it('reads a GBK finance-bureau export with a title row and a 合计 row; every bad row rejected with its reason', async () => {
    const r = await ingest(db, { path: join(FUNDS, 'allocations-wanzhou-2026-gbk-title-and-total.csv') });
    expect([r.status, r.kind, r.encoding]).toEqual(['ingested', 'allocation', 'gb18030']);
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([8, 4, 4]);
    // 1,200,000 + 300,000 + 50,000 + 80,000 yuan accepted; the file's 合计 also counts the rejected 1,000.
    expect(r.totalFen).toBe(163_000_000);
    expect(r.control).toEqual({ count: null, totalFen: 163_100_000, rowNo: 11 });
    expect(r.defaults?.district).toBe('万州区'); // from the title row: row 5 has no 区县 cell
    expect(reasonsOf(r)).toEqual({
      7: ['缺少文号：没有文号无法追溯这笔资金'],
      8: ['下达日期 "2026-13-01" 不是有效日期'],
      9: [
        '资金来源 "省级" 不是已知的资金来源（中央、市级、区县本级）',
        '救助类别 "困难群众救助补助资金" 不是已知的救助类别（低保、特困、临时救助、临时救助备用金）；合并下达的资金请按类别分行填写',
        '金额（元） "-5" 为负数（冲正、退款不在本系统处理范围内）',
      ],
      10: ['救助类别 "低保备用金" 不是已知的救助类别（低保、特困、临时救助、临时救助备用金）；合并下达的资金请按类别分行填写'],
    });
    const rows = await allocations(r.fileId!);
    expect(rows.map((x) => [x.rowNo, x.docNo, x.allocatedOn, x.source, x.district, x.districtCode, x.program, x.fund, x.recipient, x.recipientLevel, x.amountFen])).toEqual([
      [3, '渝财社〔2026〕12号', '2026-01-15', 'central', '万州区', '500101', 'dibao', 'dibao', '万州区', 'district', 120_000_000],
      [4, '渝财社〔2026〕12号', '2026-01-15', 'city', '万州区', '500101', 'tekun', 'tekun', '万州区民政局', 'district', 30_000_000],
      [5, '万州财社〔2026〕3号', '2026-02-03', 'district', '万州区', '500101', 'linshi', 'linshi-reserve', '龙都街道', 'township', 5_000_000],
      [6, '万州财社〔2026〕4号', '2026-02-10', 'district', '万州区', '500101', 'linshi', 'linshi', null, null, 8_000_000],
    ]);
    const rejected = await db.kysely.selectFrom('rejectedRows').select(['rowNo']).where('fileId', '=', r.fileId!).orderBy('rowNo').execute();
    expect(rejected.map((x) => x.rowNo)).toEqual([7, 8, 9, 10]);
  });

  it('reads an amount column headed 万元 exactly to the fen, refusing a seventh decimal', async () => {
    const r = await ingest(db, { path: join(FUNDS, 'allocations-amount-in-wan-yuan.csv') });
    expect([r.rowsAccepted, r.rowsRejected]).toEqual([2, 1]);
    expect((await allocations(r.fileId!)).map((x) => [x.district, x.fund, x.amountFen])).toEqual([
      ['黔江区', 'dibao', 123_456_789], // 123.456789 万元 = 1,234,567.89 元
      ['黔江区', 'tekun', 1_000_000_000], // "1,000" 万元 = 10,000,000.00 元
    ]);
    expect(reasonsOf(r)[4]).toEqual(['金额（万元） "0.1234567" 不是有效的万元金额（最多六位小数，不能为负数）']);
  });

  it('is idempotent: the same bytes again are a duplicate and store nothing twice', async () => {
    const path = join(FUNDS, 'allocations-wanzhou-2026-gbk-title-and-total.csv');
    await ingest(db, { path });
    const again = await ingest(db, { path, fileName: '再次提交.csv' });
    expect(again.status).toBe('duplicate');
    expect(await db.kysely.selectFrom('allocations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).toEqual({ n: 4 });
  });

  it('rejects every row when no district can be found, asking for --district', async () => {
    const dir = tempDir();
    const path = join(dir, 'allocation.csv');
    writeFileSync(path, '文号,下达日期,救助类别,金额\r\n渝财社〔2026〕1号,2026-01-05,低保,100\r\n');
    const r = await ingest(db, { path });
    expect(r.kind).toBe('allocation');
    expect(reasonsOf(r)[2]).toEqual(['无法确定区县：文件没有区县列，标题和文件名中也没有唯一的区县；请用 --district 指定']);
    const given = await ingest(db, { path, district: '500102', fileName: 'b.csv' });
    expect(given.status).toBe('duplicate'); // same bytes: the option cannot sneak the rows in twice
  });

  it('says what an allocation file lacks when told the kind', async () => {
    const dir = tempDir();
    const path = join(dir, 'x.csv');
    writeFileSync(path, '区县,救助类别,金额\r\n万州区,低保,100\r\n');
    const r = await ingest(db, { path, kind: 'allocation' });
    expect(r.refusal?.code).toBe('header-unrecognised');
    expect(r.refusal?.zh).toContain('按资金下达文件格式缺少：文号、下达日期');
  });
});

describe('备用金台账 (petty-cash ledger)', () => {
  it('reads a township XLSX ledger with a merged title row and a 合计 row', async () => {
    const r = await ingest(db, { path: join(FUNDS, 'petty-cash-longdu-2026-11-title-and-total.xlsx') });
    expect([r.status, r.kind, r.format]).toEqual(['ingested', 'petty-cash', 'xlsx']);
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([6, 3, 3]);
    expect(r.totalFen).toBe(235_050);
    expect(r.control).toEqual({ count: null, totalFen: 335_050, rowNo: 9 });
    expect(reasonsOf(r)).toEqual({
      6: ['金额（元）为空：实物救助须按物品价值填写金额'],
      7: ['缺少姓名：备用金支出必须写明受助人'],
      8: ['方式 "支票" 不是已知的发放方式（现金、实物、转账）'],
    });
    const rows = await pettyCash(r.fileId!);
    expect(rows.map((x) => [x.rowNo, x.district, x.township, x.spentOn, x.name, x.idNumber, x.idValid, x.method, x.amountFen, x.item, x.registrationNo, x.handler])).toEqual([
      [3, '万州区', '龙都街道', '2026-11-03', '张明华', '500101195003150016', 1, 'cash', 80_000, null, 'LD-BY-2026-031', '王小红'],
      [4, '万州区', '龙都街道', '2026-11-05', '李秀英', '500101194805200025', 1, 'in-kind', 35_050, '米、油、棉被', 'LD-BY-2026-032', '王小红'],
      // No ID and no 登记编号: kept (it is money spent), for petty-cash-unregistered to raise.
      [5, '万州区', '龙都街道', '2026-11-09', '孙大勇', null, null, 'transfer', 120_000, null, null, '王小红'],
    ]);
  });

  it('is told apart from a roster although it has 姓名, 身份证号码 and 救助金额', async () => {
    const dir = tempDir();
    const path = join(dir, '万州区龙都街道备用金台账.csv');
    writeFileSync(path, '日期,姓名,身份证号码,发放方式,救助金额,登记编号\r\n2026-11-03,张明华,500101195003150016,现金,800,LD-1\r\n');
    const r = await ingest(db, { path });
    expect([r.kind, r.rowsAccepted]).toEqual(['petty-cash', 1]);
    expect((await pettyCash(r.fileId!))[0]).toMatchObject({ district: '万州区', method: 'cash', amountFen: 80_000, registrationNo: 'LD-1' });
  });

  it('a roster is still a roster', async () => {
    const dir = tempDir();
    const path = join(dir, 'r.csv');
    writeFileSync(path, '发放月份,区县,姓名,身份证号码,救助类别,救助金额\r\n2026-11,万州区,张明华,500101195003150016,临时救助,800\r\n');
    expect((await ingest(db, { path })).kind).toBe('roster');
  });
});
