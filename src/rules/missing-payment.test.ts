import { expect } from 'vitest';
import rule from './missing-payment.ts';
import { fillMessage } from './engine/message.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = { idNumber: '500101195003150016', name: '张明华', accountNo: '6228480012345678901', approvedFen: 77000 };
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678919', approvedFen: 126000 };
const WANG = { idNumber: '500101196112240066', name: '王建国', accountNo: '6228480012345678927', approvedFen: 63000 };
const pay = (p: { idNumber: string; name: string; accountNo: string; approvedFen: number }, extra: Record<string, unknown> = {}) => ({
  idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name, amountFen: p.approvedFen, ...extra,
});

testRule(rule, {
  flagged: [
    {
      name: '低保、临时救助两项核定只发了低保：报未发的临时救助',
      roster: [{ ...ZHANG, approvedFen: 214500 }, { ...ZHANG, program: 'linshi', approvedFen: 230000 }],
      payments: [pay(ZHANG, { amountFen: 214500 })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 230000, programsZh: '临时救助' } }],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ approvedFen: 230000, programsZh: '临时救助' });
        expect(hit!).toMatchObject({ program: 'linshi', expectedFen: 230000 });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 3 }]);
      },
    },
    {
      name: '两区县各一项低保核定，只有万州区批次发放：报武隆区那一项',
      roster: [ZHANG, { ...ZHANG, district: '武隆区', districtCode: '500156', approvedFen: 70000 }],
      payments: [pay(ZHANG, { district: '万州区', program: 'dibao' })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 70000, programsZh: '低保' } }],
      check: ([hit]) => expect(hit!).toMatchObject({ district: '武隆区', expectedFen: 70000 }),
    },
    {
      name: '核定低保对象不在代发回盘中',
      roster: [ZHANG, LI],
      payments: [pay(LI)],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, programsZh: '低保' } }],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('已核定 770.00 元（低保），代发回盘中无该对象任何发放记录');
        expect(hit!).toMatchObject({ expectedFen: 77000, actualFen: 0, name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao', accountNo: ZHANG.accountNo });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }]);
      },
    },
    {
      name: '低保加临时救助两行都未发放：一条疑点，两行证据',
      roster: [ZHANG, { ...ZHANG, program: 'linshi', approvedFen: 100000 }],
      payments: [],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 177000, programsZh: '低保、临时救助' } }],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ approvedFen: 177000, programsZh: '低保、临时救助' });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1000, rowNo: 3 }]);
        expect(hit!.data).toMatchObject({ rosterRows: 2, programs: ['dibao', 'linshi'] });
      },
    },
    {
      name: '代发行身份证号录错、账号也不同：本人未发（另笔属名册外发放）',
      roster: [ZHANG, LI],
      payments: [pay(LI), pay(WANG)],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, programsZh: '低保' } }],
    },
    {
      name: '合并发放：钱打进了别人的行',
      roster: [ZHANG, LI],
      payments: [pay(LI, { amountFen: 203000 })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, programsZh: '低保' } }],
    },
    {
      name: '只看本期：上月有发放记录不算',
      roster: [ZHANG],
      payments: [pay(ZHANG, { period: '2026-10' })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'high', values: { approvedFen: 77000, programsZh: '低保' } }],
    },
  ],
  notFlagged: [
    {
      name: '正常发放',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG), pay(LI)],
    },
    {
      name: '只有失败记录（属 failed-payment）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { status: 'failed' })],
    },
    {
      name: '成功后退票（属 failed-payment，不是 missing-payment）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0001', status: 'returned' })],
    },
    {
      name: '处理中',
      roster: [ZHANG],
      payments: [pay(ZHANG, { status: 'pending' })],
    },
    {
      name: '代发行无身份证号，按账号匹配到本人',
      roster: [WANG],
      payments: [pay(WANG, { idNumber: null })],
    },
    {
      name: '失败后补发成功',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed' }), pay(ZHANG, { serialNo: 'WZ-0002', paidOn: '2026-11-27' })],
    },
    {
      name: '代发行写成临时救助类别，仍是本人的记录',
      roster: [ZHANG],
      payments: [pay(ZHANG, { program: 'linshi', label: '临时救助金' })],
    },
    {
      name: '被替换的旧名册里的人不算核定对象',
      files: [{ id: 1, kind: 'roster', supersededBy: 2 }, { id: 2, kind: 'roster' }],
      roster: [{ ...ZHANG, fileId: 1 }, { ...LI, fileId: 1 }, { ...LI, fileId: 2 }],
      payments: [pay(LI)],
    },
  ],
});
