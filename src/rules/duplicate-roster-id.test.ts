import { expect } from 'vitest';
import rule from './duplicate-roster-id.ts';
import { testRule } from './rule-tester.ts';

const P = '2026-11';
const ZHANG = '500101195003150016'; // 张明华, 万州区
const LI = '500103194602110049'; // 李秀英, 渝中区
const CHEN = '500101193809050031'; // 陈德福, 万州区

const dibao = { program: 'dibao', approvedFen: 77000 };
const tekun = { program: 'tekun', approvedFen: 100100 };
const linshi = { program: 'linshi', approvedFen: 150000 };

testRule(rule, {
  flagged: [
    {
      name: '同一人同月既在低保又在特困名册（同一区县）',
      roster: [
        { idNumber: ZHANG, name: '张明华', ...dibao },
        { idNumber: ZHANG, name: '张明华', ...tekun },
        { idNumber: CHEN, name: '陈德福', ...dibao, accountNo: '6228480012345678919' },
      ],
      expect: [
        { subject: { period: P, idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { period: '2026-11', rows: 2, approvedFen: 177100, entries: '万州区低保 770.00 元、万州区特困 1,001.00 元' } },
      ],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ period: P, rows: 2, approvedFen: 177100, entries: '万州区低保 770.00 元、万州区特困 1,001.00 元' });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1000, rowNo: 3 }]);
        expect(hit!.name).toBe('张明华');
        expect(hit!.district).toBe('万州区');
        expect(hit!.program).toBeNull();
        expect(hit!.data).toMatchObject({ rows: 2, programs: ['dibao', 'tekun'], approvedFen: 177100, dibaoAndTekun: true });
      },
    },
    {
      name: '同一人同月在两个区县都核定了低保',
      roster: [
        { idNumber: LI, name: '李秀英', district: '渝中区', districtCode: '500103', township: '解放碑街道', ...dibao },
        { idNumber: LI, name: '李秀英', district: '万州区', districtCode: '500101', township: '龙都街道', ...dibao, approvedFen: 63000 },
      ],
      expect: [
        { subject: { period: P, idNumber: LI }, messageId: 'default', severity: 'high', values: { period: '2026-11', rows: 2, approvedFen: 140000, entries: '渝中区低保 770.00 元、万州区低保 630.00 元' } },
      ],
      check: ([hit]) => {
        expect(hit!.program).toBe('dibao');
        expect(hit!.data).toMatchObject({ districts: ['渝中区', '万州区'], approvedFen: 140000 });
      },
    },
    {
      name: '低保 + 特困 + 临时救助：临时救助那一行不作为证据',
      roster: [
        { idNumber: ZHANG, ...dibao },
        { idNumber: ZHANG, ...linshi },
        { idNumber: ZHANG, ...tekun },
      ],
      expect: [
        { subject: { period: P, idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { period: '2026-11', rows: 2, approvedFen: 177100, entries: '万州区低保 770.00 元、万州区特困 1,001.00 元' } },
      ],
      check: ([hit]) => {
        expect(hit!.evidence.map((e) => e.rowNo)).toEqual([2, 4]);
        expect(hit!.values?.rows).toBe(2);
      },
    },
    {
      name: '同月两次临时救助（同一类别两次）',
      roster: [
        { idNumber: CHEN, ...linshi },
        { idNumber: CHEN, ...linshi, approvedFen: 80000 },
      ],
      expect: [
        { subject: { period: P, idNumber: CHEN }, messageId: 'default', severity: 'high', values: { period: '2026-11', rows: 2, approvedFen: 230000, entries: '万州区临时救助 1,500.00 元、万州区临时救助 800.00 元' } },
      ],
    },
    {
      name: '两个名册文件各列一次特困（都未被替换）',
      files: [
        { id: 1, kind: 'roster', fileName: '500101_万州区_特困发放名册_202611.csv' },
        { id: 2, kind: 'roster', fileName: '500101_万州区_特困补报名册_202611.csv' },
      ],
      roster: [
        { fileId: 1, rowNo: 5, idNumber: ZHANG, ...tekun },
        { fileId: 2, rowNo: 3, idNumber: ZHANG, ...tekun },
      ],
      expect: [
        { subject: { period: P, idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { period: '2026-11', rows: 2, approvedFen: 200200, entries: '万州区特困 1,001.00 元、万州区特困 1,001.00 元' } },
      ],
      check: ([hit]) => expect(hit!.evidence).toEqual([{ fileId: 1, rowNo: 5 }, { fileId: 2, rowNo: 3 }]),
    },
    {
      name: '两个月份一起检查，只报重复的那个月',
      periods: ['2026-10', '2026-11'],
      roster: [
        { period: '2026-10', idNumber: ZHANG, ...dibao },
        { period: '2026-10', idNumber: ZHANG, ...tekun },
        { period: '2026-11', idNumber: ZHANG, ...dibao },
      ],
      expect: [
        { subject: { period: '2026-10', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { period: '2026-10', rows: 2, approvedFen: 177100, entries: '万州区低保 770.00 元、万州区特困 1,001.00 元' } },
      ],
    },
  ],
  notFlagged: [
    {
      name: '低保之上再给临时救助（允许）',
      roster: [
        { idNumber: ZHANG, ...dibao },
        { idNumber: ZHANG, ...linshi },
      ],
    },
    {
      name: '特困之上再给临时救助（允许）',
      roster: [
        { idNumber: LI, district: '渝中区', districtCode: '500103', ...tekun },
        { idNumber: LI, district: '渝中区', districtCode: '500103', ...linshi },
      ],
    },
    {
      name: '同名不同身份证号',
      roster: [
        { idNumber: ZHANG, name: '张明华', ...dibao },
        { idNumber: CHEN, name: '张明华', ...dibao, accountNo: '6228480012345678919' },
      ],
    },
    {
      name: '被替换的旧名册与新名册各列一次',
      files: [
        { id: 1, kind: 'roster', fileName: '万州区2026年11月社会救助资金发放名册.xlsx', supersededBy: 2 },
        { id: 2, kind: 'roster', fileName: '万州区2026年11月社会救助资金发放名册（更正）.xlsx' },
      ],
      roster: [
        { fileId: 1, idNumber: ZHANG, ...dibao },
        { fileId: 2, idNumber: ZHANG, ...dibao },
      ],
    },
    {
      name: '同一人不同月份各核定一次低保',
      periods: ['2026-10', '2026-11'],
      roster: [
        { period: '2026-10', idNumber: ZHANG, ...dibao },
        { period: '2026-11', idNumber: ZHANG, ...dibao },
      ],
    },
    {
      name: '名册只有一次，银行付了两次（那是重复发放，不是名册重复）',
      roster: [{ idNumber: ZHANG, ...dibao }],
      payments: [
        { idNumber: ZHANG, serialNo: 'DF001' },
        { idNumber: ZHANG, serialNo: 'DF002' },
      ],
    },
  ],
});
