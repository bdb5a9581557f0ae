/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * A batch (period, district, program) whose approved total differs from its paid total (fen; paid = latest status paid).
 */
import { batchTable } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { programText, programZh } from './helpers.ts';

export default defineRule({
  id: 'total-mismatch',
  title: '发放总额不符',
  titleEn: 'Paid total differs from approved total',
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: { default: '{district}{programZh}：核定总额 {approvedFen} 元（{approvedCount} 人），实发总额 {paidFen} 元（{paidCount} 笔），差额 {diffFen} 元' },
  messagesEn: { default: '{district} {programZh}: approved total {approvedFen} yuan ({approvedCount} people), paid total {paidFen} yuan ({paidCount} payments), difference {diffFen} yuan' },
  async run({ db, periods }) {
    const batches = await batchTable(db, periods);
    return batches
      .filter((b) => b.approvedFen !== b.paidFen)
      .map((b) => ({
        subject: { period: b.period, district: b.district, program: b.program },
        values: {
          district: b.district,
          programZh: programZh(b.program),
          approvedFen: b.approvedFen,
          approvedCount: b.approvedCount,
          paidFen: b.paidFen,
          paidCount: b.paidCount,
          diffFen: b.paidFen - b.approvedFen,
        },
        valuesEn: { programZh: programText(b.program) },
        period: b.period,
        district: b.district,
        program: b.program,
        expectedFen: b.approvedFen,
        actualFen: b.paidFen,
        evidence: [...b.rosterFileIds, ...b.paymentFileIds].map((fileId) => ({ fileId, rowNo: null })),
        data: { approvedCount: b.approvedCount, paidCount: b.paidCount, approvedFen: b.approvedFen, paidFen: b.paidFen, diffFen: b.paidFen - b.approvedFen },
      }));
  },
});
