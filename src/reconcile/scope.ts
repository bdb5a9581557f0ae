/**
 * The rows that count: roster and bank rows of files no later file has superseded, in the periods
 * of the run. Every rule reads through these, so a superseded file is never counted twice.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';

export type Periods = readonly string[];

/** Active roster rows of the given periods, as a subquery aliased `r`-ready. */
export function activeRoster(db: Kysely<Database>, periods: Periods) {
  return db
    .selectFrom('rosterEntries as re')
    .innerJoin('sourceFiles as rf', 'rf.id', 're.fileId')
    .where('rf.supersededBy', 'is', null)
    .where('re.period', 'in', periods.length ? [...periods] : ['-'])
    .selectAll('re');
}

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
