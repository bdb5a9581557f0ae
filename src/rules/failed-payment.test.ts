import { expect } from 'vitest';
import rule from './failed-payment.ts';
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
      name: '户名不符，发放失败，未补发',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { status: 'failed', failReason: '户名不符' }), pay(LI)],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { approvedFen: 77000, paymentCount: 1, statusesZh: '失败' } }],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('已核定 770.00 元，1 笔发放均未成功（失败），未见补发');
        expect(hit!).toMatchObject({ expectedFen: 77000, actualFen: 0, name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao' });
        expect(hit!.data).toEqual({ approvedFen: 77000, paymentCount: 1, statuses: ['failed'], failReasons: ['户名不符'], programs: ['dibao'] });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]);
      },
    },
    {
      name: '成功后退票（同一流水号），最终状态为退票',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0001', status: 'returned', failReason: '退票：账户已销户' })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { approvedFen: 77000, paymentCount: 1, statusesZh: '退票' } }],
      check: ([hit]) => {
        expect(hit!.values).toMatchObject({ statusesZh: '退票', paymentCount: 1 });
        // The evidence is the latest row of the payment (the 退票 line).
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 3 }]);
      },
    },
    {
      name: '后一份回盘文件把成功改为退票',
      files: [{ id: 1, kind: 'bank', fileName: '代发明细_万州区_低保_202611.csv' }, { id: 2, kind: 'bank', fileName: '退票明细_万州区_202611.csv' }],
      roster: [LI],
      payments: [pay(LI, { fileId: 1, serialNo: 'WZ-0002' }), pay(LI, { fileId: 2, serialNo: 'WZ-0002', status: 'returned' })],
      expect: [{ subject: { period: P, idNumber: LI.idNumber }, messageId: 'default', severity: 'medium', values: { approvedFen: 126000, paymentCount: 1, statusesZh: '退票' } }],
      check: ([hit]) => expect(hit!.evidence).toContainEqual({ fileId: 2, rowNo: 3 }),
    },
    {
      name: '一直处理中',
      roster: [ZHANG],
      payments: [pay(ZHANG, { status: 'pending' })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { approvedFen: 77000, paymentCount: 1, statusesZh: '处理中' } }],
      check: ([hit]) => expect(hit!.values?.statusesZh).toBe('处理中'),
    },
    {
      name: '两次尝试都失败：一条疑点',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed', failReason: '账户冻结' }), pay(ZHANG, { serialNo: 'WZ-0002', status: 'failed', failReason: '账户冻结' })],
      expect: [{ subject: { period: P, idNumber: ZHANG.idNumber }, messageId: 'default', severity: 'medium', values: { approvedFen: 77000, paymentCount: 2, statusesZh: '失败' } }],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('已核定 770.00 元，2 笔发放均未成功（失败），未见补发');
        expect(hit!.data).toMatchObject({ failReasons: ['账户冻结'] });
      },
    },
    {
      name: '无身份证号的代发行按账号匹配，失败',
      roster: [WANG],
      payments: [pay(WANG, { idNumber: null, status: 'failed' })],
      expect: [{ subject: { period: P, idNumber: WANG.idNumber }, messageId: 'default', severity: 'medium', values: { approvedFen: 63000, paymentCount: 1, statusesZh: '失败' } }],
    },
  ],
  notFlagged: [
    {
      name: '失败后另起一笔补发成功',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed' }), pay(ZHANG, { serialNo: 'WZ-0009', paidOn: '2026-11-27' })],
    },
    {
      name: '失败后同一流水号重发成功（最新状态为成功）',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed' }), pay(ZHANG, { serialNo: 'WZ-0001', paidOn: '2026-11-27' })],
    },
    {
      name: '完全没有发放记录（属 missing-payment）',
      roster: [ZHANG, LI],
      payments: [pay(LI)],
    },
    {
      name: '名册外人员的失败记录不属本规则',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(WANG, { status: 'failed' })],
    },
    {
      name: '低保成功、临时救助退票：本人已有到账（差额属 amount-mismatch）',
      roster: [ZHANG, { ...ZHANG, program: 'linshi', approvedFen: 100000 }],
      payments: [pay(ZHANG, { program: 'dibao' }), pay(ZHANG, { program: 'linshi', amountFen: 100000, label: '临时救助金', status: 'returned' })],
    },
  ],
});
