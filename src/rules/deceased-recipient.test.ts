import { describe, expect, it } from 'vitest';
import rule from './deceased-recipient.ts';
import { runCase, testRule } from './rule-tester.ts';

// 张明华 is the tester's default roster row and bank row (paid 770.00 on 2026-11-25); the default deaths row is
// his, dated 2026-09-14.
const ZHANG = '500101195003150016';
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };

testRule(rule, {
  flagged: [
    {
      name: 'died in September, still paid for November',
      roster: [{}],
      payments: [{}],
      deaths: [{ name: '张明华' }],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { diedOn: '2026-09-14', period: '2026-11', paidFen: 77000, paidCount: 1 } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.values).toEqual({ diedOn: '2026-09-14', period: '2026-11', paidFen: 77000, paidCount: 1 });
        expect(h).toMatchObject({ name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao', expectedFen: 0, actualFen: 77000 });
        expect(h.evidence).toEqual([{ fileId: 1001, rowNo: 2 }, { fileId: 1002, rowNo: 2 }]); // bank row, deaths row
      },
    },
    {
      name: 'died on the last day of the month before the period',
      roster: [{}],
      payments: [{}],
      deaths: [{ diedOn: '2026-10-31' }],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { diedOn: '2026-10-31', period: '2026-11', paidFen: 77000, paidCount: 1 } },
      ],
    },
    {
      name: 'a payment to a dead person who is on no roster',
      roster: [],
      payments: [{ district: '万州区', program: 'dibao' }],
      deaths: [{}],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { diedOn: '2026-09-14', period: '2026-11', paidFen: 77000, paidCount: 1 } },
      ],
      check: (hits) => expect(hits[0]!.name).toBe('张明华'), // the bank's account holder
    },
    {
      name: 'a bank row without an ID number, matched to the dead person by account',
      roster: [{}],
      payments: [{ idNumber: null, idValid: null }],
      deaths: [{}],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { diedOn: '2026-09-14', period: '2026-11', paidFen: 77000, paidCount: 1 } },
      ],
    },
    {
      name: 'paid twice in the period, listed twice in the deaths file: one finding, earliest date',
      roster: [{}, { program: 'linshi', approvedFen: 100000, householdSize: null }],
      payments: [{}, { program: 'linshi', amountFen: 100000, label: '临时救助金' }],
      deaths: [{ diedOn: '2026-09-20' }, { diedOn: '2026-09-14' }],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { diedOn: '2026-09-14', period: '2026-11', paidFen: 177000, paidCount: 2 } },
      ],
      check: (hits) => {
        expect(hits[0]!.values).toEqual({ diedOn: '2026-09-14', period: '2026-11', paidFen: 177000, paidCount: 2 });
        expect(hits[0]!.evidence).toHaveLength(4);
      },
    },
  ],
  notFlagged: [
    {
      name: 'died within the period month itself: that month is still due',
      roster: [{}],
      payments: [{}],
      deaths: [{ diedOn: '2026-11-10' }],
    },
    {
      name: 'died after the period',
      roster: [{}],
      payments: [{}],
      deaths: [{ diedOn: '2026-12-02' }],
    },
    {
      name: 'the payment to the dead person failed',
      roster: [{}],
      payments: [{ status: 'failed' }],
      deaths: [{}],
    },
    {
      name: 'the payment was returned after success',
      roster: [{}],
      payments: [{ serialNo: 'S1' }, { serialNo: 'S1', status: 'returned' }],
      deaths: [{}],
    },
    {
      name: 'approved but not paid (nothing went out)',
      roster: [{}],
      payments: [],
      deaths: [{}],
    },
    {
      name: 'the deaths list names other people only',
      roster: [{}, LI],
      payments: [{}, { idNumber: LI.idNumber, accountNo: LI.accountNo, accountHolder: LI.name }],
      deaths: [{ idNumber: '500101194506180175', name: '周德华', diedOn: '2026-08-02' }],
    },
  ],
});

describe('deceased-recipient without a deaths list', () => {
  it('says it cannot run instead of reporting all clear', async () => {
    const result = await runCase(rule, { name: 'no deaths list', roster: [{}], payments: [{}] });
    expect(result).toEqual({ cannotRun: { zh: '未提供死亡人员名单，无法检查', en: 'no deaths list was provided' } });
  });
});
