/**
 * 四（四）：不得以任何形式挤占、挪用、截留、滞留社会救助资金。
 * A paid row whose payment date (paidOn) is after the period's deadline: day `deadlineDay` (default 28) of
 * the period month, capped at the month's last day; a date in a later month is always late. Rows without a
 * date are not judged.
 */
import { periodDeadline } from '../domain/index.ts';
import { z } from 'zod';
import { defineRule } from './define-rule.ts';
import { wholePeriods } from './helpers.ts';
import type { EvidenceRef, RuleHit } from './types.ts';

type Acc = RuleHit & { evidence: EvidenceRef[]; paidFen: number; lastPaidOn: string; paidOns: string[] };

const DAY_MS = 86_400_000;
/** `YYYY-MM-DD` → days since 1970-01-01, for counting the days late. */
const dayNumber = (isoDate: string) => Date.UTC(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)) - 1, Number(isoDate.slice(8, 10))) / DAY_MS;

export default defineRule({
  id: 'late-payment',
  title: '发放滞后',
  titleEn: 'Paid after the deadline',
  severity: 'medium',
  clause: '四（四）',
  reads: [],
  messages: { default: '代发 {paidFen} 元于 {paidOn} 到账，晚于本期发放截止日 {deadline}，滞后 {daysLate} 天' },
  messagesEn: { default: '{paidFen} yuan paid on {paidOn}, after the deadline {deadline} of the period: {daysLate} days late' },
  options: { deadlineDay: z.number().int().min(1).max(31).default(28).meta({ description: '每月发放截止日（1–31），大于该月天数时取月末' }) },
  async run(ctx) {
    const { db, periods, options } = ctx;
    if (periods.length === 0) return [];
    const deadlineDay = options.deadlineDay;
    const deadlines = new Map(periods.map((p) => [p, periodDeadline(p, deadlineDay)]));
    const rows = await db
      .selectFrom('reconPayments as p')
      .leftJoin('rosterEntries as re', (j) => j.onRef('re.id', '=', 'p.rosterId').onRef('re.period', '=', 'p.period'))
      // A month is most of the table: read in one pass on SQLite, pruned to its partition on PostgreSQL.
      .where(await wholePeriods(ctx, 'reconPayments', 'p'))
      .where('p.status', '=', 'paid')
      .where('p.paidOn', 'is not', null)
      // The date part only, so a timestamp on the deadline day itself is on time.
      .where((eb) => {
        const [first, ...rest] = [...deadlines];
        let whens = eb.case('p.period').when(first![0]).then(first![1]);
        for (const [period, day] of rest) whens = whens.when(period).then(day);
        return eb(eb.fn<string>('substr', ['p.paidOn', eb.lit(1), eb.lit(10)]), '>', whens.end());
      })
      .select([
        'p.period',
        'p.idNumber',
        'p.recipientIdNumber',
        'p.accountNo',
        'p.accountHolder',
        'p.district',
        'p.program',
        'p.amountFen',
        'p.paidOn',
        'p.fileId',
        'p.rowNo',
        're.name as rosterName',
        're.districtCode',
      ])
      .execute();

    const hits = new Map<string, Acc>();
    for (const r of rows) {
      const idNumber = r.recipientIdNumber ?? r.idNumber;
      const subject: Record<string, string> = idNumber !== null ? { period: r.period, idNumber } : { period: r.period, accountNo: r.accountNo ?? '' };
      const key = JSON.stringify(subject);
      const paidOn = (r.paidOn ?? '').slice(0, 10);
      let hit = hits.get(key);
      if (!hit) {
        hit = {
          subject,
          period: r.period,
          district: r.district,
          districtCode: r.districtCode,
          program: r.program,
          idNumber,
          name: r.rosterName ?? r.accountHolder,
          accountNo: r.accountNo,
          evidence: [],
          paidFen: 0,
          lastPaidOn: paidOn,
          paidOns: [],
        };
        hits.set(key, hit);
      }
      hit.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
      hit.paidFen += r.amountFen;
      hit.paidOns.push(paidOn);
      if (paidOn > hit.lastPaidOn) hit.lastPaidOn = paidOn;
    }
    return [...hits.values()].map(({ paidFen, lastPaidOn, paidOns, ...hit }) => {
      const deadline = deadlines.get(hit.period!)!;
      const daysLate = dayNumber(lastPaidOn) - dayNumber(deadline);
      return {
        ...hit,
        actualFen: paidFen,
        evidence: hit.evidence.sort((a, b) => a.fileId - b.fileId || (a.rowNo ?? 0) - (b.rowNo ?? 0)),
        values: { paidFen, paidOn: lastPaidOn, deadline, daysLate },
        data: { deadline, deadlineDay, paidOn: paidOns.sort(), daysLate, paidFen, paymentCount: hit.evidence.length },
      };
    });
  },
});
