/**
 * What the fold stores for each payment (reconcile.ts): the latest row of each payment key only, and the approval
 * it pays. A person with one approval has every payment of their ID put on it by the fold itself, however many
 * payments there are; a person with two approvals is left to the matching rounds, which go by the evidence (here
 * the label). Realistic files: GBK CSV from the bank without district or program columns, a later returns notice
 * (退票) for a row paid in the first file, rosters of two programs in the same month, a bank row without an ID
 * number (paired by account, in the rounds) and a payment to nobody approved. Each paired payment carries its
 * approval's name, amount and program, whichever way it was paired (the rules compare them without the roster).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/index.ts';
import { migrations } from '../../src/db/migrations.ts';
import { reconcile } from '../../src/reconcile/index.ts';
import { ingest, memoryDb, tempDir } from '../ingest/helpers.ts';

const A = '500101198001010031'; // valid check digits
const B = '500101198502020047';
const C = '500101196003150027';
const D = '500101197207070016'; // on no roster

function gbk(path: string, lines: string[]): string {
  writeFileSync(path, iconv.encode([...lines, ''].join('\r\n'), 'gb18030'));
  return path;
}

/** 万州区's 低保 roster of a month (`yyyymm`), GBK: 王大明 and 李小红, then the rows given. */
function dibaoRoster(dir: string, yyyymm: string, ...more: string[]): string {
  return gbk(join(dir, `万州区_${yyyymm}_低保名册.csv`), [
    '姓名,身份证号码,救助类别,核定金额,银行账号',
    `王大明,${A},低保,770.00,6217000000000011`,
    `李小红,${B},低保,630.00,6217000000000029`,
    ...more,
  ]);
}

describe('the fold', () => {
  it('keeps the latest row of each payment, puts all of a one-approval person\'s payments on that approval, and leaves two approvals to the rounds', async () => {
    const dir = tempDir('relief-recon-fold-pairing-');
    const dibao = dibaoRoster(dir, '202611', `赵桂芳,${C},低保,770.00,6217000000000037`);
    const linshi = gbk(join(dir, '万州区_202611_临时救助名册.csv'), ['姓名,身份证号码,救助类别,核定金额,银行账号', `赵桂芳,${C},临时救助,500.00,6217000000000037`]);
    // 王大明 is paid twice (two serial numbers); 赵桂芳's two payments name their programs only in the label.
    const paid = gbk(join(dir, '农商行回盘_万州_202611.csv'), [
      '流水号,账号,户名,证件号码,金额,用途,交易日期,状态',
      `WZ-0001,6217000000000011,王大明,${A},770.00,低保金,2026-11-25,成功`,
      `WZ-0002,6217000000000011,王大明,${A},770.00,低保金,2026-11-26,成功`,
      `WZ-0003,6217000000000029,李小红,${B},630.00,低保金,2026-11-25,成功`,
      `WZ-0004,6217000000000037,赵桂芳,${C},500.00,临时救助金,2026-11-25,成功`,
      `WZ-0005,6217000000000037,赵桂芳,${C},770.00,低保金,2026-11-25,成功`,
      `WZ-0006,6217000000000029,李小红,,630.00,低保金,2026-11-26,成功`,
      `WZ-0007,6217000000000094,周建国,${D},300.00,低保金,2026-11-25,成功`,
    ]);
    // The bank's later notice: 李小红's payment came back (account closed).
    const returned = gbk(join(dir, '农商行退票_万州_202611.csv'), [
      '流水号,账号,户名,证件号码,金额,用途,交易日期,状态',
      `WZ-0003,6217000000000029,李小红,${B},630.00,低保金,2026-11-28,退票`,
    ]);

    const db = await memoryDb();
    for (const path of [dibao, linshi]) expect((await ingest(db, { path, kind: 'roster', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    for (const path of [paid, returned]) expect((await ingest(db, { path, kind: 'bank', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    expect((await reconcile(db, ['2026-11'])).payments).toBe(7);

    const approvals = new Map(
      (await db.kysely.selectFrom('rosterEntries').select(['id', 'idNumber', 'program']).execute()).map((r) => [`${r.idNumber}|${r.program}`, r.id]),
    );
    const rows = await db.kysely
      .selectFrom('reconPayments')
      .select(['paymentKey', 'idNumber', 'status', 'rosterId', 'recipientIdNumber', 'district', 'program', 'approvedName', 'approvedFen', 'approvedProgram'])
      .orderBy('paymentKey')
      .execute();
    const approval = (name: string, fen: number, program: string) => ({ approvedName: name, approvedFen: fen, approvedProgram: program });
    const expected = [
      // Paired in the fold (one approval).
      { paymentKey: 'sn:WZ-0001', idNumber: A, status: 'paid', rosterId: approvals.get(`${A}|dibao`), recipientIdNumber: A, district: '万州区', program: 'dibao', ...approval('王大明', 77000, 'dibao') },
      { paymentKey: 'sn:WZ-0002', idNumber: A, status: 'paid', rosterId: approvals.get(`${A}|dibao`), recipientIdNumber: A, district: '万州区', program: 'dibao', ...approval('王大明', 77000, 'dibao') },
      // Only the latest row of the key: the 退票 of the second file, not the 成功 of the first. 李小红's account is
      // named by a row without an ID, so she is left to the rounds, which pair both rows with her approval.
      { paymentKey: 'sn:WZ-0003', idNumber: B, status: 'returned', rosterId: approvals.get(`${B}|dibao`), recipientIdNumber: B, district: '万州区', program: 'dibao', ...approval('李小红', 63000, 'dibao') },
      // Two approvals: each payment goes to the one its label names (the rounds).
      { paymentKey: 'sn:WZ-0004', idNumber: C, status: 'paid', rosterId: approvals.get(`${C}|linshi`), recipientIdNumber: C, district: '万州区', program: 'linshi', ...approval('赵桂芳', 50000, 'linshi') },
      { paymentKey: 'sn:WZ-0005', idNumber: C, status: 'paid', rosterId: approvals.get(`${C}|dibao`), recipientIdNumber: C, district: '万州区', program: 'dibao', ...approval('赵桂芳', 77000, 'dibao') },
      { paymentKey: 'sn:WZ-0006', idNumber: null, status: 'paid', rosterId: approvals.get(`${B}|dibao`), recipientIdNumber: B, district: '万州区', program: 'dibao', ...approval('李小红', 63000, 'dibao') },
      // Approved nowhere: no approval to carry.
      { paymentKey: 'sn:WZ-0007', idNumber: D, status: 'paid', rosterId: null, recipientIdNumber: null, district: '万州区', program: '未知', approvedName: null, approvedFen: null, approvedProgram: null },
    ];
    const numeric = <T extends { approvedFen: number | null }>(r: T) => ({ ...r, approvedFen: r.approvedFen === null ? null : Number(r.approvedFen) });
    expect(rows.map(numeric)).toEqual(expected);

    // A database reconciled before these columns existed: migration 0020 fills them in from the roster rows.
    for (const column of ['approved_name', 'approved_fen', 'approved_program']) await sql`alter table recon_payments drop column ${sql.id(column)}`.execute(db.kysely);
    await migrations(db.dialect)['0020-recon-approval']!.up(db.kysely as never);
    const migrated = await db.kysely.selectFrom('reconPayments').select(['paymentKey', 'approvedName', 'approvedFen', 'approvedProgram']).orderBy('paymentKey').execute();
    expect(migrated.map(numeric)).toEqual(expected.map(({ paymentKey, approvedName, approvedFen, approvedProgram }) => ({ paymentKey, approvedName, approvedFen, approvedProgram })));
    await db.close();
  });

  it('looks approvals up by account only in a month with a bank row without an ID number, and on SQLite builds that index then', async () => {
    const dir = tempDir('relief-recon-fold-account-');
    // From December 赵桂芳 is approved too, paid into the account of 李小红 (her daughter).
    const roster = (period: string) => dibaoRoster(dir, period, ...(period === '202612' ? [`赵桂芳,${C},低保,770.00,6217000000000029`] : []));
    const accountIndex = async () =>
      (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and name = 'roster_period_account'`.execute(db.kysely)).rows.length;
    const db = await memoryDb();
    const sqlite = db.dialect === 'sqlite';
    // November: every bank row carries its ID number.
    expect((await ingest(db, { path: roster('202611'), kind: 'roster', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    const novemberFile = gbk(join(dir, '农商行回盘_万州_202611.csv'), [
      '流水号,账号,户名,证件号码,金额,用途,交易日期,状态',
      `WZ-1101,6217000000000011,王大明,${A},770.00,低保金,2026-11-25,成功`,
      `WZ-1102,6217000000000029,李小红,${B},630.00,低保金,2026-11-25,成功`,
    ]);
    expect((await ingest(db, { path: novemberFile, kind: 'bank', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    expect((await reconcile(db, ['2026-11'])).payments).toBe(2);
    if (sqlite) expect(await accountIndex()).toBe(0);
    const approvals = async () =>
      new Map((await db.kysely.selectFrom('rosterEntries').select(['id', 'idNumber', 'period']).execute()).map((r) => [`${r.period}|${r.idNumber}`, r.id]));
    // A month's reconciled rows.
    const reconciled = async (period: string) => {
      const ids = await approvals();
      const rows = await db.kysely.selectFrom('reconPayments').select(['paymentKey', 'rosterId', 'recipientIdNumber', 'approvedName', 'district', 'program']).where('period', '=', period).orderBy('paymentKey').execute();
      return rows.map((r) => ({ ...r, rosterId: r.rosterId === null ? null : [...ids].find(([, id]) => id === r.rosterId)![0] }));
    };
    const paid = (key: string, period: string, id: string, name: string) => ({ paymentKey: key, rosterId: `${period}|${id}`, recipientIdNumber: id, approvedName: name, district: '万州区', program: 'dibao' });
    const november = [paid('sn:WZ-1101', '2026-11', A, '王大明'), paid('sn:WZ-1102', '2026-11', B, '李小红')];
    expect(await reconciled('2026-11')).toEqual(november);
    // December: a row without an ID number names the account 李小红 and 赵桂芳 share, with 李小红's amount, before
    // 李小红's own row. Both approvals are left to the rounds (as if the fold had not paired 李小红): the ID-less row
    // is hers by its amount and comes first, so her own row is a second payment on her approval, and 赵桂芳 is
    // unpaid. Had the fold's pairing of 李小红 stood, the ID-less row would have gone to 赵桂芳, the only approval
    // left free. 王大明 keeps the fold's pairing.
    expect((await ingest(db, { path: roster('202612'), kind: 'roster', period: '2026-12', district: '万州区' })).status).toBe('ingested');
    const december = gbk(join(dir, '农商行回盘_万州_202612.csv'), [
      '流水号,账号,户名,证件号码,金额,用途,交易日期,状态',
      `WZ-1201,6217000000000011,王大明,${A},770.00,低保金,2026-12-25,成功`,
      `WZ-1202,6217000000000029,李小红,,630.00,低保金,2026-12-25,成功`,
      `WZ-1203,6217000000000029,李小红,${B},630.00,低保金,2026-12-26,成功`,
    ]);
    expect((await ingest(db, { path: december, kind: 'bank', period: '2026-12', district: '万州区' })).status).toBe('ingested');
    expect((await reconcile(db, ['2026-12'])).payments).toBe(3);
    if (sqlite) expect(await accountIndex()).toBe(1);
    expect(await reconciled('2026-12')).toEqual([
      paid('sn:WZ-1201', '2026-12', A, '王大明'),
      paid('sn:WZ-1202', '2026-12', B, '李小红'),
      paid('sn:WZ-1203', '2026-12', B, '李小红'),
    ]);
    // November checked again: its rows all carry IDs, and the index, once made, stays.
    expect((await reconcile(db, ['2026-11'])).payments).toBe(2);
    if (sqlite) expect(await accountIndex()).toBe(1);
    expect(await reconciled('2026-11')).toEqual(november);
    await db.close();
  });

  it('takes each payment key\'s latest row in force among its month\'s rows only, with no index on the key on SQLite', async () => {
    const dir = tempDir('relief-recon-fold-latest-');
    const roster = dibaoRoster(dir, '202611');
    // Without serial numbers the key is month|ID|account|amount. 王大明's first attempt failed and the bank paid
    // again in the same file (the same key twice: a re-payment, not a second payment).
    const november = gbk(join(dir, '农商行回盘_万州_202611.csv'), [
      '账号,户名,证件号码,金额,用途,交易日期,状态',
      `6217000000000011,王大明,${A},770.00,低保金,2026-11-25,失败`,
      `6217000000000011,王大明,${A},770.00,低保金,2026-11-26,成功`,
      `6217000000000029,李小红,${B},630.00,低保金,2026-11-25,成功`,
    ]);
    // December's file, stored between November's two: its rows lie inside November's range of ids.
    const december = gbk(join(dir, '农商行回盘_万州_202612.csv'), [
      '账号,户名,证件号码,金额,用途,交易日期,状态',
      `6217000000000029,李小红,${B},630.00,低保金,2026-12-25,成功`,
    ]);
    // The bank's later notice: 李小红's November payment came back.
    const returned = gbk(join(dir, '农商行退票_万州_202611.csv'), [
      '账号,户名,证件号码,金额,用途,交易日期,状态',
      `6217000000000029,李小红,${B},630.00,低保金,2026-11-28,退票`,
    ]);
    const db = await memoryDb();
    expect((await ingest(db, { path: roster, kind: 'roster', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    expect((await ingest(db, { path: november, kind: 'bank', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    expect((await ingest(db, { path: december, kind: 'bank', period: '2026-12', district: '万州区' })).status).toBe('ingested');
    expect((await ingest(db, { path: returned, kind: 'bank', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    expect((await reconcile(db, ['2026-11'])).payments).toBe(2);
    const rows = await db.kysely.selectFrom('reconPayments').select(['period', 'idNumber', 'status', 'paidOn', 'rowNo']).orderBy('idNumber').execute();
    expect(rows).toEqual([
      { period: '2026-11', idNumber: A, status: 'paid', paidOn: '2026-11-26', rowNo: 3 },
      { period: '2026-11', idNumber: B, status: 'returned', paidOn: '2026-11-28', rowNo: 2 },
    ]);
    // December alone: its row is its own month's payment, whatever November's rows of the same person say.
    expect((await reconcile(db, ['2026-12'])).payments).toBe(1);
    expect(await db.kysely.selectFrom('reconPayments').select(['status', 'paidOn']).where('period', '=', '2026-12').execute()).toEqual([{ status: 'paid', paidOn: '2026-12-25' }]);
    if (db.dialect === 'sqlite') {
      const onKey = await sql<{ name: string }>`select distinct l.name from sqlite_master m, pragma_index_list(m.name) l, pragma_index_info(l.name) i
        where m.type = 'table' and m.name = 'payments' and i.name = 'payment_key'`.execute(db.kysely);
      expect(onKey.rows).toEqual([]);
    }
    await db.close();
  });

  it('on SQLite folds with INSERT OR FAIL, so a re-check refills the pages its DELETE freed without a statement journal', async () => {
    const dir = tempDir('relief-recon-fold-or-fail-');
    const roster = dibaoRoster(dir, '202611');
    const bank = gbk(join(dir, '农商行回盘_万州_202611.csv'), [
      '流水号,账号,户名,证件号码,金额,用途,交易日期,状态',
      `WZ-0001,6217000000000011,王大明,${A},770.00,低保金,2026-11-25,成功`,
      `WZ-0002,6217000000000029,李小红,${B},630.00,低保金,2026-11-25,成功`,
    ]);
    const statements: string[] = [];
    const db = await openDatabase(':memory:', { log: (e) => void (e.level === 'query' && statements.push(e.query.sql)) });
    expect((await ingest(db, { path: roster, kind: 'roster', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    expect((await ingest(db, { path: bank, kind: 'bank', period: '2026-11', district: '万州区' })).status).toBe('ingested');
    const stored = () => db.kysely.selectFrom('reconPayments').select(['paymentKey', 'rosterId', 'approvedName']).orderBy('paymentKey').execute();
    expect((await reconcile(db, ['2026-11'])).payments).toBe(2);
    const first = await stored();
    expect((await reconcile(db, ['2026-11'])).payments).toBe(2);
    expect(await stored()).toEqual(first);
    const folds = statements.filter((q) => /insert (or \w+ )?into "recon_payments"/.test(q));
    expect(folds).toHaveLength(2);
    for (const q of folds) expect(q).toContain(') insert or fail into "recon_payments"');
    await db.close();
  });
});
