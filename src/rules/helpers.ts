/**
 * Helpers shared by rules: wording, the periods list, grouping, and the named query pieces several rules
 * read through (a person's approval and payment rows; a paid row into somebody else's account). What a rule
 * decides stays in the rule; only the pieces that were written out twice live here.
 */
import type { Kysely, QueryCreator } from 'kysely';
import type { Database } from '../db/index.ts';
import { PROGRAMS, type Program } from '../domain/index.ts';
import type { Localized } from '../messages/index.ts';
import { activeRoster, periodRows, type PeriodFilter } from '../reconcile/index.ts';
import type { EvidenceRef, RuleContext, RuleHit } from './types.ts';

export function programZh(program: string): string {
  return (PROGRAMS as Record<string, { short: string } | undefined>)[program]?.short ?? program;
}

const PROGRAM_SHORT_EN: Readonly<Record<string, string>> = { dibao: 'dibao', tekun: 'tekun', linshi: 'temporary assistance' };

/** A program's short name in both languages, as a message value (低保 / dibao). */
export function programText(program: string): Localized {
  return { zh: programZh(program), en: PROGRAM_SHORT_EN[program] ?? program };
}

/** A list of message values as one value: 低保、特困 / dibao, tekun. */
export function joinText(items: readonly (Localized | string)[]): Localized {
  const side = (lang: 'zh' | 'en') => items.map((x) => (typeof x === 'string' ? x : x[lang]));
  return { zh: side('zh').join('、'), en: side('en').join(', ') };
}

export function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}

/** For `where period in (…)`: an empty list must still be valid SQL and match nothing. */
export function periodList(periods: readonly string[]): string[] {
  return periods.length ? [...periods] : ['-'];
}

/** What the month-reading helpers need of a rule's context. */
export type ScanContext = Pick<RuleContext<unknown>, 'db' | 'periods' | 'memo'>;

/**
 * For a statement that reads most of each period's rows of a big table (a scan is the right plan): the filter
 * of reconcile's periodRows on `alias`. On SQLite, walking the (period, …) index would visit a month's rows
 * one by one in the index's order; this reads the id range of the periods' rows in one ordered pass, with
 * `period` hidden from the index. The range is looked up once per thread of a check (ctx.memo). On
 * PostgreSQL it is `period IN`, which selects the partitions. Not for a statement that seeks rows by key
 * (a join probe on period and ID): there the index is the right plan.
 */
export function wholePeriods(ctx: ScanContext, table: 'rosterEntries' | 'payments' | 'reconPayments', alias: string): Promise<PeriodFilter> {
  return periodRows(ctx.db, table, alias, ctx.periods, ctx.memo);
}

/** The active roster rows of the periods read in one pass (wholePeriods): activeRoster for a statement that reads most of it. */
export async function wholeRoster(ctx: ScanContext) {
  return activeRoster(ctx.db, ctx.periods, await wholePeriods(ctx, 'rosterEntries', 're'));
}

export type { Program };

/**
 * Rows grouped by a subject key, in first-seen order: a rule reads its flagged rows in one query and
 * makes one hit per group (a person with a 低保 and a 临时救助 row is one finding, not two).
 */
export function groupRows<T>(rows: readonly T[], key: (row: T) => string): T[][] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const g = groups.get(k);
    if (g) g.push(r);
    else groups.set(k, [r]);
  }
  return [...groups.values()];
}

/** The rows whose key is seen first (a join repeats a roster row once per matching staff or list row). */
export function uniqueBy<T>(rows: readonly T[], key: (row: T) => string): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => {
    const k = key(r);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Who a person-level finding is about, from their first approval row: one program named only when it is the only one. */
export function approvedPerson<R extends { period: string; district: string | null; districtCode: string | null; idNumber: string; name: string | null; accountNo: string | null }>(
  first: R,
  programs: readonly string[],
): Pick<R, 'period' | 'district' | 'districtCode' | 'idNumber' | 'name' | 'accountNo'> & { program: string | null } {
  return {
    period: first.period,
    district: first.district,
    districtCode: first.districtCode,
    program: programs.length === 1 ? programs[0]! : null,
    idNumber: first.idNumber,
    name: first.name,
    accountNo: first.accountNo,
  };
}

/** The people a person-level rule looks at, as a CTE named `people` (period, idNumber) in the rule's query. */
export type WithPeople = Database & { people: { period: string; idNumber: string } };

/**
 * One stream of the rows of the people in the CTE `people`: their active roster rows (`side` 'roster') and
 * their payment rows as reconciled (`side` 'payment'; only the paid ones with `paidOnly`). The columns are the
 * same on both sides: approvedFen is 0 on a payment row, amountFen 0 on a roster row; rosterRow / paidRow are
 * 1 on their side (for per-person sums); status and paymentId are null on a roster row. Row-value IN lets each
 * person be sought in the (period, ID) indexes of both tables.
 */
export function rosterAndPayments(db: Kysely<Database>, qc: QueryCreator<WithPeople>, periods: readonly string[], opts: { paidOnly: boolean }) {
  return qc
    .selectFrom(activeRoster(db, periods).as('r'))
    .where((eb) => eb(eb.refTuple('r.period', 'r.idNumber'), 'in', eb.selectFrom('people as c').select(['c.period', 'c.idNumber']).$asTuple('period', 'idNumber')))
    .select((eb) => [
      'r.period',
      'r.idNumber',
      eb.val('roster').$castTo<'roster' | 'payment'>().as('side'),
      'r.fileId',
      'r.rowNo',
      'r.district',
      'r.districtCode',
      'r.program',
      eb.ref('r.name').$castTo<string | null>().as('name'),
      'r.accountNo',
      'r.approvedFen',
      eb.lit(0).$castTo<number>().as('amountFen'),
      eb.lit(1).$castTo<number>().as('rosterRow'),
      eb.lit(0).$castTo<number>().as('paidRow'),
      eb.lit(null).$castTo<string | null>().as('status'),
      eb.lit(null).$castTo<number | null>().as('paymentId'),
    ])
    .unionAll((eb) =>
      eb
        .selectFrom('reconPayments as p')
        .where('p.period', 'in', periodList(periods))
        .$if(opts.paidOnly, (q) => q.where('p.status', '=', 'paid'))
        .where((e) =>
          e(e.refTuple('p.period', e.ref('p.recipientIdNumber').$castTo<string>()), 'in', e.selectFrom('people as c').select(['c.period', 'c.idNumber']).$asTuple('period', 'idNumber')),
        )
        .select((e) => [
          'p.period',
          e.ref('p.recipientIdNumber').$castTo<string>().as('idNumber'),
          e.val('payment').$castTo<'roster' | 'payment'>().as('side'),
          'p.fileId',
          'p.rowNo',
          'p.district',
          e.lit(null).$castTo<string | null>().as('districtCode'),
          'p.program',
          e.lit(null).$castTo<string | null>().as('name'),
          'p.accountNo',
          e.lit(0).$castTo<number>().as('approvedFen'),
          'p.amountFen',
          e.lit(0).$castTo<number>().as('rosterRow'),
          e.lit(1).$castTo<number>().as('paidRow'),
          e.ref('p.status').$castTo<string | null>().as('status'),
          e.ref('p.paymentId').$castTo<number | null>().as('paymentId'),
        ]),
    );
}

/** A roster or payment row of a person, as rosterAndPayments gives it (missing-payment reads roster rows only). */
export interface PersonRow {
  period: string;
  idNumber: string;
  side?: 'roster' | 'payment';
  fileId: number;
  rowNo: number;
  district: string | null;
  districtCode: string | null;
  program: string;
  name: string | null;
  accountNo: string | null;
  approvedFen: number;
}

/** A person's rows summed up: who they are (from their approval rows), what was approved, and every row as evidence. */
export interface Person<R> {
  period: string;
  idNumber: string;
  district?: string | null;
  districtCode?: string | null;
  name?: string | null;
  accountNo?: string | null;
  approvedFen: number;
  /** Programs of the approvals, first-seen order. */
  programs: string[];
  /** The payment-side rows (side 'payment'), in the order given. */
  payments: R[];
  /** Every row, roster and payment, sorted by file and row. */
  evidence: EvidenceRef[];
}

/**
 * Rows grouped per person (period, idNumber), in first-seen order. The approval (roster) rows give the approved
 * sum, the programs and who the person is — the first value that is not null, in the order of the rows; the
 * payment rows are kept for the rule to read.
 */
export function byPerson<R extends PersonRow>(rows: readonly R[]): Person<R>[] {
  const people = new Map<string, Person<R>>();
  for (const r of rows) {
    const key = `${r.period}|${r.idNumber}`;
    let p = people.get(key);
    if (!p) {
      p = { period: r.period, idNumber: r.idNumber, approvedFen: 0, programs: [], payments: [], evidence: [] };
      people.set(key, p);
    }
    p.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
    if ((r.side ?? 'roster') === 'roster') {
      p.approvedFen += Number(r.approvedFen);
      p.district ??= r.district;
      p.districtCode ??= r.districtCode;
      p.name ??= r.name;
      p.accountNo ??= r.accountNo;
      if (!p.programs.includes(r.program)) p.programs.push(r.program);
    } else {
      p.payments.push(r);
    }
  }
  for (const p of people.values()) p.evidence.sort((a, b) => a.fileId - b.fileId || (a.rowNo ?? 0) - (b.rowNo ?? 0));
  return [...people.values()];
}

/** The fields of a person-level hit that come from the person: subject, who, first program, approved sum, evidence. */
export function personHit<R>(p: Person<R>): Pick<RuleHit, 'subject' | 'period' | 'district' | 'districtCode' | 'idNumber' | 'name' | 'accountNo' | 'program' | 'expectedFen' | 'evidence'> {
  return {
    subject: { period: p.period, idNumber: p.idNumber },
    period: p.period,
    district: p.district,
    districtCode: p.districtCode,
    idNumber: p.idNumber,
    name: p.name,
    accountNo: p.accountNo,
    program: p.programs[0] ?? null,
    expectedFen: p.approvedFen,
    evidence: p.evidence,
  };
}

/**
 * Paid rows into an account whose holder (户名) is not the approved recipient: `p` is the reconciled payment, `r`
 * its active roster row. The payments are the big side, read in one pass, and compared with the approval's name
 * on their own row (approvedName, copied from r when paired); only the rows that differ go to their roster row,
 * one primary-key probe each. The caller selects what it needs from `p` and `r` (staff-proxy looks these holders
 * up among the staff).
 */
export async function paidToOtherHolder(ctx: ScanContext) {
  const { db, periods } = ctx;
  // The payments of the periods in one pass (most of them are paid and read).
  const months = await wholePeriods(ctx, 'reconPayments', 'p');
  return db
    .selectFrom('reconPayments as p')
    .crossJoin(activeRoster(db, periods).as('r'))
    .whereRef('r.id', '=', 'p.rosterId')
    .whereRef('r.period', '=', 'p.period') // same month by construction; lets PostgreSQL prune to its partition
    .where(months)
    .where('p.status', '=', 'paid')
    .where('p.accountHolder', 'is not', null)
    .whereRef('p.accountHolder', '<>', 'p.approvedName');
}

/**
 * paidToOtherHolder's rows whose holder has no agreement filed for that recipient under the holder's name
 * (代领协议备案).
 */
export async function paidToUnfiledHolder(ctx: ScanContext) {
  return (await paidToOtherHolder(ctx)).where((eb) =>
    eb.not(
      eb.exists(
        eb
          .selectFrom('proxyAgreements as a')
          .select('a.id')
          .whereRef('a.recipientIdNumber', '=', 'r.idNumber')
          .whereRef('a.proxyName', '=', 'p.accountHolder'),
      ),
    ),
  );
}
