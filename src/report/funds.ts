/**
 * The 资金 part of the report model: the funds ledger (reconcile/funds-ledger.ts) as totals per district ×
 * fund, per district (for the chart), month by month (for the 资金台账 sheet), and the open leads of the four
 * money-trail rules. Null when no allocation was ever ingested (the rules-not-run section then says why).
 */
import type { Db } from '../db/index.ts';
import { fundsLedger } from '../reconcile/index.ts';
import type { FindingCounts, FundsView } from './model-types.ts';

export const FUNDS_RULE_IDS = ['funds-idle', 'over-disbursed', 'petty-cash-unregistered', 'petty-cash-staff'] as const;

export async function fundsView(db: Db, counts: FindingCounts): Promise<FundsView | null> {
  const ledger = await fundsLedger(db.kysely);
  if (ledger.lines.length === 0) return null;
  const lines = ledger.lines.map((l) => {
    const sum = (f: (m: (typeof l.months)[number]) => number) => l.months.reduce((s, m) => s + f(m), 0);
    return {
      district: l.district,
      fund: l.fund,
      start: l.start,
      allocatedFen: sum((m) => m.allocatedFen),
      bankFen: sum((m) => m.bankFen),
      pettyCashFen: sum((m) => m.pettyCashFen),
      disbursedFen: sum((m) => m.disbursedFen),
      balanceFen: l.months.at(-1)?.balanceFen ?? 0,
      beforeFen: l.before.fen,
    };
  });
  const byDistrict = new Map<string, { district: string; allocatedFen: number; disbursedFen: number; balanceFen: number }>();
  for (const l of lines) {
    const d = byDistrict.get(l.district) ?? { district: l.district, allocatedFen: 0, disbursedFen: 0, balanceFen: 0 };
    d.allocatedFen += l.allocatedFen;
    d.disbursedFen += l.disbursedFen;
    d.balanceFen += l.balanceFen;
    byDistrict.set(l.district, d);
  }
  return {
    asOf: ledger.asOf,
    unattributedFen: ledger.unattributedFen,
    lines,
    byDistrict: [...byDistrict.values()],
    months: ledger.lines.flatMap((l) => l.months),
    leads: FUNDS_RULE_IDS.map((rule) => {
      const c = counts.byRule.find((r) => r.rule === rule);
      return { rule, title: c?.title ?? rule, open: c?.open ?? 0 };
    }),
  };
}
