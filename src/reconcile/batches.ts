/**
 * The batch table: for every (period, district, program), what the roster approved (count, total)
 * against what was paid (count, total, latest status `paid`). Payments that match no roster row and
 * name no district or program are grouped under 未知 and still counted.
 */
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { UNKNOWN } from './reconcile.ts';
import { activeRoster, type Periods } from './scope.ts';

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

/** Computes the batch table from the active roster and the reconciled payments (reconcile stores it). */
export async function computeBatches(db: Kysely<Database>, periods: Periods): Promise<BatchRow[]> {
  const list = periods.length ? [...periods] : ['-'];
  const approved = db
    .selectFrom(activeRoster(db, periods).as('r'))
    .select((eb) => [
      'r.period',
      eb.fn.coalesce('r.district', eb.val(UNKNOWN)).as('district'),
      'r.program',
      eb.fn.countAll<number>().as('approvedCount'),
      eb.fn.sum<number>('r.approvedFen').as('approvedFen'),
      eb.val(0).as('paidCount'),
      eb.val(0).as('paidFen'),
      eb.fn.min<number>('r.fileId').as('fileId'),
      eb.val('r').as('side'),
    ])
    .groupBy(['r.period', 'r.district', 'r.program']);
  const paid = db
    .selectFrom('reconPayments as p')
    .where('p.period', 'in', list)
    .where('p.status', '=', 'paid')
    .select((eb) => [
      'p.period',
      'p.district',
      'p.program',
      eb.val(0).as('approvedCount'),
      eb.val(0).as('approvedFen'),
      eb.fn.countAll<number>().as('paidCount'),
      eb.fn.sum<number>('p.amountFen').as('paidFen'),
      eb.fn.min<number>('p.fileId').as('fileId'),
      eb.val('p').as('side'),
    ])
    .groupBy(['p.period', 'p.district', 'p.program']);
  const rows = await db
    .selectFrom(approved.unionAll(paid).as('b'))
    .select((eb) => [
      'b.period',
      'b.district',
      'b.program',
      eb.fn.sum<number>('b.approvedCount').as('approvedCount'),
      eb.fn.sum<number>('b.approvedFen').as('approvedFen'),
      eb.fn.sum<number>('b.paidCount').as('paidCount'),
      eb.fn.sum<number>('b.paidFen').as('paidFen'),
    ])
    .groupBy(['b.period', 'b.district', 'b.program'])
    .orderBy('b.period')
    .orderBy('b.district')
    .orderBy('b.program')
    .execute();
  const files = await batchFiles(db, periods);
  return rows.map((r) => {
    const key = `${r.period}|${r.district}|${r.program}`;
    return {
      period: r.period,
      district: r.district as string,
      program: r.program,
      approvedCount: Number(r.approvedCount),
      approvedFen: Number(r.approvedFen),
      paidCount: Number(r.paidCount),
      paidFen: Number(r.paidFen),
      rosterFileIds: files.roster.get(key) ?? [],
      paymentFileIds: files.payments.get(key) ?? [],
    };
  });
}

async function batchFiles(db: Kysely<Database>, periods: Periods) {
  const list = periods.length ? [...periods] : ['-'];
  const roster = await db
    .selectFrom(activeRoster(db, periods).as('r'))
    .select((eb) => ['r.period', eb.fn.coalesce('r.district', eb.val(UNKNOWN)).as('district'), 'r.program', 'r.fileId'])
    .distinct()
    .execute();
  const payments = await db.selectFrom('reconPayments as p').where('p.period', 'in', list).select(['p.period', 'p.district', 'p.program', 'p.fileId']).distinct().execute();
  const group = (rows: { period: string; district: string | null; program: string; fileId: number }[]) => {
    const m = new Map<string, number[]>();
    for (const r of rows) {
      const key = `${r.period}|${r.district}|${r.program}`;
      m.set(key, [...(m.get(key) ?? []), r.fileId]);
    }
    return m;
  };
  return { roster: group(roster), payments: group(payments) };
}
