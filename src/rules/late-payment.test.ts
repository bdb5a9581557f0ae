import { expect } from 'vitest';
import rule from './late-payment.ts';
import { fillMessage } from './engine/message.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = { idNumber: '500101195003150016', name: '张明华', accountNo: '6228480012345678901', approvedFen: 77000 };
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678919', approvedFen: 126000 };
const ZHAO = { idNumber: '500229193906070052', name: '赵德贵', accountNo: '6228480012345678935', approvedFen: 63000 };
const pay = (p: { idNumber: string; name: string; accountNo: string; approvedFen: number }, extra: Record<string, unknown> = {}) => ({
  idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name, amountFen: p.approvedFen, ...extra,
});

testRule(rule, {
  flagged: [
    {
      name: '29 日才到账，晚于 28 日截止日一天',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { paidOn: '2026-11-29' }), pay(LI)],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { paidFen: 77000, paidOn: '2026-11-29', deadline: '2026-11-28', daysLate: 1 } },
      ],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('代发 770.00 元于 2026-11-29 到账，晚于本期发放截止日 2026-11-28，滞后 1 天');
        expect(hit!).toMatchObject({ actualFen: 77000, name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao', idNumber: ZHANG.idNumber });
        expect(hit!.evidence).toEqual([{ fileId: 1001, rowNo: 2 }]);
        expect(hit!.data).toMatchObject({ deadline: '2026-11-28', deadlineDay: 28, daysLate: 1, paidOn: ['2026-11-29'] });
      },
    },
    {
      name: '十一月的钱十二月才发',
      roster: [ZHANG],
      payments: [pay(ZHANG, { paidOn: '2026-12-03' })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { paidFen: 77000, paidOn: '2026-12-03', deadline: '2026-11-28', daysLate: 5 } },
      ],
      check: ([hit]) => expect(hit!.values).toMatchObject({ daysLate: 5, paidOn: '2026-12-03' }),
    },
    {
      name: '区县截止日设为 25 日，26 日到账',
      roster: [ZHANG],
      payments: [pay(ZHANG, { paidOn: '2026-11-26' })],
      options: { deadlineDay: 25 },
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { paidFen: 77000, paidOn: '2026-11-26', deadline: '2026-11-25', daysLate: 1 } },
      ],
      check: ([hit]) => expect(hit!.values).toMatchObject({ deadline: '2026-11-25', daysLate: 1 }),
    },
    {
      name: '无身份证号按账号匹配：按名册身份证号报',
      roster: [ZHANG],
      payments: [pay(ZHANG, { idNumber: null, paidOn: '2026-11-30' })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { paidFen: 77000, paidOn: '2026-11-30', deadline: '2026-11-28', daysLate: 2 } },
      ],
    },
    {
      name: '名册外人员、无身份证号：按账号报',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(ZHAO, { idNumber: null, paidOn: '2026-11-30' })],
      expect: [
        { subject: { period: P, accountNo: ZHAO.accountNo }, messageId: 'default', severity: 'medium', values: { paidFen: 63000, paidOn: '2026-11-30', deadline: '2026-11-28', daysLate: 2 } },
      ],
    },
    {
      name: '一人两笔都滞后：一条疑点，取最晚日期',
      roster: [ZHANG, { ...ZHANG, program: 'linshi', approvedFen: 100000 }],
      payments: [pay(ZHANG, { program: 'dibao', paidOn: '2026-11-29' }), pay(ZHANG, { program: 'linshi', amountFen: 100000, paidOn: '2026-12-01' })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { paidFen: 177000, paidOn: '2026-12-01', deadline: '2026-11-28', daysLate: 3 } },
      ],
      check: ([hit]) => {
        expect(hit!.values).toMatchObject({ paidFen: 177000, paidOn: '2026-12-01', daysLate: 3 });
        expect(hit!.evidence).toHaveLength(2);
      },
    },
  ],
  notFlagged: [
    {
      name: '28 日当天到账（截止日当天不算滞后）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { paidOn: '2026-11-28' })],
    },
    {
      name: '29 日的代发失败了（未到账的不判滞后）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { paidOn: '2026-11-29', status: 'failed' })],
    },
    {
      name: '29 日到账后被退票',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', paidOn: '2026-11-29' }), pay(ZHANG, { serialNo: 'WZ-0001', paidOn: '2026-11-29', status: 'returned' })],
    },
    {
      name: '回盘文件没有交易日期',
      roster: [ZHANG],
      payments: [pay(ZHANG, { paidOn: null })],
    },
    {
      name: '二月截止日 30 日按月末 28 日计，28 日到账',
      periods: ['2027-02'],
      roster: [{ ...ZHANG, period: '2027-02' }],
      payments: [pay(ZHANG, { period: '2027-02', paidOn: '2027-02-28' })],
      options: { deadlineDay: 30 },
    },
    {
      name: '提前发放（上月底）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { paidOn: '2026-10-30' })],
    },
  ],
});
