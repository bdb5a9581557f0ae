/**
 * Money at stake: how much money the open findings of a run are about, computed here once for every
 * view (the HTML report's first screen, Excel 概览, the portal's runs page and finding lists).
 *
 * Four kinds, each from one rule whose stored expected / actual fen say it exactly:
 *   difference  amount-mismatch      |paid − approved| per person and month (over- and underpayment alike)
 *   unapproved  unapproved-payment   paid to someone with no approval that month
 *   fee         bank-fee             fees charged to recipients
 *   deceased    deceased-recipient   paid after the recipient's death
 * Batch-level rules (total-mismatch, control-total) restate the same money per batch and are left out,
 * so nothing is counted twice. A finding counts while it is open: not resolved, not marked false-positive.
 */
import type { Db } from '../db/index.ts';
import { latestReviews } from './reviews.ts';

export type MoneyKind = 'difference' | 'unapproved' | 'fee' | 'deceased';
export const MONEY_KINDS: readonly MoneyKind[] = ['difference', 'unapproved', 'fee', 'deceased'];

/** Which rule says which kind of money. */
export const MONEY_RULES: Readonly<Record<string, MoneyKind>> = {
  'amount-mismatch': 'difference',
  'unapproved-payment': 'unapproved',
  'bank-fee': 'fee',
  'deceased-recipient': 'deceased',
};

export const MONEY_KIND_ZH: Record<MoneyKind, string> = { difference: '金额差异', unapproved: '未经审批的付款', fee: '向对象收取的费用', deceased: '付给已死亡人员' };
export const MONEY_KIND_EN: Record<MoneyKind, string> = { difference: 'Differences', unapproved: 'Unapproved payments', fee: 'Fees charged', deceased: 'Paid to deceased people' };

/** What a finding needs for the sums. */
export interface MoneyFinding {
  rule: string;
  district: string | null;
  expectedFen: number | null;
  actualFen: number | null;
  status: string;
  review?: { mark: string } | null;
}

export interface MoneySum {
  fen: number;
  count: number;
}

export interface MoneyAtStake extends MoneySum {
  byKind: Record<MoneyKind, MoneySum>;
  /** Rules with money at stake, largest first. */
  byRule: (MoneySum & { rule: string; kind: MoneyKind })[];
  /** Districts (null: not known) with money at stake, largest first. */
  byDistrict: (MoneySum & { district: string | null; byKind: Record<MoneyKind, MoneySum> })[];
}

export function isOpen(f: Pick<MoneyFinding, 'status' | 'review'>): boolean {
  return f.status !== 'resolved' && f.review?.mark !== 'false-positive';
}

/** The money at stake of one finding of a money rule (null for other rules). */
export function moneyOf(f: Pick<MoneyFinding, 'rule' | 'expectedFen' | 'actualFen'>): { kind: MoneyKind; fen: number } | null {
  const kind = MONEY_RULES[f.rule];
  if (!kind) return null;
  const actual = f.actualFen ?? 0;
  return { kind, fen: kind === 'difference' ? Math.abs(actual - (f.expectedFen ?? 0)) : Math.abs(actual) };
}

/**
 * The amount a finding is about, for ranking findings of any rule by money: its money at stake for a
 * money rule; otherwise the gap between expected and actual when both are known, else whichever is.
 */
export function amountOf(f: Pick<MoneyFinding, 'rule' | 'expectedFen' | 'actualFen'>): number {
  const m = moneyOf(f);
  if (m) return m.fen;
  if (f.expectedFen !== null && f.actualFen !== null) return Math.abs(f.actualFen - f.expectedFen);
  return Math.abs(f.actualFen ?? f.expectedFen ?? 0);
}

const zeroKinds = (): Record<MoneyKind, MoneySum> => ({ difference: { fen: 0, count: 0 }, unapproved: { fen: 0, count: 0 }, fee: { fen: 0, count: 0 }, deceased: { fen: 0, count: 0 } });

export function emptyMoney(): MoneyAtStake {
  return { fen: 0, count: 0, byKind: zeroKinds(), byRule: [], byDistrict: [] };
}

/** Sums the open findings of money rules among `findings` (any others are passed over). */
export function sumMoney(findings: Iterable<MoneyFinding>): MoneyAtStake {
  const out = emptyMoney();
  const rules = new Map<string, MoneyAtStake['byRule'][number]>();
  const districts = new Map<string | null, MoneyAtStake['byDistrict'][number]>();
  for (const f of findings) {
    const m = moneyOf(f);
    if (!m || !isOpen(f)) continue;
    out.fen += m.fen;
    out.count++;
    out.byKind[m.kind].fen += m.fen;
    out.byKind[m.kind].count++;
    const r = rules.get(f.rule) ?? { rule: f.rule, kind: m.kind, fen: 0, count: 0 };
    rules.set(f.rule, r);
    r.fen += m.fen;
    r.count++;
    const d = districts.get(f.district) ?? { district: f.district, fen: 0, count: 0, byKind: zeroKinds() };
    districts.set(f.district, d);
    d.fen += m.fen;
    d.count++;
    d.byKind[m.kind].fen += m.fen;
    d.byKind[m.kind].count++;
  }
  out.byRule = [...rules.values()].sort((a, b) => b.fen - a.fen || a.rule.localeCompare(b.rule));
  out.byDistrict = [...districts.values()].sort((a, b) => b.fen - a.fen || (a.district ?? '\uffff').localeCompare(b.district ?? '\uffff', 'zh'));
  return out;
}

/**
 * Money at stake of a run's stored findings; `districts` limits it to those districts (an account
 * limited to some districts sees only theirs).
 */
export async function moneyAtStake(db: Db, runId: number, opts: { districts?: readonly string[] | null } = {}): Promise<MoneyAtStake> {
  let q = db.kysely
    .selectFrom('findings')
    .select(['rule', 'district', 'expectedFen', 'actualFen', 'status', 'fingerprint'])
    .where('runId', '=', runId)
    .where('rule', 'in', Object.keys(MONEY_RULES))
    .where('status', '<>', 'resolved');
  if (opts.districts) {
    if (opts.districts.length === 0) return emptyMoney();
    q = q.where('district', 'in', [...opts.districts]);
  }
  const rows = await q.execute();
  const reviews = rows.length ? await latestReviews(db) : new Map();
  return sumMoney(
    rows.map((r) => ({
      rule: r.rule,
      district: r.district,
      expectedFen: r.expectedFen === null ? null : Number(r.expectedFen),
      actualFen: r.actualFen === null ? null : Number(r.actualFen),
      status: r.status,
      review: reviews.get(r.fingerprint) ?? null,
    })),
  );
}
