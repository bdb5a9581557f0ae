import { expect } from 'vitest';
import rule from './bank-fee.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = '500101195003150016';
const ZHANG_ACCT = '6228480012345678901';
const LI = '500103194602110049';
const LI_ACCT = '6217000012345678902';

const zhang = { idNumber: ZHANG, name: '张明华', program: 'dibao', approvedFen: 77000, accountNo: ZHANG_ACCT };
const li = { idNumber: LI, name: '李秀英', district: '渝中区', districtCode: '500103', program: 'tekun', approvedFen: 100100, accountNo: LI_ACCT };
const liPaid = { idNumber: LI, accountNo: LI_ACCT, accountHolder: '李秀英', amountFen: 100100, label: '特困供养金' };

testRule(rule, {
  flagged: [
    {
      name: '代发低保金时收取手续费 2.00 元',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, feeFen: 200 }],
      expect: [{ subject: { period: P, accountNo: ZHANG_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 200, rows: 1, items: '手续费 2.00 元' } }],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ feeFen: 200, rows: 1, items: '手续费 2.00 元' });
        expect(hit!.idNumber).toBe(ZHANG);
        expect(hit!.name).toBe('张明华');
        expect(hit!.actualFen).toBe(200);
        expect(hit!.evidence).toEqual([{ fileId: 1001, rowNo: 2 }]);
      },
    },
    {
      name: '另起一行扣「短信费」',
      roster: [zhang],
      payments: [
        { idNumber: ZHANG, serialNo: 'WZ-0001' },
        { idNumber: ZHANG, serialNo: 'WZ-0002', amountFen: -300, label: '短信费' },
      ],
      expect: [{ subject: { period: P, accountNo: ZHANG_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 300, rows: 1, items: '「短信费」3.00 元' } }],
      check: ([hit]) => {
        expect(hit!.values?.feeFen).toBe(300);
        expect(hit!.values?.items).toBe('「短信费」3.00 元');
        expect(hit!.evidence).toEqual([{ fileId: 1001, rowNo: 3 }]);
      },
    },
    {
      name: '同一账户手续费加年费：一条疑点，合计 11.00 元',
      roster: [li],
      payments: [
        { ...liPaid, serialNo: 'YZ-0001', feeFen: 100 },
        { ...liPaid, serialNo: 'YZ-0002', amountFen: -1000, label: '借记卡年费' },
      ],
      expect: [{ subject: { period: P, accountNo: LI_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 1100, rows: 2, items: '手续费 1.00 元、「借记卡年费」10.00 元' } }],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ feeFen: 1100, rows: 2, items: '手续费 1.00 元、「借记卡年费」10.00 元' });
        expect(hit!.evidence).toHaveLength(2);
        expect(hit!.data).toMatchObject({ feeFen: 1100, feeColumnFen: 100, labels: ['特困供养金', '借记卡年费'] });
      },
    },
    {
      name: '失败的付款也收了手续费',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, feeFen: 50, status: 'failed', failReason: '账户冻结' }],
      expect: [{ subject: { period: P, accountNo: ZHANG_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 50, rows: 1, items: '手续费 0.50 元' } }],
    },
    {
      name: '两个账户各被收费：各报一条',
      roster: [zhang, li],
      payments: [
        { idNumber: ZHANG, feeFen: 200 },
        { ...liPaid, label: '特困供养金（扣工本费）', feeFen: 500 },
      ],
      expect: [
        { subject: { period: P, accountNo: ZHANG_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 200, rows: 1, items: '手续费 2.00 元' } },
        { subject: { period: P, accountNo: LI_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 500, rows: 1, items: '手续费 5.00 元' } },
      ],
    },
    {
      name: '银行文件没有账号：按身份证号标识',
      roster: [{ ...zhang, accountNo: null }],
      payments: [{ idNumber: ZHANG, accountNo: null, feeFen: 200 }],
      expect: [{ subject: { period: P, idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { feeFen: 200, rows: 1, items: '手续费 2.00 元' } }],
    },
    {
      name: '两个月份都收了费：每月一条',
      periods: ['2026-10', '2026-11'],
      roster: [{ ...zhang, period: '2026-10' }, zhang],
      payments: [
        { period: '2026-10', idNumber: ZHANG, feeFen: 200, paidOn: '2026-10-25' },
        { period: '2026-11', idNumber: ZHANG, feeFen: 200 },
      ],
      expect: [
        { subject: { period: '2026-10', accountNo: ZHANG_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 200, rows: 1, items: '手续费 2.00 元' } },
        { subject: { period: '2026-11', accountNo: ZHANG_ACCT }, messageId: 'default', severity: 'high', values: { feeFen: 200, rows: 1, items: '手续费 2.00 元' } },
      ],
    },
  ],
  notFlagged: [
    {
      name: '手续费 0.00',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, feeFen: 0 }],
    },
    {
      name: '手续费栏为空',
      roster: [zhang, li],
      payments: [{ idNumber: ZHANG, feeFen: null }, { ...liPaid, feeFen: null }],
    },
    {
      name: '被更正文件替换的旧文件里的手续费',
      files: [
        { id: 1, kind: 'bank', fileName: '代发明细_万州区_低保_202611.csv', supersededBy: 2 },
        { id: 2, kind: 'bank', fileName: '代发明细_万州区_低保_202611（更正）.csv' },
      ],
      roster: [zhang],
      payments: [
        { fileId: 1, serialNo: 'WZ-0001', idNumber: ZHANG, feeFen: 200 },
        { fileId: 2, serialNo: 'WZ-0001', idNumber: ZHANG, feeFen: 0 },
      ],
    },
    {
      name: '别的月份的手续费不在本次检查范围',
      roster: [zhang],
      payments: [{ period: '2026-10', idNumber: ZHANG, feeFen: 200, paidOn: '2026-10-25' }],
    },
  ],
});
