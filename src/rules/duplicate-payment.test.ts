import { expect } from 'vitest';
import rule from './duplicate-payment.ts';
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
      name: '同一低保对象同月发放两笔',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0002' }), pay(LI, { serialNo: 'WZ-0003' })],
      expect: [
        { subject: { period: P, program: 'dibao', idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paymentCount: 2, paidFen: 154000 } },
      ],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('同一对象本期低保被发放 2 笔，合计 1,540.00 元');
        expect(hit!).toMatchObject({ actualFen: 154000, name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao', idNumber: ZHANG.idNumber });
        expect(hit!.evidence).toEqual([{ fileId: 1001, rowNo: 2 }, { fileId: 1001, rowNo: 3 }]);
        expect(hit!.data).toEqual({ paymentCount: 2, paidFen: 154000, amountsFen: [77000, 77000] });
      },
    },
    {
      name: '两份回盘文件各发一次',
      files: [{ id: 1, kind: 'bank', fileName: '代发明细_万州区_低保_202611.csv' }, { id: 2, kind: 'bank', fileName: '代发明细_万州区_低保_202611_补.csv' }],
      roster: [ZHANG],
      payments: [pay(ZHANG, { fileId: 1, serialNo: 'WZ-0001' }), pay(ZHANG, { fileId: 2, serialNo: 'WZ-9001' })],
      expect: [
        { subject: { period: P, program: 'dibao', idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paymentCount: 2, paidFen: 154000 } },
      ],
    },
    {
      name: '一笔按身份证号、一笔无身份证号按账号匹配到同一人',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0002', idNumber: null })],
      expect: [
        { subject: { period: P, program: 'dibao', idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paymentCount: 2, paidFen: 154000 } },
      ],
    },
    {
      name: '名册外人员同月领两次：按其身份证号报',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(ZHAO, { serialNo: 'WZ-0101', program: 'dibao' }), pay(ZHAO, { serialNo: 'WZ-0102', program: 'dibao' })],
      expect: [
        { subject: { period: P, program: 'dibao', idNumber: ZHAO.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paymentCount: 2, paidFen: 126000 } },
      ],
      check: ([hit]) => expect(hit!.name).toBe('赵德贵'),
    },
    {
      name: '无身份证号、账号不在名册的两笔：按账号报',
      roster: [ZHANG],
      payments: [pay(ZHAO, { serialNo: 'WZ-0101', idNumber: null, program: 'tekun' }), pay(ZHAO, { serialNo: 'WZ-0102', idNumber: null, program: 'tekun' })],
      expect: [
        { subject: { period: P, program: 'tekun', accountNo: ZHAO.accountNo }, messageId: 'default', severity: 'high', values: { programZh: '特困', paymentCount: 2, paidFen: 126000 } },
      ],
      check: ([hit]) => {
        expect(hit!.idNumber).toBeNull();
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('同一对象本期特困被发放 2 笔，合计 1,260.00 元');
      },
    },
    {
      name: '两项核定（低保、临时救助）中低保被发两笔、临时救助一笔：只报低保',
      roster: [{ ...ZHANG, approvedFen: 214500 }, { ...ZHANG, program: 'linshi', approvedFen: 230000 }],
      payments: [
        pay(ZHANG, { serialNo: 'WZ-0001', amountFen: 214500 }),
        pay(ZHANG, { serialNo: 'WZ-0002', amountFen: 230000, label: '临时救助金' }),
        pay(ZHANG, { serialNo: 'WZ-0003', amountFen: 214500 }),
      ],
      expect: [
        { subject: { period: P, program: 'dibao', idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { programZh: '低保', paymentCount: 2, paidFen: 429000 } },
      ],
      check: ([hit]) => expect(hit!.data).toEqual({ paymentCount: 2, paidFen: 429000, amountsFen: [214500, 214500] }),
    },
  ],
  notFlagged: [
    {
      name: '低保 2,145.00 与临时救助 2,300.00 各发一笔，回盘无类别列：按名目各归其核定',
      roster: [{ ...ZHANG, approvedFen: 214500 }, { ...ZHANG, program: 'linshi', approvedFen: 230000 }],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', amountFen: 230000, label: '临时救助金' }), pay(ZHANG, { serialNo: 'WZ-0002', amountFen: 214500, label: '低保金' })],
    },
    {
      name: '万州区、武隆区各有一项低保核定，两批次各发一笔',
      roster: [ZHANG, { ...ZHANG, district: '武隆区', districtCode: '500156', approvedFen: 70000 }],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', district: '万州区', program: 'dibao' }), pay(ZHANG, { serialNo: 'WL-0001', district: '武隆区', program: 'dibao', amountFen: 70000 })],
    },
    {
      name: '低保与特困同时核定、各发一笔（名册重复另报，不是重复发放）',
      roster: [ZHANG, { ...ZHANG, program: 'tekun', approvedFen: 98000 }],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', label: '特困供养金', amountFen: 98000 }), pay(ZHANG, { serialNo: 'WZ-0002' })],
    },
    {
      name: '两项核定金额、名目都相同，批次不明：各取一笔',
      roster: [ZHANG, { ...ZHANG, district: '武隆区', districtCode: '500156' }],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', label: '代发款' }), pay(ZHANG, { serialNo: 'WZ-0002', label: '代发款' })],
    },
    {
      name: '临时救助叠加低保发放给同一人（不同类别）',
      roster: [ZHANG, { ...ZHANG, program: 'linshi', approvedFen: 100000 }],
      payments: [pay(ZHANG, { program: 'dibao' }), pay(ZHANG, { program: 'linshi', amountFen: 100000, label: '临时救助金' })],
    },
    {
      name: '一笔失败、一笔补发成功：只算一次发放',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed' }), pay(ZHANG, { serialNo: 'WZ-0009', paidOn: '2026-11-27' })],
    },
    {
      name: '成功后退票，再补发一笔',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0001', status: 'returned' }), pay(ZHANG, { serialNo: 'WZ-0002' })],
    },
    {
      name: '夫妻两人共用一张卡、各发一次（按人不按卡）',
      roster: [ZHANG, { ...LI, accountNo: ZHANG.accountNo }],
      payments: [pay(ZHANG), pay(LI, { accountNo: ZHANG.accountNo, accountHolder: '张明华' })],
    },
    {
      name: '十月、十一月各发一次',
      periods: ['2026-10', '2026-11'],
      roster: [{ ...ZHANG, period: '2026-10' }, ZHANG],
      payments: [pay(ZHANG, { period: '2026-10', paidOn: '2026-10-25' }), pay(ZHANG)],
    },
  ],
});
