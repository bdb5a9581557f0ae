import { expect } from 'vitest';
import rule from './unapproved-payment.ts';
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
      name: '名册外人员领取低保金',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(ZHAO, { district: '万州区', program: 'dibao' })],
      expect: [{ subject: { period: P, idNumber: ZHAO.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paidFen: 63000, paymentCount: 1 } }],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('代发 630.00 元（1 笔，低保），收款人不在本期核定名册中');
        expect(hit!).toMatchObject({ actualFen: 63000, expectedFen: 0, name: '赵德贵', district: '万州区', program: 'dibao', idNumber: ZHAO.idNumber, accountNo: ZHAO.accountNo });
        expect(hit!.evidence).toEqual([{ fileId: 1001, rowNo: 3 }]);
      },
    },
    {
      name: '无身份证号、账号也不在名册：按账号报',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(ZHAO, { idNumber: null })],
      expect: [{ subject: { period: P, accountNo: ZHAO.accountNo }, messageId: 'default', severity: 'high', values: { programZh: '未知', paidFen: 63000, paymentCount: 1 } }],
      check: ([hit]) => {
        expect(hit!.idNumber).toBeNull();
        expect(hit!.values?.programZh).toBe('未知');
      },
    },
    {
      name: '停保未停发：十月在册、十一月已不在册仍发放',
      roster: [{ ...ZHAO, period: '2026-10' }, ZHANG],
      payments: [pay(ZHANG), pay(ZHAO, { program: 'dibao' })],
      expect: [{ subject: { period: P, idNumber: ZHAO.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paidFen: 63000, paymentCount: 1 } }],
    },
    {
      name: '同一名册外人员两笔：一条疑点，合计金额',
      roster: [ZHANG],
      payments: [pay(ZHAO, { serialNo: 'WZ-0101' }), pay(ZHAO, { serialNo: 'WZ-0102', amountFen: 20000 })],
      expect: [{ subject: { period: P, idNumber: ZHAO.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '未知', paidFen: 83000, paymentCount: 2 } }],
      check: ([hit]) => {
        expect(hit!.values).toMatchObject({ paidFen: 83000, paymentCount: 2 });
        expect(hit!.evidence).toHaveLength(2);
      },
    },
    {
      name: '此人只在已被替换的旧名册中',
      files: [{ id: 1, kind: 'roster', supersededBy: 2 }, { id: 2, kind: 'roster' }],
      roster: [{ ...ZHAO, fileId: 1 }, { ...ZHANG, fileId: 1 }, { ...ZHANG, fileId: 2 }],
      payments: [pay(ZHANG), pay(ZHAO)],
      expect: [{ subject: { period: P, idNumber: ZHAO.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '未知', paidFen: 63000, paymentCount: 1 } }],
    },
  ],
  notFlagged: [
    {
      name: '在册人员正常发放',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG), pay(LI)],
    },
    {
      name: '代发行无身份证号，但账号在名册中',
      roster: [ZHANG],
      payments: [pay(ZHANG, { idNumber: null })],
    },
    {
      name: '名册外人员的代发失败（钱没有发出）',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(ZHAO, { status: 'failed' })],
    },
    {
      name: '名册外人员成功后被退票',
      roster: [ZHANG],
      payments: [pay(ZHAO, { serialNo: 'WZ-0101' }), pay(ZHAO, { serialNo: 'WZ-0101', status: 'returned' })],
    },
    {
      name: '在册为临时救助、银行按低保发放：身份证号在册即非名册外',
      roster: [{ ...ZHANG, program: 'linshi' }],
      payments: [pay(ZHANG, { program: 'dibao' })],
    },
  ],
});
