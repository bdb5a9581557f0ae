/**
 * Planner statistics for the tables reconciliation reads. Fresh statistics let the planner scan a period in one
 * pass instead of a million index lookups (measured 0.3 s against 1.5-5 s per query on 1M rows). ANALYZE means
 * the same on both databases, but what it costs does not:
 *
 * SQLite's ANALYZE reads every row of the table, every month's, so taking statistics every night cost in
 * proportion to the history (npm run bench -- 1000000 --nights 4: the statistics stage 0.5 / 1.0-1.4 /
 * 1.6-1.8 / 2.3-2.7 s on nights 1-4, recon_payments' after the fold 0.7 / 1.0 / 1.4 s on nights 2-4). The
 * planner needs the table's shape, not its size: the rows per month, per person, per account, which one more
 * month of the same kind leaves as they were. So statistics are taken again when the table holds twice as many
 * rows as when they were taken, or half as many (sqlite_stat1's first figure: the rows an index covered): at
 * months 1, 2, 4 and 8 of a site of equal months, so a year's statistics read 15 months' rows in all, against 78
 * when taken every night. PostgreSQL samples a fixed number of rows and analyzes every time.
 */
import { PostgresAdapter, sql, type Kysely } from 'kysely';
import { snake } from './rows.ts';
import type { Database } from './schema.ts';

/** ANALYZE of `table` when its statistics no longer hold (always on PostgreSQL); `db` may be a transaction. */
export async function refreshStatistics(db: Kysely<Database>, table: 'reconPayments' | 'rosterEntries' | 'payments'): Promise<void> {
  if (!(db.getExecutor().adapter instanceof PostgresAdapter) && (await sqliteStatisticsHold(db, table))) return;
  await sql`analyze ${sql.table(table)}`.execute(db);
}

async function sqliteStatisticsHold(db: Kysely<Database>, table: string): Promise<boolean> {
  // The statistics table exists from the first ANALYZE on.
  const kept = await sql<{ n: number }>`select count(*) as n from sqlite_master where name = 'sqlite_stat1'`.execute(db);
  if (Number(kept.rows[0]!.n) === 0) return false;
  const stats = await sql<{ stat: string }>`select stat from sqlite_stat1 where tbl = ${snake(table)}`.execute(db);
  const then = Math.max(0, ...stats.rows.map((r) => Number.parseInt(r.stat, 10) || 0));
  if (then === 0) return false;
  const now = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  const rows = Number(now.rows[0]!.n);
  return rows < then * 2 && rows > then / 2;
}
