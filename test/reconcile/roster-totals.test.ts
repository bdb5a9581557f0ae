/**
 * The batch table's approved side comes from totals each roster file carries (roster_totals, summed as the
 * file is stored), not from a pass over every approval of the month. These tests hold it to what the approvals
 * themselves add up to: with a superseded file, a file spanning several districts and programs, and a database
 * from before the totals existed (migration 0019 sums its rows once).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { checkNow } from '../../src/check.ts';
import type { Db } from '../../src/db/index.ts';
import { migrations } from '../../src/db/migrations.ts';
import { ingestFile, type ParseRequest } from '../../src/ingest/index.ts';
import { memoryDb, tempDir } from '../ingest/helpers.ts';

const IDS = ['500101198001010031', '500101198502020047', '500101199003030012', '500103197705050024', '110101199003074477'];

function gbkCsv(dir: string, name: string, lines: string[]): string {
  const path = join(dir, name);
  writeFileSync(path, iconv.encode([...lines, ''].join('\r\n'), 'gb18030'));
  return path;
}

/** Parsed on the main thread (records) or in a parse worker (packed arrays): both paths sum the totals. */
async function site(worker = false): Promise<Db> {
  const ingest = (d: Db, req: ParseRequest) => ingestFile(d, req, { archiveDir: null, worker });
  const dir = tempDir('relief-recon-roster-totals-');
  const db = await memoryDb();
  const head = '姓名,身份证号码,救助类别,核定金额,银行账号';
  // 万州区's 低保 roster, then a corrected version of the same batch that supersedes it.
  const first = gbkCsv(dir, '万州区_202611_低保名册.csv', [head, `王大明,${IDS[0]},低保,770.00,6217000000000011`, `李小红,${IDS[1]},低保,630.00,6217000000000029`, `张三,${IDS[2]},低保,500.00,6217000000000037`]);
  const second = gbkCsv(dir, '万州区_202611_低保名册_更正.csv', [head, `王大明,${IDS[0]},低保,770.00,6217000000000011`, `李小红,${IDS[1]},低保,650.50,6217000000000029`]);
  // One file naming its district and program per row (two districts, two programs).
  const mixed = gbkCsv(dir, '202611_汇总名册.csv', [
    '姓名,身份证号码,区县,救助类别,核定金额,银行账号',
    `赵四,${IDS[3]},渝中区,特困供养,1200.00,6217000000000045`,
    `钱五,${IDS[4]},北碚区,低保,480.00,6217000000000052`,
    `孙六,${IDS[2]},北碚区,低保,480.25,6217000000000060`,
  ]);
  expect((await ingest(db, { path: first, kind: 'roster', period: '2026-11', district: '万州区' })).rowsAccepted).toBe(3);
  const corrected = await ingest(db, { path: second, kind: 'roster', period: '2026-11', district: '万州区' });
  expect(corrected.supersedes).toHaveLength(1);
  expect((await ingest(db, { path: mixed, kind: 'roster', period: '2026-11' })).rowsAccepted).toBe(3);
  return db;
}

/** The approved side as the approvals themselves add up (files still in force). */
async function fromApprovals(db: Db) {
  const rows = await db.kysely
    .selectFrom('rosterEntries as r')
    .innerJoin('sourceFiles as f', 'f.id', 'r.fileId')
    .where('f.supersededBy', 'is', null)
    .select((eb) => ['r.district', 'r.program', eb.fn.countAll<number>().as('n'), eb.fn.sum<number>('r.approvedFen').as('fen')])
    .groupBy(['r.district', 'r.program'])
    .orderBy('r.district')
    .orderBy('r.program')
    .execute();
  return rows.map((r) => ({ district: r.district, program: r.program, approvedCount: Number(r.n), approvedFen: Number(r.fen) }));
}

async function batchTable(db: Db) {
  await checkNow(db, { rules: {} }, { trigger: 'manual', periods: ['2026-11'] });
  const rows = await db.kysely.selectFrom('reconBatches').select(['district', 'program', 'approvedCount', 'approvedFen']).orderBy('district').orderBy('program').execute();
  return rows.map((r) => ({ ...r, approvedCount: Number(r.approvedCount), approvedFen: Number(r.approvedFen) }));
}

describe('the batch table\'s approved side from the roster files\' totals', () => {
  it('counts the corrected file, not the one it superseded, and each district and program of a mixed file', async () => {
    const db = await site();
    const batches = await batchTable(db);
    expect(batches).toEqual([
      { district: '万州区', program: 'dibao', approvedCount: 2, approvedFen: 142050 },
      { district: '北碚区', program: 'dibao', approvedCount: 2, approvedFen: 96025 },
      { district: '渝中区', program: 'tekun', approvedCount: 1, approvedFen: 120000 },
    ]);
    expect(batches).toEqual(await fromApprovals(db));
    await db.close();
  });

  it('keeps one total per file, period, district and program', async () => {
    const db = await site();
    const totals = await db.kysely.selectFrom('rosterTotals').select(['fileId', 'district', 'program', 'approvedCount', 'approvedFen']).orderBy('fileId').orderBy('district').execute();
    expect(totals.map((t) => [t.fileId, t.district, t.program, Number(t.approvedCount), Number(t.approvedFen)])).toEqual([
      [1, '万州区', 'dibao', 3, 190000],
      [2, '万州区', 'dibao', 2, 142050],
      [3, '北碚区', 'dibao', 2, 96025],
      [3, '渝中区', 'tekun', 1, 120000],
    ]);
    await db.close();
  });

  it('sums the same totals when a parse worker sends the rows packed as arrays', async () => {
    const main = await site(false);
    const worker = await site(true);
    const totals = (d: Db) => d.kysely.selectFrom('rosterTotals').select(['fileId', 'period', 'district', 'program', 'approvedCount', 'approvedFen']).orderBy('fileId').orderBy('district').execute();
    expect(await totals(worker)).toEqual(await totals(main));
    expect(await batchTable(worker)).toEqual(await batchTable(main));
    await main.close();
    await worker.close();
  });

  it('a database from before the totals gets them from its approvals (migration 0019)', async () => {
    const db = await site();
    const expected = await batchTable(db);
    await sql`drop table roster_totals`.execute(db.kysely);
    await migrations(db.dialect)['0019-roster-totals']!.up(db.kysely as never);
    expect(await batchTable(db)).toEqual(expected);
    await db.close();
  });
});
