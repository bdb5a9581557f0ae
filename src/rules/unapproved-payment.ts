/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * A paid row (latest status paid) that matches no row of that period's active roster — by ID number, or by
 * account number when the bank row carries no ID: money paid to someone who was not approved.
 */
import { defineRule } from './define-rule.ts';
import { joinText, periodList, programText, programZh } from './helpers.ts';
import type { EvidenceRef, RuleHit } from './types.ts';

type Acc = RuleHit & { evidence: EvidenceRef[]; paidFen: number; programs: string[] };

export default defineRule({
  id: 'unapproved-payment',
  title: '名单外发放',
  titleEn: 'Paid to someone not on the approved roster',
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: { default: '代发 {paidFen} 元（{paymentCount} 笔，{programZh}），收款人不在本期核定名册中' },
  messagesEn: { default: 'paid {paidFen} yuan ({paymentCount} payments, {programZh}), but the payee is not on the approved roster of the period' },
  async run({ db, periods }) {
    const rows = await db
      .selectFrom('reconPayments as p')
      .where('p.period', 'in', periodList(periods))
      .where('p.status', '=', 'paid')
      // An unmatched row has neither a roster row nor a recipient ID; the (period, recipientIdNumber) index
      // finds the few of them directly.
      .where('p.recipientIdNumber', 'is', null)
      .where('p.rosterId', 'is', null)
      .select(['p.period', 'p.idNumber', 'p.accountNo', 'p.accountHolder', 'p.district', 'p.program', 'p.amountFen', 'p.fileId', 'p.rowNo'])
      .execute();

    const hits = new Map<string, Acc>();
    for (const r of rows) {
      // Without an ID number the account is the only handle on the person.
      const subject: Record<string, string> = r.idNumber !== null ? { period: r.period, idNumber: r.idNumber } : { period: r.period, accountNo: r.accountNo ?? '' };
      const key = JSON.stringify(subject);
      let hit = hits.get(key);
      if (!hit) {
        hit = {
          subject,
          period: r.period,
          district: r.district,
          program: r.program,
          idNumber: r.idNumber,
          name: r.accountHolder,
          accountNo: r.accountNo,
          evidence: [],
          paidFen: 0,
          programs: [],
        };
        hits.set(key, hit);
      }
      hit.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
      hit.paidFen += r.amountFen;
      if (!hit.programs.includes(r.program)) hit.programs.push(r.program);
    }
    return [...hits.values()].map(({ paidFen, programs, ...hit }) => ({
      ...hit,
      expectedFen: 0,
      actualFen: paidFen,
      evidence: hit.evidence.sort((a, b) => a.fileId - b.fileId || (a.rowNo ?? 0) - (b.rowNo ?? 0)),
      values: { programZh: programs.map(programZh).join('、'), paidFen, paymentCount: hit.evidence.length },
      valuesEn: { programZh: joinText(programs.map(programText)) },
      data: { paidFen, paymentCount: hit.evidence.length, programs },
    }));
  },
});
