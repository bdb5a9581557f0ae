/**
 * The batch table: for every (period, district, program), what the roster approved (count, total)
 * against what was paid (count, total, latest status `paid`). Payments that match no roster row and
 * name no district or program are grouped under 未知 and still counted.
 */
import { sql, type ExpressionBuilder, type Kysely } from 'kysely';
import type { Database, ReconPaidTable } from '../db/index.ts';
import { UNKNOWN } from './reconcile.ts';
import { onPostgres, periodRows, type PeriodFilter, type Periods } from './scope.ts';

export interface BatchRow {
  period: string;
  district: string;
  program: string;
  approvedCount: number;
  approvedFen: number;
  paidCount: number;
  paidFen: number;
  /** Roster rows and payment rows behind the figures: the files, for evidence. */
  rosterFileIds: number[];
  paymentFileIds: number[];
}

/** Paid payments of one (period, district, program) on one day: a row of recon_paid, the funds ledger's bank side. */
export type PaidDay = ReconPaidTable;

/** The batch table as the last reconciliation stored it. */
export async function batchTable(db: Kysely<Database>, periods: Periods): Promise<BatchRow[]> {
  const rows = await db
    .selectFrom('reconBatches')
    .selectAll()
    .where('period', 'in', periods.length ? [...periods] : ['-'])
    .orderBy('period')
    .orderBy('district')
    .orderBy('program')
    .execute();
  return rows.map((r) => ({
    period: r.period,
    district: r.district,
    program: r.program,
    approvedCount: Number(r.approvedCount),
    approvedFen: Number(r.approvedFen),
    paidCount: Number(r.paidCount),
    paidFen: Number(r.paidFen),
    rosterFileIds: JSON.parse(r.rosterFileIds) as number[],
    paymentFileIds: JSON.parse(r.paymentFileIds) as number[],
  }));
}

/**
 * Computes the batch table from the active roster and the reconciled payments (reconcile stores it):
 * one grouped pass over each side, by batch and file, folded here (batches × files is small). The active roster
 * is activeRoster's rows, read in one pass (periodRows). The same pass over the payments, grouped by the day paid
 * too, gives the months' paid days (recon_paid).
 */
export async function computeBatches(db: Kysely<Database>, periods: Periods): Promise<{ batches: BatchRow[]; paidDays: PaidDay[] }> {
  const paymentRows = await periodRows(db, 'reconPayments', 'p', periods);
  // The approved side from the roster files' totals, taken at ingest (roster rows never change afterwards).
  const approved = await db
    .selectFrom('rosterTotals as t')
    .innerJoin('sourceFiles as rf', 'rf.id', 't.fileId')
    .where('rf.supersededBy', 'is', null)
    .where('t.period', 'in', periods.length ? [...periods] : ['-'])
    .select((eb) => [
      't.period',
      eb.fn.coalesce('t.district', eb.val(UNKNOWN)).as('district'),
      't.program',
      't.fileId',
      eb.fn.sum<number>('t.approvedCount').as('n'),
      eb.fn.sum<number>('t.approvedFen').as('fen'),
    ])
    .groupBy(['t.period', 't.district', 't.program', 't.fileId'])
    .execute();
  const paid = await paidSide(db, paymentRows);
  const batches = new Map<string, BatchRow>();
  const batch = (period: string, district: string, program: string): BatchRow => {
    const key = `${period}|${district}|${program}`;
    let b = batches.get(key);
    if (!b) {
      b = { period, district, program, approvedCount: 0, approvedFen: 0, paidCount: 0, paidFen: 0, rosterFileIds: [], paymentFileIds: [] };
      batches.set(key, b);
    }
    return b;
  };
  for (const r of approved) {
    const b = batch(r.period, r.district as string, r.program);
    b.approvedCount += Number(r.n);
    b.approvedFen += Number(r.fen);
    b.rosterFileIds.push(r.fileId);
  }
  const days = new Map<string, PaidDay>();
  for (const p of paid) {
    const b = batch(p.period, p.district, p.program);
    b.paidCount += Number(p.n);
    b.paidFen += Number(p.fen);
    b.paymentFileIds.push(p.fileId);
    // Only days with a paid payment: the groups the ledger's sum over paid rows had.
    if (Number(p.n) === 0) continue;
    const dayKey = `${p.period}|${p.district}|${p.program}|${p.paidDay}`;
    let d = days.get(dayKey);
    if (!d) {
      d = { period: p.period, district: p.district, program: p.program, paidOn: p.paidDay === '' ? null : p.paidDay, paidCount: 0, paidFen: 0 };
      days.set(dayKey, d);
    }
    d.paidCount += Number(p.n);
    d.paidFen += Number(p.fen);
  }
  const key = (b: BatchRow) => `${b.period}|${b.district}|${b.program}`;
  const rows = [...batches.values()]
    .map((b) => ({ ...b, rosterFileIds: [...new Set(b.rosterFileIds)].sort((x, y) => x - y), paymentFileIds: [...new Set(b.paymentFileIds)].sort((x, y) => x - y) }))
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  return { batches: rows, paidDays: [...days.values()] };
}

/** The paid side's groups, one row per (period, district, program, file, day paid) (SQLite's working table for them). */
interface BatchPaidTable {
  period: string;
  district: string;
  program: string;
  fileId: number;
  /** The paid date's first ten characters, '' when there is none (a key column cannot be null). */
  paidDay: string;
  n: number;
  fen: number;
}

/**
 * The paid side of the batch table: the reconciled payments' paid count and total per (period, district, program,
 * file), and day paid. PostgreSQL groups them by hashing. SQLite groups by sorting every row on the keys, most of
 * them text that is equal across long runs of rows: 2.2-2.8 s at 1M payments for ~80 groups. So on SQLite each row
 * is added to its group in a small keyed table instead (an upsert into a B-tree of a few thousand rows that stays in
 * the cache): 0.8-1.0 s for the same sums.
 */
async function paidSide(db: Kysely<Database>, paymentRows: PeriodFilter): Promise<BatchPaidTable[]> {
  const paidCase = <T>(eb: ExpressionBuilder<{ p: Database['reconPayments'] }, 'p'>, then: T) => eb.case().when('p.status', '=', 'paid').then(then).else(0).end();
  // Written out without parameters: PostgreSQL's GROUP BY must repeat the SELECT's expression to the letter.
  const paidDay = () => sql<string>`coalesce(substr(${sql.ref('p.paidOn')}, 1, 10), '')`;
  if (onPostgres(db)) {
    return db
      .selectFrom('reconPayments as p')
      .where(paymentRows)
      .select((eb) => [
        'p.period',
        'p.district',
        'p.program',
        'p.fileId',
        paidDay().as('paidDay'),
        eb.fn.sum<number>(paidCase(eb, 1)).as('n'),
        eb.fn.sum<number>(paidCase(eb, eb.ref('p.amountFen'))).as('fen'),
      ])
      .groupBy(['p.period', 'p.district', 'p.program', 'p.fileId', paidDay()])
      .execute();
  }
  // The connection's own temporary table, for this one use: no other connection sees it, it never reaches the
  // database file, and it is dropped whatever happens.
  await sql`create temp table batch_paid (period text not null, district text not null, program text not null,
    file_id integer not null, paid_day text not null, n integer not null, fen integer not null,
    primary key (period, district, program, file_id, paid_day)) without rowid`.execute(db);
  const k = db.withTables<{ batchPaid: BatchPaidTable }>();
  try {
    await k
      .insertInto('batchPaid')
      .columns(['period', 'district', 'program', 'fileId', 'paidDay', 'n', 'fen'])
      .expression(
        k
          .selectFrom('reconPayments as p')
          // Never without a WHERE: SQLite would read the ON of ON CONFLICT as a join's (paymentRows always has one).
          .where(paymentRows)
          .select((eb) => ['p.period', 'p.district', 'p.program', 'p.fileId', paidDay().as('paidDay'), paidCase(eb, 1).as('n'), paidCase(eb, eb.ref('p.amountFen')).as('fen')]),
      )
      .onConflict((oc) =>
        oc.columns(['period', 'district', 'program', 'fileId', 'paidDay']).doUpdateSet((eb) => ({
          n: eb('batchPaid.n', '+', eb.ref('excluded.n')),
          fen: eb('batchPaid.fen', '+', eb.ref('excluded.fen')),
        })),
      )
      .execute();
    return await k.selectFrom('batchPaid').selectAll().execute();
  } finally {
    await sql`drop table temp.batch_paid`.execute(db);
  }
}
