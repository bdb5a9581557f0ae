/**
 * 四（四）：不得以任何形式挤占、挪用、截留、滞留社会救助资金。四（二）：区县要……按进度做好资金调度。
 * Money handed down and left lying (滞留), in two forms:
 *  - an allocation (文号) after which its district × fund paid out nothing at all for `days` days (default 30)
 *    while the money was still there — subject: district, fund, 文号;
 *  - a year-end balance above `yearEndShare` (default 20 %) of what that year handed down — subject:
 *    district, fund, year. Only years whose 31 December the data has passed are judged.
 * "As of" is the last date the data reaches (option `asOf` to fix it), so a finding never appears merely
 * because a night passed. The ledger (reconcile/funds-ledger.ts) says what counts as paid out.
 */
import { FUND_EN, FUND_ZH, type Fund } from '../domain/index.ts';
import { balanceOn, fundsLedger, idleAllocations } from '../reconcile/index.ts';
import { z } from 'zod';
import { defineRule } from './define-rule.ts';
import type { RuleHit } from './types.ts';

const programOf = (fund: string) => (fund === 'linshi-reserve' ? 'linshi' : fund);

export default defineRule({
  id: 'funds-idle',
  title: '资金滞留',
  titleEn: 'Allocated money left idle',
  severity: 'medium',
  clause: '四（四）',
  reads: ['allocation', 'petty-cash'],
  messages: {
    default: '{docNo} 于 {allocatedOn} 下达{fund}资金 {allocatedFen} 元，此后 {days} 天内（至 {deadline}）本区县该项资金没有任何支出，滞留 {idleFen} 元',
    yearEnd: '{year} 年{fund}资金下达 {allocatedFen} 元，年末结余 {balanceFen} 元，占 {sharePct}%，超过 {limitPct}%',
  },
  messagesEn: {
    default: '{docNo} allocated {allocatedFen} yuan of {fund} money on {allocatedOn}; in the {days} days after (to {deadline}) the district spent none of it: {idleFen} yuan idle',
    yearEnd: '{fund} money allocated in {year}: {allocatedFen} yuan; {balanceFen} yuan left at year end, {sharePct}%, above {limitPct}%',
  },
  options: {
    days: z.number().int().min(1).max(366).default(30).meta({ description: '下达后多少天内应有支出（1–366）' }),
    yearEndShare: z.number().min(0).max(1).default(0.2).meta({ description: '年末结余占当年下达的上限（0–1，0.2 = 20%）' }),
    asOf: z.iso.date().nullable().default(null).meta({ description: '判断的截至日（YYYY-MM-DD）；不写为数据最后日期' }),
  },
  async run({ db, options }) {
    const ledger = await fundsLedger(db);
    if (ledger.lines.length === 0) {
      return { cannotRun: { zh: '未导入资金下达文件，无法判断资金滞留', en: 'no allocation file has been ingested: idle money cannot be judged' } };
    }
    const asOf = options.asOf ?? ledger.asOf!;
    const days = options.days;
    const share = options.yearEndShare;
    const hits: RuleHit[] = [];
    for (const line of ledger.lines) {
      const fund = FUND_ZH[line.fund as Fund] ?? line.fund;
      const byDoc = new Map<string, ReturnType<typeof idleAllocations>>();
      for (const idle of idleAllocations(line, days, asOf)) byDoc.set(idle.allocation.docNo, [...(byDoc.get(idle.allocation.docNo) ?? []), idle]);
      for (const [docNo, list] of byDoc) {
        const first = list[0]!;
        const allocatedFen = list.reduce((s, x) => s + x.allocation.amountFen, 0);
        const idleFen = list.reduce((s, x) => s + x.idleFen, 0);
        hits.push({
          subject: { district: line.district, fund: line.fund, docNo },
          values: { docNo, allocatedOn: first.allocation.allocatedOn, fund, allocatedFen, days, deadline: first.deadline, idleFen },
          valuesEn: { fund: FUND_EN[line.fund as Fund] ?? line.fund },
          district: line.district,
          program: programOf(line.fund),
          expectedFen: allocatedFen,
          actualFen: idleFen,
          evidence: list.flatMap((x) => x.allocation.rows),
          data: { fund: line.fund, docNo, allocatedOn: first.allocation.allocatedOn, deadline: first.deadline, days, asOf, allocatedFen, idleFen, balanceAtDeadlineFen: first.balanceFen },
        });
      }
      const years = [...new Set(line.allocations.map((a) => a.allocatedOn.slice(0, 4)))];
      for (const year of years) {
        const yearEnd = `${year}-12-31`;
        if (!(yearEnd < asOf)) continue;
        const inYear = line.allocations.filter((a) => a.allocatedOn.startsWith(year));
        const allocatedFen = inYear.reduce((s, a) => s + a.amountFen, 0);
        const balanceFen = balanceOn(line, yearEnd);
        // Integer comparison: balance / allocated > share, without a float division of money.
        if (allocatedFen <= 0 || balanceFen <= 0 || balanceFen * 10_000 <= Math.round(share * 10_000) * allocatedFen) continue;
        hits.push({
          subject: { district: line.district, fund: line.fund, year },
          messageId: 'yearEnd',
          values: { year, fund, allocatedFen, balanceFen, sharePct: ((balanceFen * 100) / allocatedFen).toFixed(1), limitPct: String(Math.round(share * 1000) / 10) },
          valuesEn: { fund: FUND_EN[line.fund as Fund] ?? line.fund },
          district: line.district,
          program: programOf(line.fund),
          expectedFen: allocatedFen,
          actualFen: balanceFen,
          evidence: inYear.flatMap((a) => a.rows),
          data: { fund: line.fund, year, allocatedFen, balanceFen, yearEndShare: share, asOf },
        });
      }
    }
    return hits;
  },
});
