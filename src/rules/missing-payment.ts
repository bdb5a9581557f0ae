/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * 四（四）：不得以任何形式挤占、挪用、截留、滞留社会救助资金。
 * An approval (active roster row) that no payment row took — not even a failed one — reported per person
 * (period, idNumber): a person with two approvals of whom the bank paid one is reported for the other. Which
 * payment paid which approval is reconcile's assignment (batch, label, amount, roster order).
 */
import { defineRule } from './define-rule.ts';
import { byPerson, joinText, personHit, programText, programZh, wholeRoster } from './helpers.ts';

export default defineRule({
  id: 'missing-payment',
  title: '核定未发放',
  titleEn: 'Approved but not paid',
  severity: 'high',
  clause: '四（三）1, 四（四）',
  reads: [],
  messages: { default: '已核定 {approvedFen} 元（{programsZh}），代发回盘中无该对象任何发放记录' },
  messagesEn: { default: 'approved {approvedFen} yuan ({programsZh}), but the bank return files hold no payment to this recipient' },
  async run(ctx) {
    const { db } = ctx;
    const rows = await db
      // Approvals no payment took: the roster rows of the periods walked against the recon roster_id index.
      .selectFrom((await wholeRoster(ctx)).as('r'))
      .where((eb) => eb.not(eb.exists(eb.selectFrom('reconPayments as p').select('p.id').whereRef('p.rosterId', '=', 'r.id'))))
      .select(['r.period', 'r.idNumber', 'r.fileId', 'r.rowNo', 'r.district', 'r.districtCode', 'r.program', 'r.name', 'r.accountNo', 'r.approvedFen'])
      .execute();

    return byPerson(rows).map((p) => {
      const { approvedFen, programs } = p;
      return {
        ...personHit(p),
        actualFen: 0,
        values: { approvedFen, programsZh: programs.map(programZh).join('、') },
        valuesEn: { programsZh: joinText(programs.map(programText)) },
        data: { approvedFen, rosterRows: p.evidence.length, programs },
      };
    });
  },
});
