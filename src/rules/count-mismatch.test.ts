import { expect } from 'vitest';
import rule from './count-mismatch.ts';
import { testRule } from './rule-tester.ts';

const A = { idNumber: '500101195003150016', name: '张明华', accountNo: '6228480012345678901' };
const B = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const C = { idNumber: '50010119551108035X', name: '王建国', accountNo: '6228480012345678903' };
const pay = (p: typeof A, extra: Record<string, unknown> = {}) => ({ idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name, ...extra });

const CQ_BATCH_NUMBERS = { pattern: /^(?<period>\d{6})(?<district>\d{6})(?<program>\d{2})\d+$/u, programs: { '01': 'dibao', '02': 'tekun', '03': 'linshi' } } as const;

testRule(rule, {
  flagged: [
    {
      name: '批次号解出的万州区低保批次多发 2 笔：不因两笔归入他处而被掩盖',
      batchNumber: CQ_BATCH_NUMBERS,
      roster: [A, { ...B, program: 'linshi' }, { ...B, district: '武隆区', districtCode: '500156' }],
      payments: [
        pay(A, { batchNo: '202611500101010001', serialNo: 'S1' }),
        pay(B, { batchNo: '202611500101010001', serialNo: 'S2' }),
        pay(B, { batchNo: '202611500101010001', serialNo: 'S3' }),
        pay(B, { batchNo: '202611500101030001', serialNo: 'S4' }),
        pay(B, { batchNo: '202611500156010001', serialNo: 'S5' }),
      ],
      expect: [
        { subject: { period: '2026-11', district: '万州区', program: 'dibao' }, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedCount: 1, paidCount: 3, diff: '+2' } },
      ],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ approvedCount: 1, paidCount: 3, diff: '+2' }),
    },
    {
      name: 'one approved person was not paid',
      roster: [A, B],
      payments: [pay(A)],
      expect: [
        { subject: { period: '2026-11', district: '万州区', program: 'dibao' }, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedCount: 2, paidCount: 1, diff: '-1' } },
      ],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ approvedCount: 2, paidCount: 1, diff: '-1' }),
    },
    {
      name: 'a payment returned after success no longer counts as paid',
      roster: [A, B],
      payments: [pay(A, { serialNo: 'S1' }), pay(B, { serialNo: 'S2' }), pay(B, { serialNo: 'S2', status: 'returned' })],
      expect: [
        { subject: { period: '2026-11', district: '万州区', program: 'dibao' }, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedCount: 2, paidCount: 1, diff: '-1' } },
      ],
    },
    {
      name: 'an unmatched payment without district or program counts in the 未知 batch',
      roster: [A],
      payments: [pay(A), pay(C)],
      expect: [
        { subject: { period: '2026-11', district: '未知', program: '未知' }, messageId: 'default', severity: 'high', values: { district: '未知', programZh: '未知', approvedCount: 0, paidCount: 1, diff: '+1' } },
      ],
    },
  ],
  notFlagged: [
    {
      name: '武隆区低保与万州区临时救助同一人，回盘无区县、类别：按名目各计入其批次，两批次都相符',
      roster: [{ ...A, district: '武隆区', districtCode: '500156', approvedFen: 214500 }, { ...A, program: 'linshi', approvedFen: 230000 }, B],
      payments: [pay(A, { amountFen: 230000, label: '临时救助金', serialNo: 'S1' }), pay(A, { amountFen: 214500, label: '低保金', serialNo: 'S2' }), pay(B, { serialNo: 'S3' })],
    },
    {
      name: '批次号按配置解出区县与类别：同额同名目的两笔各计入所发批次',
      batchNumber: CQ_BATCH_NUMBERS,
      roster: [{ ...A, district: '武隆区', districtCode: '500156' }, { ...A, program: 'linshi' }],
      payments: [pay(A, { batchNo: '202611500101030001', label: '代发款', serialNo: 'S1' }), pay(A, { batchNo: '202611500156010001', label: '代发款', serialNo: 'S2' })],
    },
    {
      name: 'every approved person paid once',
      roster: [A, B],
      payments: [pay(A), pay(B)],
    },
    {
      name: 'a failed payment re-paid later in the same file counts once',
      roster: [A],
      payments: [pay(A, { serialNo: 'S1', status: 'failed' }), pay(A, { serialNo: 'S1', status: 'paid' })],
    },
    {
      name: 'a payment that names another district is attributed to its own batch, not the roster row (counts match per batch)',
      roster: [A, { ...B, district: '涪陵区', districtCode: '500102' }],
      payments: [pay(A), pay(B)],
    },
  ],
});
