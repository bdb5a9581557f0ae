import { expect } from 'vitest';
import rule from './amount-mismatch.ts';
import { fillMessage } from './engine/message.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = { idNumber: '500101195003150016', name: '张明华', accountNo: '6228480012345678901', approvedFen: 77000 };
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678919', approvedFen: 126000 };
const WANG = { idNumber: '500101196112240066', name: '王建国', accountNo: '6228480012345678927', approvedFen: 63000 };
const pay = (p: { idNumber: string; name: string; accountNo: string; approvedFen: number }, extra: Record<string, unknown> = {}) => ({
  idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name, amountFen: p.approvedFen, ...extra,
});
const zhangLinshi = { ...ZHANG, program: 'linshi', approvedFen: 100000 };

testRule(rule, {
  flagged: [
    {
      name: '按旧标准少发 70.00 元',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { amountFen: 70000 }), pay(LI)],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, paidFen: 70000, paidCount: 1, diffFen: -7000 } },
      ],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('核定 770.00 元，实发 700.00 元（1 笔），差额 -70.00 元');
        expect(hit!).toMatchObject({ expectedFen: 77000, actualFen: 70000, name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao', accountNo: ZHANG.accountNo });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]);
        expect(hit!.data).toMatchObject({ approvedFen: 77000, paidFen: 70000, paidCount: 1, diffFen: -7000, toleranceFen: 0 });
      },
    },
    {
      name: '同一人发放两次，实发为核定的两倍',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0002' })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, paidFen: 154000, paidCount: 2, diffFen: 77000 } },
      ],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ approvedFen: 77000, paidFen: 154000, paidCount: 2, diffFen: 77000 });
        expect(hit!.evidence).toHaveLength(3);
      },
    },
    {
      name: '两人金额错位，批次总额不变，两人都报',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { amountFen: 126000 }), pay(LI, { amountFen: 77000 })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, paidFen: 126000, paidCount: 1, diffFen: 49000 } },
        { subject: { period: P, idNumber: LI.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 126000, paidFen: 77000, paidCount: 1, diffFen: -49000 } },
      ],
    },
    {
      name: '低保加临时救助，只发了低保：按人合计不符',
      roster: [ZHANG, zhangLinshi],
      payments: [pay(ZHANG, { program: 'dibao' })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 177000, paidFen: 77000, paidCount: 1, diffFen: -100000 } },
      ],
      check: ([hit]) => {
        expect(hit!.values).toMatchObject({ approvedFen: 177000, paidFen: 77000, diffFen: -100000 });
        expect(hit!.data).toMatchObject({ programs: ['dibao', 'linshi'] });
      },
    },
    {
      name: '差额 2.00 元超过容差 1.00 元',
      roster: [ZHANG],
      payments: [pay(ZHANG, { amountFen: 76800 })],
      options: { toleranceFen: 100 },
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, paidFen: 76800, paidCount: 1, diffFen: -200 } }],
    },
    {
      name: '银行行无身份证号、按账号匹配到名册，少发',
      roster: [WANG],
      payments: [pay(WANG, { idNumber: null, amountFen: 60000 })],
      expect: [{ subject: { period: P, idNumber: WANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 63000, paidFen: 60000, paidCount: 1, diffFen: -3000 } }],
      check: ([hit]) => expect(hit!.actualFen).toBe(60000),
    },
    {
      name: '一笔成功、一笔退票：只按成功的一笔计',
      roster: [ZHANG, { ...zhangLinshi }],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', program: 'dibao' }), pay(zhangLinshi, { serialNo: 'LS-0001', program: 'linshi' }), pay(zhangLinshi, { serialNo: 'LS-0001', program: 'linshi', status: 'returned' })],
      expect: [
        { subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 177000, paidFen: 77000, paidCount: 1, diffFen: -100000 } },
      ],
      check: ([hit]) => expect(hit!.values).toMatchObject({ paidFen: 77000, paidCount: 1 }),
    },
  ],
  notFlagged: [
    {
      name: '足额发放',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG), pay(LI)],
    },
    {
      name: '差额 0.50 元在容差 1.00 元以内',
      roster: [ZHANG],
      payments: [pay(ZHANG, { amountFen: 76950 })],
      options: { toleranceFen: 100 },
    },
    {
      name: '低保加临时救助，分两笔足额发放',
      roster: [ZHANG, zhangLinshi],
      payments: [pay(ZHANG, { program: 'dibao' }), pay(zhangLinshi, { program: 'linshi', label: '临时救助金' })],
    },
    {
      name: '失败后补发成功，按一笔足额计',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed' }), pay(ZHANG, { serialNo: 'WZ-0009', paidOn: '2026-11-27' })],
    },
    {
      name: '没有任何发放记录（属 missing-payment）',
      roster: [ZHANG, LI],
      payments: [pay(LI)],
    },
    {
      name: '只有失败记录（属 failed-payment）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { status: 'failed' })],
    },
    {
      name: '成功后退票且未补发（属 failed-payment）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0001', status: 'returned' })],
    },
    {
      name: '名册外人员收款（属 unapproved-payment）',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(WANG, { amountFen: 50000 })],
    },
    {
      name: '旧名册被更正名册替换：按新核定金额比对',
      files: [{ id: 1, kind: 'roster', supersededBy: 2 }, { id: 2, kind: 'roster' }],
      roster: [{ ...ZHANG, fileId: 1, approvedFen: 70000 }, { ...ZHANG, fileId: 2 }],
      payments: [pay(ZHANG)],
    },
  ],
});
