/**
 * Lines roster and payments up for a set of periods, as set-based statements:
 *  1. every payment key folded into one row carrying its latest status (a 退票 after 成功 means not
 *     paid; a re-payment after a failure means paid), from files no later file superseded; the row keeps
 *     the batch it was sent in: batch number, and district / program from the ingest facts or the file's
 *     columns, else decoded from the batch number by the configured pattern;
 *  2. payments assigned to approvals per (period, ID number) — never "the ID's first roster row": each
 *     approval takes at most the payments that belong to it, by this evidence in order: (a) the batch the
 *     payment was sent in (district, program), (b) the program its label names when it is a standard label,
 *     (c) equal amount, (d) roster order. Rows without an ID number go by account number the same way.
 *     Rounds of "mutual best" pairs (the payment's best free approval whose best free payment it is) until
 *     none is left; then every payment still unassigned goes to its best approval (a second payment on an
 *     approval: duplicate-payment). A handful of rounds: one per approval a person holds at most;
 *  3. each payment counted in the batch it was sent in; when that batch's district / program are unknown,
 *     the matched approval's, else 未知 (still counted).
 */
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { BatchNumberPattern } from '../config.ts';
import { refreshStatistics, type Database, type Db } from '../db/index.ts';
import { PROGRAMS, type Program } from '../domain/index.ts';
import { decodeBatchNumber } from './batch-number.ts';
import { stopPoint } from '../errors.ts';
import { computeBatches } from './batches.ts';
import { onPostgres, periodRows, type PeriodFilter, type Periods } from './scope.ts';

export const UNKNOWN = '未知';

export interface ReconcileResult {
  payments: number;
  /** Milliseconds per stage, for the run record and the benchmark. */
  ms: { fold: number; indexes: number; match: number; commit: number; batches: number; statistics: number };
  /** CPU milliseconds (user + system) per stage: comparable when other work loads the machine. */
  cpuMs: { fold: number; indexes: number; match: number; commit: number; batches: number; statistics: number };
}

export interface ReconcileOptions {
  /** The operator's batch-number pattern (config `batchNumber`); null = batch numbers are not decoded. */
  batchNumber?: BatchNumberPattern | null;
  /** A stop request is honoured between stages (each stage is one transaction), with StopRequested. */
  signal?: AbortSignal;
}

/** At most this many assignment rounds (one per approval a person holds is enough); the rest go to their best approval. */
const MAX_ROUNDS = 20;

export async function reconcile(db: Db, periods: Periods, opts: ReconcileOptions = {}): Promise<ReconcileResult> {
  const list = periods.length ? [...periods] : ['-'];
  const ms = { fold: 0, indexes: 0, match: 0, commit: 0, batches: 0, statistics: 0 };
  const cpuMs = { ...ms };
  let t = performance.now();
  let cpu = process.cpuUsage();
  const lap = (stage: keyof typeof ms) => {
    const now = performance.now();
    ms[stage] += Math.round(now - t);
    t = now;
    const used = process.cpuUsage(cpu);
    cpuMs[stage] += Math.round((used.user + used.system) / 1000);
    cpu = process.cpuUsage();
  };
  await refreshStatistics(db.kysely, 'rosterEntries');
  await refreshStatistics(db.kysely, 'payments');
  lap('statistics');
  await stopPoint(opts.signal, 'reconcile:fold');
  const payments = await db.write(async ({ kysely: trx, deferIndexes, ensurePartitions }) => {
    await ensurePartitions('reconPayments', list);
    const incoming = await trx.selectFrom('payments').select((eb) => eb.fn.countAll<number>().as('n')).where('period', 'in', list).executeTakeFirstOrThrow();
    const postgres = db.dialect === 'postgres';
    // Indexes off before the old rows of these periods go: a re-check of a reconciled month deletes as many rows
    // as it inserts, and deleting a million rows with five indexes live took longer than the fold itself.
    // On PostgreSQL, the indexes of these months' partitions only (0018-partition-indexes).
    const indexes = await deferIndexes('reconPayments', Number(incoming.n), list);
    await trx.deleteFrom('reconPayments').where('period', 'in', list).execute();

    // The latest row of each payment key: no later row of the same key (later file, or later row of the same
    // file) in a file still in force. Most keys occur once in a month (a file's own repeats are numbered at
    // ingest), so the rows that are NOT latest are few: the keys that occur more than once are found in one pass
    // over the months' rows (a sort of their keys), their rows in a second pass, ranked by file and row, and every
    // row but each key's last is left out by id. No index on the key is kept for this (0023-payment-key-unindexed):
    // building it cost 1.1-1.6 s for every 1M-row bank file, 3 s on the second month's rebuild over both months,
    // and keeping it live as much again, a cost that grew with the history; the two passes read this month alone.
    const memo = new Map<string, unknown>();
    const pass = async (alias: string) => periodRows(trx, 'payments', alias, list, memo);
    const repeatedKeys = trx
      .selectFrom('payments as q')
      .innerJoin('sourceFiles as qf', 'qf.id', 'q.fileId')
      .where('qf.supersededBy', 'is', null)
      .where(await pass('q'))
      .groupBy(['q.paymentKey', 'q.period'])
      .having((eb) => eb.fn.countAll(), '>', 1)
      .select(['q.paymentKey', 'q.period']);
    const ranked = trx
      .selectFrom('payments as k')
      .innerJoin('sourceFiles as kf', 'kf.id', 'k.fileId')
      .where('kf.supersededBy', 'is', null)
      .where(await pass('k'))
      // Uncorrelated, so computed once (SQLite keeps it in a lookup table; PostgreSQL hashes it).
      .where((eb) => eb(eb.refTuple('k.paymentKey', 'k.period'), 'in', repeatedKeys.$asTuple('paymentKey', 'period')))
      .select((eb) => [
        'k.id',
        eb.fn.agg<number>('row_number', []).over((ob) => ob.partitionBy(['k.paymentKey', 'k.period']).orderBy('k.fileId', 'desc').orderBy('k.rowNo', 'desc')).as('fromLast'),
      ]);
    const stale = trx.selectFrom(ranked.as('s')).where('s.fromLast', '>', 1).select('s.id');
    // The batch facts its number states (config batchNumber), for the batches whose ingest facts and columns leave
    // them unknown: decoded before the fold, joined in it.
    const decoded = opts.batchNumber ? await decodedBatches(trx, await pass('b'), opts.batchNumber) : false;
    const fact = (column: 'district' | 'program', given: 'f.givenDistrict' | 'f.givenProgram') =>
      sql<string | null>`coalesce(${sql.join([sql.ref(given), sql.ref(`p.${column}`), ...(decoded ? [sql.ref(`d.${column}`)] : [])])})`;
    const latest = trx
      .withTables<{ batchFacts: BatchFactRow }>()
      .selectFrom('payments as p')
      .innerJoin('sourceFiles as f', 'f.id', 'p.fileId')
      .$if(decoded, (q) => q.leftJoin('batchFacts as d', 'd.batchNo', 'p.batchNo'))
      .where('f.supersededBy', 'is', null)
      .where(await pass('p'))
      // Uncorrelated: computed once (SQLite builds a lookup of it; PostgreSQL hashes it).
      .where('p.id', 'not in', stale)
      .select([
        'p.id', 'p.paymentKey', 'p.fileId', 'p.rowNo', 'p.period', 'p.district', 'p.program', 'p.idNumber', 'p.accountNo',
        'p.accountHolder', 'p.amountFen', 'p.feeFen', 'p.label', 'p.paidOn', 'p.status', 'p.batchNo',
        // The batch's facts given at ingest (CLI options, the upload form) come before the file's own columns, and
        // those before what the batch number states.
        fact('district', 'f.givenDistrict').as('batchDistrict'),
        fact('program', 'f.givenProgram').as('batchProgram'),
      ]);

    // A person with one approval (most people): every payment bearing their ID number goes to that approval, as
    // the rounds would send it whatever the evidence — the first round pairs the approval with its best payment
    // and the last round gives each payment still open its best approval, which is the same one. Paired here in
    // the fold's INSERT instead of by UPDATEs of every row afterwards (at 1M rows those UPDATEs were most of the
    // match stage). Left to the rounds: two approvals, and (undone right after the INSERT, leaveAccountNamed) an
    // approval whose account an ID-less bank row names, since the account-number pairing could give it that row
    // first. How many payments the person has does not matter: asking for exactly one (a GROUP BY of the month's
    // payments, sorted, then joined) cost 3-6 s of the fold at 1M rows and changed no pair.
    // Read from the (period, id_number, file_id) index alone (0017-reconcile-indexes): no row of the roster is
    // visited, which a million scattered reads made the fold's slowest part (3.5 of 14 s at 1M rows).
    const soloApprovals = trx
      .selectFrom('rosterEntries as r')
      .innerJoin('sourceFiles as rf', 'rf.id', 'r.fileId')
      .where('rf.supersededBy', 'is', null)
      .where('r.period', 'in', list)
      .where('r.idNumber', 'is not', null)
      .groupBy(['r.period', 'r.idNumber'])
      .having((eb) => eb.fn.countAll(), '=', 1)
      .select((eb) => ['r.period', 'r.idNumber', eb.fn.min('r.id').as('rid')]);
    // PostgreSQL estimates a grouped set filtered by count(*) = 1 at a handful of rows, and then joined the solo
    // sets to each other, and the fold's rows to them, by nested loops: quadratic (measured: this
    // statement alone 296 s at 30,000 rows). Hash joins are right here whatever the estimate, so nested loops
    // are off for this one statement (SET LOCAL: the transaction's, set back right after it).
    if (postgres) await sql`set local enable_nestloop = off`.execute(trx);
    const result = await trx
      .with((cte) => cte('solo').materialized(), (db) =>
        db.selectFrom(soloApprovals.as('a')).select(['a.period', 'a.idNumber', 'a.rid']),
      )
      .insertInto('reconPayments')
      // SQLite: OR FAIL keeps no statement journal (as the bulk inserts, db/sqlite.ts). A re-check fills the pages its
      // DELETE just freed, and the journal held a copy of each in memory: at 1M rows the re-check's peak RSS went
      // 722-723 -> 587-602 MiB, the fold 5.2-5.4 -> 5.1 s. A failing row still fails the transaction.
      .$if(!postgres, (q) => q.orFail())
      .columns([
        'paymentKey', 'paymentId', 'fileId', 'rowNo', 'period', 'district', 'program', 'idNumber', 'accountNo', 'accountHolder',
        'amountFen', 'feeFen', 'label', 'paidOn', 'status', 'rosterId', 'recipientIdNumber', 'approvedName', 'approvedFen', 'approvedProgram',
        'batchNo', 'batchDistrict', 'batchProgram',
      ])
      .expression((eb) =>
        eb
          .selectFrom(latest.as('m'))
          .leftJoin('solo as s', (j) => j.onRef('s.period', '=', 'm.period').onRef('s.idNumber', '=', 'm.idNumber'))
          // By period too: the approval is of the payment's month, and PostgreSQL then reads that month's partition
          // alone instead of every month's roster (a cost that grew with the history).
          .leftJoin('rosterEntries as sr', (j) => j.onRef('sr.id', '=', 's.rid').onRef('sr.period', '=', 's.period'))
          .select((e) => [
            'm.paymentKey', 'm.id', 'm.fileId', 'm.rowNo', 'm.period',
            // As the assignment sets them for a matched payment (assign below).
            e.fn.coalesce('m.batchDistrict', 'sr.district', e.val(UNKNOWN)).as('district'),
            e.fn.coalesce('m.batchProgram', 'sr.program', e.val(UNKNOWN)).as('program'),
            'm.idNumber', 'm.accountNo', 'm.accountHolder', 'm.amountFen', 'm.feeFen', 'm.label', 'm.paidOn', 'm.status',
            's.rid as rosterId', 'sr.idNumber as recipientIdNumber', 'sr.name as approvedName', 'sr.approvedFen', 'sr.program as approvedProgram',
            'm.batchNo', 'm.batchDistrict', 'm.batchProgram',
          ]),
      )
      .executeTakeFirst();
    if (postgres) await sql`set local enable_nestloop = on`.execute(trx);
    lap('fold');
    await indexes.restore();
    // The assignment joins the fresh rows against the roster: statistics first, so the planner walks them once.
    await refreshStatistics(trx, 'reconPayments');
    lap('indexes');
    if (decoded && !postgres) await sql`drop table temp.batch_facts`.execute(trx);
    const byAccount = await leaveAccountNamed(trx, list, !postgres);
    await assign(trx, list, byAccount);
    lap('match');
    return Number(result.numInsertedOrUpdatedRows ?? 0);
  });
  // The commit of the fold's transaction: on SQLite it also copies the transaction's pages from the WAL into the
  // file (the automatic checkpoint), a cost of its own at 1M rows that was counted in the batch stage before.
  lap('commit');
  // No second ANALYZE of reconPayments here: the one after the fold saw every row, and the assignment changes
  // roster_id on the few persons left to the rounds (at 1M rows it cost 1.0 s and changed no plan).
  await stopPoint(opts.signal, 'reconcile:batches');
  const { batches, paidDays } = await computeBatches(db.kysely, periods);
  await db.write(async (w) => {
    await w.kysely.deleteFrom('reconBatches').where('period', 'in', list).execute();
    await w.insertMany(
      'reconBatches',
      ['period', 'district', 'program', 'approvedCount', 'approvedFen', 'paidCount', 'paidFen', 'rosterFileIds', 'paymentFileIds'],
      batches.map((b) => [b.period, b.district, b.program, b.approvedCount, b.approvedFen, b.paidCount, b.paidFen, JSON.stringify(b.rosterFileIds), JSON.stringify(b.paymentFileIds)]),
    );
    // The funds ledger's bank side for these months; the other months' stay as their last check left them.
    await w.kysely.deleteFrom('reconPaid').where('period', 'in', list).execute();
    await w.insertMany(
      'reconPaid',
      ['period', 'district', 'program', 'paidOn', 'paidCount', 'paidFen'],
      paidDays.map((d) => [d.period, d.district, d.program, d.paidOn, d.paidCount, d.paidFen]),
    );
  });
  lap('batches');
  return { payments, ms, cpuMs };
}

type Trx = Kysely<Database>;

/**
 * Undoes the fold's pairing of an approval whose account an ID-less bank row of these months names (the rounds
 * decide those, by account as well as by ID number); says whether any ID-less row with an account is open, so
 * that the rounds look approvals up by account only then. The rows are the fold's unpaired ones, found through
 * the (period, id_number) index of the payments no approval took. The persons are looked up in any of the months'
 * roster rows, superseded or not: leaving one more person to the rounds changes nothing but time.
 *
 * On SQLite the roster's (period, account_no) index is made here, the first time a month has such a row, and kept
 * from then on (ingest keeps it as it keeps the others). A site whose banks always send ID numbers never builds
 * it: 0.8 s of every 1M-row roster file, twice that on the second month's rebuild over both months
 * (0022-account-index-on-demand). PostgreSQL keeps its per-month copies.
 */
async function leaveAccountNamed(trx: Trx, list: string[], sqlite: boolean): Promise<boolean> {
  const idless = trx
    .selectFrom('reconPayments as q')
    .where('q.period', 'in', list)
    .where('q.rosterId', 'is', null)
    .where('q.idNumber', 'is', null)
    .where('q.accountNo', 'is not', null);
  if (!(await idless.select('q.id').limit(1).executeTakeFirst())) return false;
  if (sqlite) await trx.schema.createIndex('roster_period_account').ifNotExists().on('roster_entries').columns(['period', 'account_no']).execute();
  const reached = trx.selectFrom('rosterEntries as r').select('r.idNumber').where('r.period', 'in', list).where('r.accountNo', 'in', idless.select('q.accountNo'));
  await trx
    .updateTable('reconPayments')
    .set((eb) => ({
      rosterId: null,
      recipientIdNumber: null,
      approvedName: null,
      approvedFen: null,
      approvedProgram: null,
      // As the fold's INSERT sets them for a payment it does not pair.
      district: eb.fn.coalesce('batchDistrict', eb.val(UNKNOWN)),
      program: eb.fn.coalesce('batchProgram', eb.val(UNKNOWN)),
    }))
    .where('period', 'in', list)
    .where('rosterId', 'is not', null)
    // A row the fold paired carries its own ID number as the recipient's; through the (period, recipient) index.
    .where('recipientIdNumber', 'in', reached)
    .execute();
  return true;
}

/** A row of the temporary table batch_facts: what one batch number states. */
interface BatchFactRow {
  batchNo: string;
  district: string | null;
  program: string | null;
}

/**
 * The batch facts (district, program) that the batch numbers of these months' payments state, by the operator's
 * pattern, for the batches whose ingest facts and file columns leave one unknown: one decode per distinct batch number
 * (a few hundred a month), into the transaction's temporary table batch_facts (dropped on commit on PostgreSQL, by the
 * fold on SQLite), which the fold joins. False when no batch number decodes to anything (no table then). The fold
 * wrote the payments first and UPDATEd them with these facts afterwards: a second write of every row of the month,
 * 4.2-4.4 s at 1M rows, and a statement journal of the whole month's pages in memory on SQLite.
 */
async function decodedBatches(trx: Trx, rows: PeriodFilter, pattern: BatchNumberPattern): Promise<boolean> {
  const open = await trx
    .selectFrom('payments as b')
    .innerJoin('sourceFiles as bf', 'bf.id', 'b.fileId')
    .select('b.batchNo')
    .distinct()
    .where('bf.supersededBy', 'is', null)
    .where(rows)
    .where('b.batchNo', 'is not', null)
    .where((eb) => eb.or([eb(eb.fn.coalesce('bf.givenDistrict', 'b.district'), 'is', null), eb(eb.fn.coalesce('bf.givenProgram', 'b.program'), 'is', null)]))
    .execute();
  const decoded: BatchFactRow[] = [];
  for (const { batchNo } of open) {
    const facts = decodeBatchNumber(batchNo!, pattern);
    if (facts && (facts.district || facts.program)) decoded.push({ batchNo: batchNo!, district: facts.district ?? null, program: facts.program ?? null });
  }
  if (decoded.length === 0) return false;
  const postgres = onPostgres(trx);
  await sql`create temp table batch_facts (batch_no text primary key, district text, program text)${postgres ? sql` on commit drop` : sql``}`.execute(trx);
  const k = trx.withTables<{ batchFacts: BatchFactRow }>();
  // A few thousand batch numbers per statement keeps the bound parameters well inside SQLite's 32,766.
  for (let i = 0; i < decoded.length; i += 5000) await k.insertInto('batchFacts').values(decoded.slice(i, i + 5000)).execute();
  return true;
}

const PROGRAM_CODES = Object.keys(PROGRAMS) as Program[];

/** The program a standard label names (低保金 → dibao …), else null; inner spaces do not count. */
function labelProgram(label: RawBuilder<unknown> | ReturnType<typeof sql.ref>): RawBuilder<string | null> {
  const compact = sql`replace(${label}, ' ', '')`;
  const whens = PROGRAM_CODES.map((p) => sql`when ${compact} in (${sql.join(PROGRAMS[p].standardLabels.map((l) => sql.lit(l)))}) then ${sql.lit(p)}`);
  return sql<string | null>`case ${sql.join(whens, sql` `)} else null end`;
}

/** +1 when a known fact agrees with the approval, -1 when it disagrees, 0 when unknown. */
function agree(fact: RawBuilder<unknown> | ReturnType<typeof sql.ref>, approval: ReturnType<typeof sql.ref>): RawBuilder<number> {
  return sql<number>`case when ${fact} is null then 0 when ${fact} = ${approval} then 1 else -1 end`;
}

/**
 * Candidate (payment, approval) pairs with their evidence: unassigned payments of the periods against active
 * roster rows of the same period and ID number (or account number, for a bank row without an ID). With
 * `freeOnly`, only approvals no payment has taken yet.
 */
function pairs(trx: Trx, list: string[], freeOnly: boolean, pending: Pending | null, byAccount: boolean) {
  const side = (by: 'idNumber' | 'accountNo') => {
    let q = trx
      .selectFrom('reconPayments as p')
      .innerJoin('rosterEntries as r', (j) => j.onRef('r.period', '=', 'p.period').onRef(`r.${by}`, '=', `p.${by}`))
      .innerJoin('sourceFiles as rf', 'rf.id', 'r.fileId')
      .where('rf.supersededBy', 'is', null)
      .where('p.period', 'in', list)
      .where('p.rosterId', 'is', null);
    if (by === 'accountNo') q = q.where('p.idNumber', 'is', null);
    // Only a hint for the planner: every unassigned payment's ID (or account) is in the list by construction,
    // so the pairs are the same; the (period, id_number) index then finds them instead of a walk of the period.
    if (pending) {
      const keys = by === 'idNumber' ? pending.ids : pending.accounts;
      if (keys.length === 0) q = q.where(sql.lit(false));
      else q = q.where(`p.${by}`, 'in', keys);
    }
    if (freeOnly) q = q.where((eb) => eb.not(eb.exists(eb.selectFrom('reconPayments as t').select('t.id').whereRef('t.rosterId', '=', 'r.id'))));
    return q.select([
      'p.id as pid',
      'p.paymentId as pno',
      'r.id as rid',
      sql<number>`${agree(sql.ref('p.batchProgram'), sql.ref('r.program'))} + ${agree(sql.ref('p.batchDistrict'), sql.ref('r.district'))}`.as('batchFit'),
      agree(labelProgram(sql.ref('p.label')), sql.ref('r.program')).as('labelFit'),
      sql<number>`case when ${sql.ref('p.amountFen')} = ${sql.ref('r.approvedFen')} then 1 else 0 end`.as('amountFit'),
      sql<number>`case when ${sql.ref('p.status')} = 'paid' then 1 else 0 end`.as('paid'),
    ]);
  };
  return byAccount ? side('idNumber').unionAll(side('accountNo')) : side('idNumber');
}

/** Sets rosterId for the chosen pairs; returns how many payments were assigned. */
async function assignRound(trx: Trx, list: string[], freeOnly: boolean, pending: Pending | null, byAccount: boolean): Promise<number> {
  const result = await trx
    .with((cte) => cte('ranked').materialized(), () =>
      trx
        .selectFrom(pairs(trx, list, freeOnly, pending, byAccount).as('x'))
        .select((eb) => [
          'x.pid',
          'x.rid',
          // The payment's ranking of its approvals: evidence, then roster order.
          eb.fn.agg<number>('row_number', []).over((ob) => ob.partitionBy('x.pid').orderBy('x.batchFit', 'desc').orderBy('x.labelFit', 'desc').orderBy('x.amountFit', 'desc').orderBy('x.rid')).as('pr'),
          // The approval's ranking of its payments: evidence, then a paid one before a failed one, then file order.
          eb.fn.agg<number>('row_number', []).over((ob) => ob.partitionBy('x.rid').orderBy('x.batchFit', 'desc').orderBy('x.labelFit', 'desc').orderBy('x.amountFit', 'desc').orderBy('x.paid', 'desc').orderBy('x.pno')).as('rr'),
        ]),
    )
    .updateTable('reconPayments')
    .from('ranked as k')
    .set((eb) => ({ rosterId: eb.ref('k.rid') }))
    .whereRef('reconPayments.id', '=', 'k.pid')
    .where('k.pr', '=', 1)
    .where((eb) => (freeOnly ? eb('k.rr', '=', 1) : eb.lit(true)))
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The ID numbers and accounts (of rows without an ID) of the payments still unassigned. */
interface Pending {
  ids: string[];
  accounts: string[];
}

/**
 * Above this many, later rounds walk the period as the first does: one IN list must stay well inside the
 * bound parameters of a statement (SQLite 32,766, PostgreSQL 65,535).
 */
const MAX_PENDING = 10_000;

/**
 * After the first round almost every payment has its approval; later rounds need only the persons who still
 * have an unassigned payment (at 1M rows each full round walked every roster row of the period: tens of seconds).
 */
async function pendingAfter(trx: Trx, list: string[]): Promise<Pending | null> {
  const open = await trx
    .selectFrom('reconPayments')
    .select(['idNumber', 'accountNo'])
    .where('period', 'in', list)
    .where('rosterId', 'is', null)
    .limit(MAX_PENDING + 1)
    .execute();
  if (open.length > MAX_PENDING) return null;
  const ids = new Set<string>();
  const accounts = new Set<string>();
  for (const o of open) {
    if (o.idNumber !== null) ids.add(o.idNumber);
    else if (o.accountNo !== null) accounts.add(o.accountNo);
  }
  if (ids.size + accounts.size > MAX_PENDING) return null;
  return { ids: [...ids], accounts: [...accounts] };
}

/**
 * The assignment (see the file's comment), then each matched payment's recipient, approval and batch. `byAccount`:
 * an ID-less payment with an account is open (leaveAccountNamed), so approvals are looked up by account too.
 */
async function assign(trx: Trx, list: string[], byAccount: boolean): Promise<void> {
  // Most payments were paired in the fold: the rounds need only the persons still unassigned.
  let pending: Pending | null = await pendingAfter(trx, list);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    if (pending && pending.ids.length + pending.accounts.length === 0) break;
    if ((await assignRound(trx, list, true, pending, byAccount)) === 0) break;
    pending = await pendingAfter(trx, list);
  }
  pending = await pendingAfter(trx, list);
  if (!pending || pending.ids.length + pending.accounts.length > 0) await assignRound(trx, list, false, pending, byAccount);
  await trx
    .updateTable('reconPayments')
    .from('rosterEntries as r')
    .set((eb) => ({
      recipientIdNumber: eb.ref('r.idNumber'),
      approvedName: eb.ref('r.name'),
      approvedFen: eb.ref('r.approvedFen'),
      approvedProgram: eb.ref('r.program'),
      district: eb.fn.coalesce('reconPayments.batchDistrict', 'r.district', eb.val(UNKNOWN)),
      program: eb.fn.coalesce('reconPayments.batchProgram', 'r.program', eb.val(UNKNOWN)),
    }))
    .whereRef('reconPayments.rosterId', '=', 'r.id')
    .where('reconPayments.period', 'in', list)
    // The pairs the fold made carry their recipient already (an approval without an ID number is not among them).
    .where('reconPayments.recipientIdNumber', 'is', null)
    .execute();
}
