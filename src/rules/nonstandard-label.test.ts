import { expect } from 'vitest';
import rule from './nonstandard-label.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = '500101195003150016'; // 张明华, 低保
const LI = '500103194602110049'; // 李秀英, 特困
const CHEN = '500101193809050031'; // 陈德福, 临时救助
const WANG = '500242196104230012'; // 王建国, not on the roster
const ZHANG_ACCT = '6228480012345678901';

const zhang = { idNumber: ZHANG, name: '张明华', program: 'dibao', approvedFen: 77000, accountNo: ZHANG_ACCT };
const li = { idNumber: LI, name: '李秀英', district: '渝中区', districtCode: '500103', program: 'tekun', approvedFen: 100100, accountNo: '6217000012345678902' };
const chen = { idNumber: CHEN, name: '陈德福', program: 'linshi', approvedFen: 150000, accountNo: '6228480012345678919' };

testRule(rule, {
  flagged: [
    {
      name: '批次不明、名目不规范：按金额归入临时救助核定，以临时救助判断',
      roster: [{ ...zhang, approvedFen: 214500 }, { ...zhang, program: 'linshi', approvedFen: 230000 }],
      payments: [
        { idNumber: ZHANG, serialNo: 'S1', amountFen: 214500, label: '低保金' },
        { idNumber: ZHANG, serialNo: 'S2', amountFen: 230000, label: '生活补贴' },
      ],
      expect: [
        { subject: { period: P, idNumber: ZHANG, label: '生活补贴' }, messageId: 'forbidden', severity: 'high', values: { label: '生活补贴', programZh: '临时救助', amountFen: 230000, rows: 1, standardLabels: '临时救助金', word: '补贴' } },
      ],
      check: ([hit]) => {
        expect(hit!.values).toMatchObject({ programZh: '临时救助', amountFen: 230000, standardLabels: '临时救助金', word: '补贴' });
        expect(hit!.program).toBe('linshi');
      },
    },
    {
      name: '低保金以「代发工资」名目发放（禁用字词，高）',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, label: '代发工资' }],
      expect: [
        { subject: { period: P, idNumber: ZHANG, label: '代发工资' }, messageId: 'forbidden', severity: 'high', values: { label: '代发工资', programZh: '低保', amountFen: 77000, rows: 1, standardLabels: '低保金、最低生活保障金、城乡最低生活保障金', word: '工资' } },
      ],
      check: ([hit]) => {
        expect(hit!.severity).toBe('high');
        expect(hit!.messageId).toBe('forbidden');
        expect(hit!.values).toEqual({ label: '代发工资', programZh: '低保', amountFen: 77000, rows: 1, standardLabels: '低保金、最低生活保障金、城乡最低生活保障金', word: '工资' });
        expect(hit!.evidence).toEqual([{ fileId: 1001, rowNo: 2 }]);
        expect(hit!.name).toBe('张明华');
        expect(hit!.program).toBe('dibao');
        expect(hit!.districtCode).toBe('500101');
      },
    },
    {
      name: '以「民政救助款」名目发放（非规范名目，中）',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, label: '民政救助款' }],
      expect: [
        { subject: { period: P, idNumber: ZHANG, label: '民政救助款' }, messageId: 'default', severity: 'medium', values: { label: '民政救助款', programZh: '低保', amountFen: 77000, rows: 1, standardLabels: '低保金、最低生活保障金、城乡最低生活保障金', word: null } },
      ],
      check: ([hit]) => {
        expect(hit!.severity).toBe('medium');
        expect(hit!.messageId).toBe('default');
      },
    },
    {
      name: '临时救助款以「低保金」名目发放（别的类别的规范名目）',
      roster: [chen],
      payments: [{ idNumber: CHEN, accountNo: chen.accountNo, accountHolder: '陈德福', amountFen: 150000, label: '低保金' }],
      expect: [
        { subject: { period: P, idNumber: CHEN, label: '低保金' }, messageId: 'default', severity: 'medium', values: { label: '低保金', programZh: '临时救助', amountFen: 150000, rows: 1, standardLabels: '临时救助金', word: null } },
      ],
      check: ([hit]) => {
        expect(hit!.severity).toBe('medium');
        expect(hit!.values?.standardLabels).toBe('临时救助金');
      },
    },
    {
      name: '名册外、类别未知的付款，名目「低保金」也不算规范',
      roster: [zhang],
      payments: [
        { idNumber: ZHANG, label: '低保金' },
        { idNumber: WANG, accountNo: '6228480099990000011', accountHolder: '王建国', label: '低保金' },
      ],
      expect: [
        { subject: { period: P, idNumber: WANG, label: '低保金' }, messageId: 'default', severity: 'medium', values: { label: '低保金', programZh: '类别未知的救助款', amountFen: 77000, rows: 1, standardLabels: '低保金、特困供养金、临时救助金等', word: null } },
      ],
      check: ([hit]) => {
        expect(hit!.program).toBe('未知');
        expect(hit!.name).toBe('王建国');
        expect(hit!.values?.programZh).toBe('类别未知的救助款');
      },
    },
    {
      name: '没有身份证号、账号也不在名册：按账号标识',
      roster: [zhang],
      payments: [{ idNumber: null, idValid: null, accountNo: '6228480099990000029', accountHolder: '刘桂芳', label: '生活补贴' }],
      expect: [
        { subject: { period: P, accountNo: '6228480099990000029', label: '生活补贴' }, messageId: 'forbidden', severity: 'high', values: { label: '生活补贴', programZh: '类别未知的救助款', amountFen: 77000, rows: 1, standardLabels: '低保金、特困供养金、临时救助金等', word: '补贴' } },
      ],
      check: ([hit]) => {
        expect(hit!.severity).toBe('high');
        expect(hit!.values?.word).toBe('补贴');
      },
    },
    {
      name: '没有身份证号但账号在名册：按名册上的身份证号标识',
      roster: [zhang],
      payments: [{ idNumber: null, idValid: null, accountNo: ZHANG_ACCT, label: '劳务费' }],
      expect: [
        { subject: { period: P, idNumber: ZHANG, label: '劳务费' }, messageId: 'forbidden', severity: 'high', values: { label: '劳务费', programZh: '低保', amountFen: 77000, rows: 1, standardLabels: '低保金、最低生活保障金、城乡最低生活保障金', word: '劳务' } },
      ],
    },
    {
      name: '同一人同一名目两笔：一条疑点，两行证据，金额合计',
      roster: [li],
      payments: [
        { idNumber: LI, accountNo: li.accountNo, accountHolder: '李秀英', amountFen: 100100, label: '救济款', serialNo: 'YZ-0001' },
        { idNumber: LI, accountNo: li.accountNo, accountHolder: '李秀英', amountFen: 20000, label: '救济款', serialNo: 'YZ-0002' },
        { idNumber: LI, accountNo: li.accountNo, accountHolder: '李秀英', amountFen: 5000, label: '奖金', serialNo: 'YZ-0003' },
      ],
      expect: [
        { subject: { period: P, idNumber: LI, label: '救济款' }, messageId: 'default', severity: 'medium', values: { label: '救济款', programZh: '特困', amountFen: 120100, rows: 2, standardLabels: '特困供养金、特困人员供养金、特困人员救助供养金、城乡特困人员基本生活补助和护理费', word: null } },
        { subject: { period: P, idNumber: LI, label: '奖金' }, messageId: 'forbidden', severity: 'high', values: { label: '奖金', programZh: '特困', amountFen: 5000, rows: 1, standardLabels: '特困供养金、特困人员供养金、特困人员救助供养金、城乡特困人员基本生活补助和护理费', word: '奖金' } },
      ],
      check: (hits) => {
        const relief = hits.find((h) => h.subject.label === '救济款')!;
        expect(relief.values?.amountFen).toBe(120100);
        expect(relief.values?.rows).toBe(2);
        expect(relief.evidence).toHaveLength(2);
        expect(hits.find((h) => h.subject.label === '奖金')!.severity).toBe('high');
      },
    },
  ],
  notFlagged: [
    {
      name: '同一人低保 2,145.00（低保金）与临时救助 2,300.00（临时救助金），回盘无类别列：各按其核定判断，均规范',
      roster: [{ ...zhang, approvedFen: 214500 }, { ...zhang, program: 'linshi', approvedFen: 230000 }],
      payments: [
        { idNumber: ZHANG, serialNo: 'S1', amountFen: 230000, label: '临时救助金' },
        { idNumber: ZHANG, serialNo: 'S2', amountFen: 214500, label: '低保金' },
      ],
    },
    {
      name: '特困供养金是特困的规范名目',
      roster: [li],
      payments: [{ idNumber: LI, accountNo: li.accountNo, accountHolder: '李秀英', amountFen: 100100, label: '特困供养金' }],
    },
    {
      name: '城乡特困人员基本生活补助和护理费是特困的规范名目',
      roster: [li],
      payments: [{ idNumber: LI, accountNo: li.accountNo, accountHolder: '李秀英', amountFen: 100100, label: '城乡特困人员基本生活补助和护理费', program: 'tekun' }],
    },
    {
      name: '最低生活保障金、临时救助金都是规范名目',
      roster: [zhang, chen],
      payments: [
        { idNumber: ZHANG, label: '最低生活保障金' },
        { idNumber: CHEN, accountNo: chen.accountNo, accountHolder: '陈德福', amountFen: 150000, label: '临时救助金' },
      ],
    },
    {
      name: '名目中间多了空格（低保 金）仍是规范名目',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, label: '低保 金' }],
    },
    {
      name: '没有名目',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, label: null }],
    },
    {
      name: '以「代发工资」发放但失败了（没有付出去）',
      roster: [zhang],
      payments: [{ idNumber: ZHANG, label: '代发工资', status: 'failed', failReason: '账户已销户' }],
    },
    {
      name: '先成功后退票：最新状态不是已付',
      files: [
        { id: 1, kind: 'bank', fileName: '代发明细_万州区_低保_202611.csv' },
        { id: 2, kind: 'bank', fileName: '退票明细_万州区_低保_202611.csv' },
      ],
      roster: [zhang],
      payments: [
        { fileId: 1, serialNo: 'WZ-0001', idNumber: ZHANG, label: '生活补贴', status: 'paid' },
        { fileId: 2, serialNo: 'WZ-0001', idNumber: ZHANG, label: '生活补贴', status: 'returned' },
      ],
    },
  ],
});
