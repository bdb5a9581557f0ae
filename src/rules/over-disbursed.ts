/**
 * 四（二）：区县要统筹上级补助与本级预算……按进度做好资金调度；四（四）：专款专用，不得挤占、挪用。
 * A district × fund that paid out more than was handed down to it (allocations, 中央 + 市级 + 区县本级)
 * plus the balance it carried: at the end of some month its ledger balance was below zero. Still overdrawn
 * at the last month of the data: high; covered by a later allocation (an advance, 垫付, since repaid): medium.
 * Only district × fund lines with at least one allocation are judged (a fund never handed down at all is
 * outside the money trail the system was given, and is shown as such in the 资金台账, not flagged).
 * Subject: district, fund. Like funds-idle, it judges the whole ledger, so its findings carry no period.
 */
import { FUND_EN, FUND_ZH, type Fund } from '../domain/index.ts';
import { fundsLedger } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'over-disbursed',
  title: '超拨付发放',
  titleEn: 'Paid out beyond the money allocated',
  severity: 'high',
  clause: '四（二）, 四（四）',
  reads: ['allocation', 'petty-cash'],
  messages: {
    default: '{fund}资金截至 {month} 累计下达 {allocatedFen} 元，累计支出 {disbursedFen} 元，超支 {excessFen} 元，至今未补足',
    covered: '{fund}资金截至 {month} 累计下达 {allocatedFen} 元，累计支出 {disbursedFen} 元，超支 {excessFen} 元（此后已由下达资金补足）',
  },
  messagesEn: {
    default: '{fund} money up to {month}: {allocatedFen} yuan allocated, {disbursedFen} yuan spent, {excessFen} yuan overspent and not yet covered',
    covered: '{fund} money up to {month}: {allocatedFen} yuan allocated, {disbursedFen} yuan spent, {excessFen} yuan overspent (covered later by allocations)',
  },
  async run({ db }) {
    const ledger = await fundsLedger(db);
    if (ledger.lines.length === 0) {
      return { cannotRun: { zh: '未导入资金下达文件，无法判断是否超拨付发放', en: 'no allocation file has been ingested: over-disbursement cannot be judged' } };
    }
    const hits: RuleHit[] = [];
    for (const line of ledger.lines) {
      let worst = line.months[0]!;
      for (const m of line.months) if (m.balanceFen < worst.balanceFen) worst = m;
      if (worst.balanceFen >= 0) continue;
      const last = line.months.at(-1)!;
      const still = last.balanceFen < 0;
      const upTo = line.months.filter((m) => m.month <= worst.month);
      const allocatedFen = upTo.reduce((s, m) => s + m.allocatedFen, 0);
      const disbursedFen = upTo.reduce((s, m) => s + m.disbursedFen, 0);
      const overdrawn = line.months.filter((m) => m.balanceFen < 0).map((m) => m.month);
      hits.push({
        subject: { district: line.district, fund: line.fund },
        ...(still ? {} : { messageId: 'covered', severity: 'medium' as const }),
        values: { fund: FUND_ZH[line.fund as Fund] ?? line.fund, month: worst.month, allocatedFen, disbursedFen, excessFen: -worst.balanceFen },
        valuesEn: { fund: FUND_EN[line.fund as Fund] ?? line.fund },
        district: line.district,
        program: line.fund === 'linshi-reserve' ? 'linshi' : line.fund,
        expectedFen: allocatedFen,
        actualFen: disbursedFen,
        evidence: line.allocations.flatMap((a) => a.rows),
        data: {
          fund: line.fund, worstMonth: worst.month, excessFen: -worst.balanceFen, overdrawnMonths: overdrawn, balanceNowFen: last.balanceFen,
          lastMonth: last.month, bankFen: upTo.reduce((s, m) => s + m.bankFen, 0), pettyCashFen: upTo.reduce((s, m) => s + m.pettyCashFen, 0),
          paidBeforeLedgerStartFen: line.before.fen,
        },
      });
    }
    return hits;
  },
});
