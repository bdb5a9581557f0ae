import { expect } from 'vitest';
import rule from './total-mismatch.ts';
import { fillMessage } from './engine/message.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = { idNumber: '500101195003150016', name: '张明华', accountNo: '6228480012345678901', approvedFen: 77000 };
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678919', approvedFen: 126000 };
const WANG = { idNumber: '500101196112240066', name: '王建国', accountNo: '6228480012345678927', approvedFen: 63000 };
const CHEN = { idNumber: '500103194602110049', name: '陈德福', accountNo: '6217000012345678902', district: '渝中区', districtCode: '500103', program: 'tekun', approvedFen: 120100 };
const pay = (p: { idNumber: string; name: string; accountNo: string; approvedFen: number }, extra: Record<string, unknown> = {}) => ({
  idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name, amountFen: p.approvedFen, ...extra,
});
const WANZHOU_DIBAO = { period: P, district: '万州区', program: 'dibao' };

testRule(rule, {
  flagged: [
    {
      name: '批次号解出区县、类别：万州区低保批次多发的一笔即使其人另有武隆区核定，也计入所发批次',
      batchNumber: { pattern: /^(?<period>\d{6})(?<district>\d{6})(?<program>\d{2})\d+$/u, programs: { '01': 'dibao', '02': 'tekun', '03': 'linshi' } },
      roster: [ZHANG, { ...LI, district: '武隆区', districtCode: '500156' }],
      payments: [
        pay(ZHANG, { batchNo: '202611500101010001', serialNo: 'S1' }),
        pay(LI, { batchNo: '202611500101010001', serialNo: 'S2' }),
        pay(LI, { batchNo: '202611500156010001', serialNo: 'S3' }),
      ],
      expect: [
        { subject: { period: P, district: '万州区', program: 'dibao' }, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedFen: 77000, approvedCount: 1, paidFen: 203000, paidCount: 2, diffFen: 126000 } },
      ],
      check: ([hit]) => expect(hit!.data).toMatchObject({ approvedFen: 77000, paidFen: 77000 + 126000 }),
    },
    {
      name: '万州区低保批次少发 70.00 元（按旧标准发放）',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { amountFen: 70000 }), pay(LI)],
      expect: [
        { subject: WANZHOU_DIBAO, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedFen: 203000, approvedCount: 2, paidFen: 196000, paidCount: 2, diffFen: -7000 } },
      ],
      check: ([hit]) => {
        expect(fillMessage(rule.messages.default!, hit!.values)).toBe('万州区低保：核定总额 2,030.00 元（2 人），实发总额 1,960.00 元（2 笔），差额 -70.00 元');
        expect(hit!.expectedFen).toBe(203000);
        expect(hit!.actualFen).toBe(196000);
        expect(hit!.data).toEqual({ approvedCount: 2, paidCount: 2, approvedFen: 203000, paidFen: 196000, diffFen: -7000 });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: null }, { fileId: 1001, rowNo: null }]);
        expect(hit!.idNumber).toBeUndefined();
      },
    },
    {
      name: '成功后退票的一笔不再计入实发总额',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(LI, { serialNo: 'WZ-0002' }), pay(LI, { serialNo: 'WZ-0002', status: 'returned' })],
      expect: [
        { subject: WANZHOU_DIBAO, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedFen: 203000, approvedCount: 2, paidFen: 77000, paidCount: 1, diffFen: -126000 } },
      ],
      check: ([hit]) => expect(hit!.values).toMatchObject({ approvedFen: 203000, paidFen: 77000, diffFen: -126000 }),
    },
    {
      name: '同一人重复发放，批次多发 770.00 元',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001' }), pay(ZHANG, { serialNo: 'WZ-0003' }), pay(LI)],
      expect: [
        { subject: WANZHOU_DIBAO, messageId: 'default', severity: 'high', values: { district: '万州区', programZh: '低保', approvedFen: 203000, approvedCount: 2, paidFen: 280000, paidCount: 3, diffFen: 77000 } },
      ],
      check: ([hit]) => expect(hit!.values).toMatchObject({ paidCount: 3, diffFen: 77000 }),
    },
    {
      name: '名册外且未注明区县、类别的一笔计入「未知」批次',
      roster: [ZHANG],
      payments: [pay(ZHANG), pay(WANG)],
      expect: [
        { subject: { period: P, district: '未知', program: '未知' }, messageId: 'default', severity: 'high', values: { district: '未知', programZh: '未知', approvedFen: 0, approvedCount: 0, paidFen: 63000, paidCount: 1, diffFen: 63000 } },
      ],
      check: ([hit]) => expect(hit!.values).toMatchObject({ approvedFen: 0, paidFen: 63000, diffFen: 63000 }),
    },
    {
      name: '两个批次中只有渝中区特困不符',
      roster: [ZHANG, CHEN],
      payments: [pay(ZHANG), pay(CHEN, { amountFen: 100100 })],
      expect: [
        { subject: { period: P, district: '渝中区', program: 'tekun' }, messageId: 'default', severity: 'high', values: { district: '渝中区', programZh: '特困', approvedFen: 120100, approvedCount: 1, paidFen: 100100, paidCount: 1, diffFen: -20000 } },
      ],
    },
  ],
  notFlagged: [
    {
      name: '武隆区低保 2,145.00 与万州区临时救助 2,300.00 同一人，回盘无区县、类别：各计入其批次，两批次总额都相符',
      roster: [{ ...ZHANG, district: '武隆区', districtCode: '500156', approvedFen: 214500 }, { ...ZHANG, program: 'linshi', approvedFen: 230000 }],
      payments: [pay(ZHANG, { amountFen: 230000, label: '临时救助金', serialNo: 'S1' }), pay(ZHANG, { amountFen: 214500, label: '低保金', serialNo: 'S2' })],
    },
    {
      name: '每人足额发放',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG), pay(LI)],
    },
    {
      name: '合并发放：人数不符但总额相符（属 count-mismatch）',
      roster: [ZHANG, LI],
      payments: [pay(ZHANG, { amountFen: 203000 })],
    },
    {
      name: '两人金额错位：个人不符但批次总额相符（属 amount-mismatch）',
      roster: [ZHANG, { ...LI, approvedFen: 77000 }, { ...WANG, approvedFen: 126000 }],
      payments: [pay(ZHANG), pay(LI, { amountFen: 126000 }), pay(WANG, { amountFen: 77000 })],
    },
    {
      name: '首次失败后同一流水号补发成功，只计一次',
      roster: [ZHANG],
      payments: [pay(ZHANG, { serialNo: 'WZ-0001', status: 'failed' }), pay(ZHANG, { serialNo: 'WZ-0001', paidOn: '2026-11-27' })],
    },
    {
      name: '被更正名册替换的旧名册不计入核定总额',
      files: [{ id: 1, kind: 'roster', supersededBy: 2 }, { id: 2, kind: 'roster' }],
      roster: [{ ...ZHANG, fileId: 1, approvedFen: 70000 }, { ...LI, fileId: 1 }, { ...ZHANG, fileId: 2 }],
      payments: [pay(ZHANG)],
    },
  ],
});
