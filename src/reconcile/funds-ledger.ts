/**
 * The funds ledger (渝民发〔2020〕5号 四（二）（四）): per district × fund × month, the money handed down
 * (allocations), the money paid out (paid bank rows of the program + petty-cash spending for the
 * 临时救助备用金) and the balance carried. A fund is a program, or `linshi-reserve` for the townships'
 * 临时救助备用金: bank rows of 临时救助 count against `linshi`, petty-cash rows against `linshi-reserve`.
 *
 * A district × fund's ledger starts in the month of its first allocation: money paid before that belongs
 * to allocations the system was never given (an earlier year), and counting it would only make noise.
 * It is reported as `before` so a reader can see it was left out.
 *
 * Sums are taken in SQL, grouped by day; the walk through time (running balance, first-in-first-out use
 * of each allocation) is done here over those few thousand groups.
 */
import { addDays } from 'date-fns/addDays';
import { endOfMonth } from 'date-fns/endOfMonth';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import type { Kysely } from 'kysely';
import type { Database } from '../db/index.ts';
import { FUNDS, RESERVE_FUND } from '../domain/index.ts';
import { UNKNOWN } from './reconcile.ts';

export interface LedgerMonth {
  district: string;
  fund: string;
  month: string;
  allocatedFen: number;
  bankFen: number;
  pettyCashFen: number;
  disbursedFen: number;
  /** Allocated minus disbursed from the ledger's start to this month's end (negative: overdrawn). */
  balanceFen: number;
}

export interface AllocationUse {
  district: string;
  fund: string;
  docNo: string;
  allocatedOn: string;
  amountFen: number;
  /** Evidence: the allocation rows. */
  rows: { fileId: number; rowNo: number }[];
}

export interface LedgerLine {
  district: string;
  fund: string;
  /** First month of the ledger: the month of the first allocation. */
  start: string;
  months: LedgerMonth[];
  allocations: AllocationUse[];
  /** Disbursements by day, from the start on (bank and petty cash together). */
  spending: { on: string; fen: number }[];
  /** Paid before the ledger starts: not counted. */
  before: { fen: number; count: number };
}

export interface FundsLedger {
  lines: LedgerLine[];
  /** The last date the data reaches (allocation, payment or petty-cash date): the ledger's "as of"; null when it has no lines. */
  asOf: string | null;
  /** Paid bank rows whose district could not be told: they are in no district's ledger. */
  unattributedFen: number;
}

const lastDayOf = (period: string) => format(endOfMonth(parseISO(`${period}-01`)), 'yyyy-MM-dd');

export function addDaysIso(day: string, n: number): string {
  return format(addDays(parseISO(day), n), 'yyyy-MM-dd');
}

/**
 * Builds the whole ledger from the database. Empty when no allocation is in force (none ingested, or only in
 * superseded files): then nothing else is read, since every line starts at an allocation. The bank side is
 * recon_paid, every reconciled month's paid payments per day (written with the batch table).
 */
export async function fundsLedger(db: Kysely<Database>): Promise<FundsLedger> {
  const allocs = await db
    .selectFrom('allocations as a')
    .innerJoin('sourceFiles as f', 'f.id', 'a.fileId')
    .where('f.supersededBy', 'is', null)
    .select(['a.district', 'a.fund', 'a.docNo', 'a.allocatedOn', 'a.amountFen', 'a.fileId', 'a.rowNo'])
    .orderBy('a.allocatedOn')
    .orderBy('a.fileId')
    .orderBy('a.rowNo')
    .execute();
  if (allocs.length === 0) return { lines: [], asOf: null, unattributedFen: 0 };
  // Every reconciled month's paid payments per day, as its last check left them (recon_paid, a few thousand rows a
  // year, written with the batch table): summing the reconciled payments here read every month's, each time.
  const bank = await db.selectFrom('reconPaid as p').select(['p.district', 'p.program', 'p.period', 'p.paidOn', 'p.paidFen as fen']).execute();
  const petty = await db
    .selectFrom('pettyCash as c')
    .innerJoin('sourceFiles as f', 'f.id', 'c.fileId')
    .where('f.supersededBy', 'is', null)
    .select((eb) => ['c.district', 'c.spentOn', eb.fn.sum<number>('c.amountFen').as('fen')])
    .groupBy(['c.district', 'c.spentOn'])
    .execute();

  const lines = new Map<string, LedgerLine & { events: Map<string, { allocated: number; bank: number; petty: number }> }>();
  const key = (district: string, fund: string) => `${district}|${fund}`;
  let asOf: string | null = null;
  const seeDate = (d: string) => {
    if (asOf === null || d > asOf) asOf = d;
  };
  for (const a of allocs) {
    seeDate(a.allocatedOn);
    let line = lines.get(key(a.district, a.fund));
    if (!line) {
      line = { district: a.district, fund: a.fund, start: a.allocatedOn.slice(0, 7), months: [], allocations: [], spending: [], before: { fen: 0, count: 0 }, events: new Map() };
      lines.set(key(a.district, a.fund), line);
    }
    const last = line.allocations.at(-1);
    if (last && last.docNo === a.docNo && last.allocatedOn === a.allocatedOn) {
      last.amountFen += Number(a.amountFen);
      last.rows.push({ fileId: a.fileId, rowNo: a.rowNo });
    } else {
      line.allocations.push({ district: a.district, fund: a.fund, docNo: a.docNo, allocatedOn: a.allocatedOn, amountFen: Number(a.amountFen), rows: [{ fileId: a.fileId, rowNo: a.rowNo }] });
    }
    event(line.events, a.allocatedOn).allocated += Number(a.amountFen);
  }
  let unattributedFen = 0;
  const spend = (district: string, fund: string, on: string, fen: number, kind: 'bank' | 'petty') => {
    seeDate(on);
    const line = lines.get(key(district, fund));
    if (!line) return;
    if (on.slice(0, 7) < line.start) {
      line.before.fen += fen;
      line.before.count++;
      return;
    }
    event(line.events, on)[kind] += fen;
  };
  for (const b of bank) {
    if (b.district === UNKNOWN || b.program === UNKNOWN) {
      unattributedFen += Number(b.fen);
      continue;
    }
    spend(b.district, b.program, b.paidOn && b.paidOn.length === 10 ? b.paidOn : lastDayOf(b.period), Number(b.fen), 'bank');
  }
  for (const c of petty) spend(c.district, RESERVE_FUND, c.spentOn, Number(c.fen), 'petty');

  const out: LedgerLine[] = [];
  for (const { events, ...line } of [...lines.values()].sort((x, y) => x.district.localeCompare(y.district, 'zh') || FUNDS.indexOf(x.fund as never) - FUNDS.indexOf(y.fund as never))) {
    const byMonth = new Map<string, LedgerMonth>();
    const days = [...events.keys()].sort();
    for (const day of days) {
      const e = events.get(day)!;
      const month = day.slice(0, 7);
      let m = byMonth.get(month);
      if (!m) {
        m = { district: line.district, fund: line.fund, month, allocatedFen: 0, bankFen: 0, pettyCashFen: 0, disbursedFen: 0, balanceFen: 0 };
        byMonth.set(month, m);
      }
      m.allocatedFen += e.allocated;
      m.bankFen += e.bank;
      m.pettyCashFen += e.petty;
      m.disbursedFen += e.bank + e.petty;
      if (e.bank + e.petty > 0) line.spending.push({ on: day, fen: e.bank + e.petty });
    }
    let balance = 0;
    for (const m of [...byMonth.values()].sort((x, y) => x.month.localeCompare(y.month))) {
      balance += m.allocatedFen - m.disbursedFen;
      m.balanceFen = balance;
      line.months.push(m);
    }
    out.push(line);
  }
  return { lines: out, asOf, unattributedFen };
}

function event(events: Map<string, { allocated: number; bank: number; petty: number }>, day: string) {
  let e = events.get(day);
  if (!e) {
    e = { allocated: 0, bank: 0, petty: 0 };
    events.set(day, e);
  }
  return e;
}

/**
 * Allocations whose money sat still: no disbursement at all on their district × fund in the `days` days
 * after they arrived, while the money was still there. The idle amount is the allocation, capped by the
 * balance at the deadline (an allocation that repaid an advance, 垫付, was used at once). A budget handed
 * down in one lump and spent month by month is not idle by this test; the year-end balance catches slow use.
 * Allocations whose deadline is not yet past `asOf` are not judged.
 */
export function idleAllocations(line: LedgerLine, days: number, asOf: string): { allocation: AllocationUse; deadline: string; idleFen: number; balanceFen: number }[] {
  const out: { allocation: AllocationUse; deadline: string; idleFen: number; balanceFen: number }[] = [];
  for (const a of line.allocations) {
    const deadline = addDaysIso(a.allocatedOn, days);
    if (!(deadline < asOf)) continue;
    const spentInWindow = line.spending.some((s) => s.on >= a.allocatedOn && s.on <= deadline);
    if (spentInWindow) continue;
    const balanceFen = balanceOn(line, deadline);
    const idleFen = Math.min(a.amountFen, balanceFen);
    if (idleFen > 0) out.push({ allocation: a, deadline, idleFen, balanceFen });
  }
  return out;
}

/** Allocated minus disbursed from the line's start to the end of `day`. */
export function balanceOn(line: LedgerLine, day: string): number {
  let fen = 0;
  for (const a of line.allocations) if (a.allocatedOn <= day) fen += a.amountFen;
  for (const s of line.spending) if (s.on <= day) fen -= s.fen;
  return fen;
}
