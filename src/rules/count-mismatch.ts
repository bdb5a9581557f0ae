/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对……发放人数与发放总额等对应不上、有明显异常的，及时预警。
 * A batch (period, district, program) whose approved count differs from its paid count.
 */
import { batchTable } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { programText, programZh, signed } from './helpers.ts';

export default defineRule({
  id: 'count-mismatch',
  title: '发放人数不符',
  titleEn: 'Paid count differs from approved count',
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: { default: '{district}{programZh}：核定 {approvedCount} 人，实发 {paidCount} 人，差 {diff} 人' },
  messagesEn: { default: '{district} {programZh}: {approvedCount} approved, {paidCount} paid, difference {diff}' },
  async run({ db, periods }) {
    const batches = await batchTable(db, periods);
    return batches
      .filter((b) => b.approvedCount !== b.paidCount)
      .map((b) => ({
        subject: { period: b.period, district: b.district, program: b.program },
        values: { district: b.district, programZh: programZh(b.program), approvedCount: b.approvedCount, paidCount: b.paidCount, diff: signed(b.paidCount - b.approvedCount) },
        valuesEn: { programZh: programText(b.program) },
        period: b.period,
        district: b.district,
        program: b.program,
        evidence: [...b.rosterFileIds, ...b.paymentFileIds].map((fileId) => ({ fileId, rowNo: null })),
        data: { approvedCount: b.approvedCount, paidCount: b.paidCount, approvedFen: b.approvedFen, paidFen: b.paidFen },
      }));
  },
});
