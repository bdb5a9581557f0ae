import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/index.ts';
import { ROWS, ingest, memoryDb, reasonsOf } from './helpers.ts';

let db: Db;
beforeEach(async () => {
  db = await memoryDb();
});
afterEach(async () => {
  await db.close();
});

const roster = (fileId: number) => db.kysely.selectFrom('rosterEntries').selectAll().where('fileId', '=', fileId).orderBy('rowNo').execute();

describe('rosters', () => {
  it('takes period, district and program from the title row when the columns are missing', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-period-and-district-from-title-row.csv') });
    expect(r.status).toBe('ingested');
    expect(r.kind).toBe('roster');
    expect(r.defaults).toEqual({ period: '2026-11', district: '万州区', program: 'dibao' });
    const rows = await roster(r.fileId!);
    expect(rows.map((x) => [x.rowNo, x.period, x.district, x.districtCode, x.township, x.village, x.name, x.idNumber, x.idValid, x.program, x.householdSize, x.approvedFen])).toEqual([
      [3, '2026-11', '万州区', '500101', '高笋塘街道', '太白社区', '张明华', '500101195003150016', 1, 'dibao', 2, 154000],
      [4, '2026-11', '万州区', '500101', '龙都街道', '龙都社区', '李秀英', '500101194805200025', 1, 'dibao', 1, 77000],
    ]);
  });

  it('rejects every row when the period is found nowhere, and the receipt asks for --period', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-period-found-nowhere.csv') });
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([2, 0, 2]);
    expect(r.periodMissing).toBe(true);
    expect(reasonsOf(r)[2]).toEqual(['无法确定发放月份：文件没有月份列，标题和文件名中也没有唯一的月份；请用 --period 指定']);
    const again = await ingest(db, { path: join(ROWS, 'roster-period-found-nowhere.csv'), fileName: 'again.csv' });
    expect(again.status).toBe('duplicate');
  });

  it('uses --period when given', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-period-found-nowhere.csv'), period: '2026-11' });
    expect([r.rowsAccepted, r.rowsRejected]).toEqual([2, 0]);
    expect((await roster(r.fileId!)).map((x) => [x.period, x.program, x.approvedFen])).toEqual([
      ['2026-11', 'dibao', 77000],
      ['2026-11', 'dibao', 63000],
    ]);
  });

  it('normalises IDs, names, accounts, months and programs; reads the 合计 row as the control total', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-normalisation-cases-with-total-row.csv') });
    expect(r.encoding).toBe('utf-8-bom');
    expect([r.rowsRead, r.rowsAccepted, r.rowsRejected]).toEqual([4, 3, 1]);
    expect(r.control).toEqual({ count: null, totalFen: 336100, rowNo: 6 });
    expect(reasonsOf(r)).toEqual({ 5: ['救助类别 "低保金发放" 不是已知的救助类别（低保、特困、临时救助）'] });
    const rows = await roster(r.fileId!);
    expect(rows.map((x) => [x.rowNo, x.period, x.district, x.districtCode, x.name, x.idNumber, x.idValid, x.program, x.approvedFen, x.accountNo, x.accountHolder, x.proxyName, x.proxyIdNumber, x.agreementNo])).toEqual([
      [2, '2026-11', '万州区', '500101', '阿依古丽·买买提', '500101195206070024', 1, 'tekun', 130100, '6228480012345678901', '阿依古丽·买买提', null, null, null],
      [3, '2026-11', '万州区', '500101', '李秀英', '500101194805200025', 1, 'dibao', 126000, '6228480012345678902', '王小红', '王小红', '500101197001010019', 'WZDL-2026-001'],
      [4, '2026-11', '万州区', '500101', '孙大勇', '123456', 0, 'linshi', 80000, '6228480012345678903', '孙大勇', null, null, null],
    ]);
  });
});

describe('files refused whole', () => {
  it('refuses a header that names one field twice, naming both columns', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-account-and-card-number-both-given.csv') });
    expect(r.status).toBe('refused');
    expect(r.refusal?.code).toBe('duplicate-columns');
    expect(r.refusal?.zh).toContain('「银行账号」、「卡号」（都表示银行账号）');
    const refused = await db.kysely.selectFrom('refusedFiles').selectAll().execute();
    expect(refused.map((x) => [x.fileName, x.code])).toEqual([['roster-account-and-card-number-both-given.csv', 'duplicate-columns']]);
    expect(await db.kysely.selectFrom('sourceFiles').selectAll().execute()).toEqual([]);
  });

  it('refuses an unrecognisable header with what it saw and what is missing', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-unrecognisable-header.csv') });
    expect(r.refusal?.code).toBe('header-unrecognised');
    expect(r.refusal?.zh).toContain('最接近表头的一行是：「编号」、「名字」、「证号」、「钱」');
    expect(r.refusal?.zh).toContain('缺少');
  });

  it('says which fields are missing for the kind it was told', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-unrecognisable-header.csv'), kind: 'roster' });
    expect(r.refusal?.zh).toContain('按审批名册格式缺少：姓名、身份证号码、核定金额');
  });

  it('refuses a file with a header and no data rows', async () => {
    const r = await ingest(db, { path: join(ROWS, 'roster-header-and-no-data-rows.csv') });
    expect(r.refusal).toMatchObject({ code: 'no-data', zh: '文件被拒收：没有数据行。' });
  });
});

describe('reference lists', () => {
  it('stores the staff registry, with or without ID numbers, skipping blank rows', async () => {
    const r = await ingest(db, { path: join(ROWS, 'staff-registry-village-cadres.csv') });
    expect(r.kind).toBe('staff');
    const rows = await db.kysely.selectFrom('staff').select(['rowNo', 'name', 'idNumber', 'idValid', 'unit', 'role']).orderBy('rowNo').execute();
    expect(rows).toEqual([
      { rowNo: 2, name: '王小红', idNumber: '500101197001010019', idValid: 1, unit: '龙都街道龙都社区', role: '村干部' },
      { rowNo: 3, name: '赵会计', idNumber: null, idValid: null, unit: '高笋塘街道', role: '社会救助工作人员' },
    ]);
  });

  it('rejects a proxy row without an agreement number: it is not on file', async () => {
    const r = await ingest(db, { path: join(ROWS, 'proxy-agreements-filed.csv') });
    expect(r.kind).toBe('proxy');
    expect(reasonsOf(r)).toEqual({ 3: ['缺少代领协议编号：没有协议编号不能算作已备案'] });
    const rows = await db.kysely.selectFrom('proxyAgreements').select(['recipientIdNumber', 'proxyName', 'proxyIdNumber', 'agreementNo', 'filedOn', 'relationship']).execute();
    expect(rows).toEqual([{ recipientIdNumber: '500101194805200025', proxyName: '王小红', proxyIdNumber: '500101197001010019', agreementNo: 'WZDL-2026-001', filedOn: '2026-03-02', relationship: '邻居' }]);
  });

  it('stores deaths and rejects an unreadable date of death', async () => {
    const r = await ingest(db, { path: join(ROWS, 'deaths-from-civil-registry.csv') });
    expect(r.kind).toBe('deaths');
    expect(reasonsOf(r)).toEqual({ 3: ['死亡日期 "不详" 不是有效日期'] });
    expect(await db.kysely.selectFrom('deaths').select(['idNumber', 'diedOn']).execute()).toEqual([{ idNumber: '50010119391224001X', diedOn: '2026-09-14' }]);
  });

  it('stores the standards table in fen', async () => {
    const r = await ingest(db, { path: join(ROWS, 'standards-chongqing-2025-07.csv') });
    expect(r.kind).toBe('standards');
    const rows = await db.kysely.selectFrom('standards').select(['effectiveFrom', 'program', 'area', 'monthlyStandardFen', 'maxSupplementFen']).orderBy('rowNo').execute();
    expect(rows).toEqual([
      { effectiveFrom: '2025-07-01', program: 'dibao', area: 'urban', monthlyStandardFen: 77000, maxSupplementFen: 10000 },
      { effectiveFrom: '2025-07-01', program: 'dibao', area: 'rural', monthlyStandardFen: 63000, maxSupplementFen: 10000 },
      { effectiveFrom: '2025-07-01', program: 'tekun', area: null, monthlyStandardFen: 100100, maxSupplementFen: 30000 },
    ]);
  });
});
