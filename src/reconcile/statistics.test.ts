/**
 * SQLite's statistics are taken again only when a table has doubled (or halved) since they were taken: ANALYZE reads every month's rows, so taking them every night cost in proportion to the history.
 * Checked on what the planner reads (sqlite_stat1's row count per table) over four months of GBK files, and on
 * the reconciliation itself, which must not depend on when the statistics were taken.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../db/index.ts';
import { makeIdNumber } from '../demo/id-number.ts';
import { ingestFile } from '../ingest/index.ts';
import { reconcile } from './index.ts';
import { tmpdir } from 'node:os';

const dir = mkdtempSync(join(tmpdir(), 'relief-recon-statistics-'));

/** A roster and a bank file of `people` persons (from `first` on) for `period`, in GBK with a summary line. */
async function month(db: Db, period: string, first: number, people: number): Promise<void> {
  const ids = Array.from({ length: people }, (_, i) => makeIdNumber('500101', '19700101', first + i));
  const tag = period.replace('-', '');
  const roster = join(dir, `${tag}_汇总名册.csv`);
  writeFileSync(roster, iconv.encode(['姓名,身份证号码,区县,救助类别,核定金额,银行账号', ...ids.map((id, i) => `王${i},${id},万州区,低保,770.00,62170000${String(first + i).padStart(8, '0')}`), ''].join('\r\n'), 'gb18030'));
  const bank = join(dir, `农商行回盘_${tag}.csv`);
  writeFileSync(
    bank,
    iconv.encode(
      [
        '批次号,账号,户名,证件号码,金额,手续费,用途,交易日期,状态',
        ...ids.map((id, i) => `P${tag}001,62170000${String(first + i).padStart(8, '0')},王${i},${id},770.00,0.00,低保金,${period}-15,成功`),
        `合计,,,,${(770 * people).toFixed(2)},0.00,,,`,
        '',
      ].join('\r\n'),
      'gb18030',
    ),
  );
  for (const [path, kind] of [[roster, 'roster'], [bank, 'bank']] as const) {
    const r = await ingestFile(db, { path, kind, period }, { archiveDir: null, worker: false });
    expect(r.rowsAccepted).toBe(people);
  }
}

/** The rows each table's statistics were taken at (sqlite_stat1's first figure, the largest over its indexes). */
async function statisticsAt(db: Db): Promise<Record<string, number>> {
  const r = await sql<{ tbl: string; stat: string }>`select tbl, stat from sqlite_stat1 where tbl in ('roster_entries', 'payments', 'recon_payments')`.execute(db.kysely);
  const out: Record<string, number> = {};
  for (const x of r.rows) out[x.tbl] = Math.max(out[x.tbl] ?? 0, Number.parseInt(x.stat, 10));
  return out;
}

async function paired(db: Db, period: string): Promise<number> {
  const r = await db.kysely.selectFrom('reconPayments').select((eb) => eb.fn.countAll<number>().as('n')).where('period', '=', period).where('rosterId', 'is not', null).executeTakeFirstOrThrow();
  return Number(r.n);
}

describe('statistics on SQLite: taken again when a table has doubled', () => {
  it('keeps them while the months added hold fewer rows than the statistics saw, takes them again when they hold as many', async () => {
    const db = await openDatabase(':memory:');
    // Each month: its period, its first person, how many people, and the rows the statistics then stand for.
    const months: [period: string, first: number, people: number, statisticsOf: number, why: string][] = [
      ['2026-09', 0, 40, 40, 'none yet, so they are taken'],
      ['2026-10', 100, 30, 40, '70 < 80 = 2 × 40: the statistics of 40 rows still hold'],
      ['2026-11', 200, 10, 80, '80 = 2 × 40: taken again, over every month'],
      ['2026-12', 300, 70, 80, '150 < 160: kept again'],
    ];
    for (const [period, first, people, statisticsOf, why] of months) {
      await month(db, period, first, people);
      await reconcile(db, [period]);
      expect(await statisticsAt(db), `${period}: ${why}`).toEqual({ roster_entries: statisticsOf, payments: statisticsOf, recon_payments: statisticsOf });
      expect(await paired(db, period)).toBe(people);
    }

    // Three months taken out again (40 rows left = half of 80): taken again.
    for (const t of ['reconPayments', 'payments', 'rosterEntries'] as const) await db.kysely.deleteFrom(t).where('period', '!=', '2026-09').execute();
    await reconcile(db, ['2026-09']);
    expect(await statisticsAt(db)).toEqual({ roster_entries: 40, payments: 40, recon_payments: 40 });
    expect(await paired(db, '2026-09')).toBe(40);
    await db.close();
  });
});
