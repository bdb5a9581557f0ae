/**
 * The rows that count: roster and bank rows of files no later file has superseded, in the periods
 * of the run. Every rule reads through these, so a superseded file is never counted twice.
 */
import { PostgresAdapter, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import type { Database } from '../db/index.ts';

export type Periods = readonly string[];

/**
 * Active roster rows of the given periods, as a subquery aliased `r`-ready. `rows`: periodRows(db,
 * 'rosterEntries', 're', periods) for a statement that reads most of each month (one pass instead of the
 * period index walked row by row); without it, `period IN`, for a statement that seeks rows by key.
 */
export function activeRoster(db: Kysely<Database>, periods: Periods, rows?: PeriodFilter) {
  return db
    .selectFrom('rosterEntries as re')
    .innerJoin('sourceFiles as rf', 'rf.id', 're.fileId')
    .where('rf.supersededBy', 'is', null)
    .where(rows ?? ((eb) => eb('re.period', 'in', periods.length ? [...periods] : ['-'])))
    .selectAll('re');
}

/** True on PostgreSQL: for the statements whose best form differs between the two databases. */
export function onPostgres(db: Kysely<Database>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** A filter on a table's alias, as periodRows makes it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PeriodFilter = (eb: ExpressionBuilder<any, any>) => Expression<SqlBool>;

/** Periods present in the active data, newest last. */
export async function allPeriods(db: Kysely<Database>): Promise<string[]> {
  const rows = await db
    .selectFrom('rosterEntries')
    .select('period')
    .union(db.selectFrom('payments').select('period'))
    .union(db.selectFrom('pettyCash').select((eb) => eb.fn<string>('substr', ['spentOn', eb.lit(1), eb.lit(7)]).as('period')))
    .execute();
  return [...new Set(rows.map((r) => r.period))].sort();
}

/**
 * A filter that reads the given periods' rows of a big table (roster_entries, payments, recon_payments) in one
 * pass, for a statement that needs most of each period's rows. On SQLite, walking the (period, …) index visits
 * the rows in the index's order, a million scattered reads per month (3 s against 1 s for the batch table at
 * 1M rows); the periods' rows were written together, so they lie in one range of ids: the filter bounds the
 * id to that range (read in order) and hides `period` from the index (`coalesce`). On PostgreSQL `period IN`
 * is what selects the partitions, so it stays as it is.
 */
export async function periodRows(
  db: Kysely<Database>,
  table: 'rosterEntries' | 'payments' | 'reconPayments',
  alias: string,
  periods: Periods,
  /** Keeps the id range for the next caller given the same map (the rules of one thread of a check): the rows do not change meanwhile. */
  memo?: Map<string, unknown>,
): Promise<PeriodFilter> {
  const list = periods.length ? [...periods] : ['-'];
  const ref = (c: string) => `${alias}.${c}`;
  if (onPostgres(db)) {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    return (eb: ExpressionBuilder<any, any>) => eb(eb.ref(ref('period')), 'in', list);
  }
  const key = `periodRows:${table}:${JSON.stringify(list)}`;
  let range = memo?.get(key) as { lo: number | null; hi: number | null } | undefined;
  if (!range) {
    range = await db
      .selectFrom(table)
      .select((eb) => [eb.fn.min<number | null>('id').as('lo'), eb.fn.max<number | null>('id').as('hi')])
      .where('period', 'in', list)
      .executeTakeFirstOrThrow();
    memo?.set(key, range);
  }
  const lo = range.lo ?? 0;
  const hi = range.hi ?? -1;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>) =>
    eb.and([eb(eb.ref(ref('id')), '>=', lo), eb(eb.ref(ref('id')), '<=', hi), eb(eb.fn.coalesce(eb.ref(ref('period')), eb.val('')), 'in', list)]);
}
