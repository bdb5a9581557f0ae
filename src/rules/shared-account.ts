/**
 * 四（二）：将救助资金直接由国库支付到救助对象账户，减少资金支付的中间环节，确保资金支付安全、高效。
 * One bank account that received paid payments for `minRecipients` (default 3) or more distinct people in a
 * period (一卡多人). A person is the matched roster ID, else the bank row's own ID number. Two people on one
 * account (a couple) stay below the default threshold.
 */
import { activeRoster } from '../reconcile/index.ts';
import { z } from 'zod';
import { defineRule } from './define-rule.ts';
import { groupRows, periodList } from './helpers.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'shared-account',
  title: '一卡多人',
  titleEn: 'One account receives for several recipients',
  severity: 'high',
  clause: '四（二）',
  reads: [],
  messages: { default: '同一账户本月为 {recipients} 名对象收款 {paidCount} 笔，合计 {paidFen} 元（户名：{holders}）' },
  messagesEn: { default: 'one account received {paidCount} payments for {recipients} recipients this month, {paidFen} yuan in all (holders: {holders})' },
  options: { minRecipients: z.number().int().min(2).default(3).meta({ description: '一个账号本月为多少个不同的人收款时报告（至少 2）' }) },
  async run({ db, periods, options }) {
    const list = periodList(periods);
    const minRecipients = options.minRecipients;
    const rows = await db
      // Accounts with at least minRecipients rows of any status: answered from the (period, accountNo) index alone.
      .with('busy', (qc) =>
        qc
          .selectFrom('reconPayments')
          .where('period', 'in', list)
          .where('accountNo', 'is not', null)
          .select(['period', 'accountNo'])
          .groupBy(['period', 'accountNo'])
          .having((eb) => eb(eb.fn.countAll(), '>=', minRecipients)),
      )
      // Of those, the ones paid for minRecipients distinct people.
      .with('shared', (qc) =>
        qc
          .selectFrom('busy as b')
          .innerJoin('reconPayments as p', (j) => j.onRef('p.period', '=', 'b.period').onRef('p.accountNo', '=', 'b.accountNo'))
          .where('p.status', '=', 'paid')
          .select(['b.period', 'b.accountNo'])
          .groupBy(['b.period', 'b.accountNo'])
          .having((eb) => eb(eb.fn.count(eb.fn.coalesce('p.recipientIdNumber', 'p.idNumber')).distinct(), '>=', minRecipients)),
      )
      .selectFrom('shared as s')
      .innerJoin('reconPayments as p', (j) => j.onRef('p.period', '=', 's.period').onRef('p.accountNo', '=', 's.accountNo'))
      .where('p.status', '=', 'paid')
      .select((eb) => [
        's.period', 's.accountNo', 'p.district', 'p.program', 'p.accountHolder', 'p.amountFen', 'p.fileId', 'p.rowNo',
        eb.fn.coalesce('p.recipientIdNumber', 'p.idNumber').as('person'),
        // The roster name of a matched payment, for the report (a primary-key probe per flagged row).
        eb.selectFrom(activeRoster(db, periods).as('r')).select('r.name').whereRef('r.id', '=', 'p.rosterId').as('name'),
      ])
      .$narrowType<{ accountNo: string }>()
      .execute();
    rows.sort((a, b) => a.period.localeCompare(b.period) || a.accountNo.localeCompare(b.accountNo) || a.fileId - b.fileId || a.rowNo - b.rowNo);

    return groupRows(rows, (r) => `${r.period}|${r.accountNo}`).map((all): RuleHit => {
      const first = all[0]!;
      const people = new Map<string, string | null>();
      for (const r of all) if (r.person !== null && !people.has(r.person)) people.set(r.person, r.name);
      const holders = [...new Set(all.map((r) => r.accountHolder).filter((h): h is string => h !== null))];
      const districts = [...new Set(all.map((r) => r.district))];
      const programs = [...new Set(all.map((r) => r.program))];
      const paidFen = all.reduce((sum, r) => sum + Number(r.amountFen), 0);
      return {
        subject: { period: first.period, accountNo: first.accountNo },
        values: { recipients: people.size, paidCount: all.length, paidFen, holders: holders.join('、') || '-' },
        period: first.period,
        district: districts.length === 1 ? districts[0]! : null,
        program: programs.length === 1 ? programs[0]! : null,
        accountNo: first.accountNo,
        actualFen: paidFen,
        evidence: all.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        data: {
          recipients: [...people].map(([idNumber, name]) => ({ idNumber, name })),
          accountHolders: holders,
          paidCount: all.length,
          paidFen,
          minRecipients,
        },
      };
    });
  },
});
