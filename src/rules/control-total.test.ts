import { expect } from 'vitest';
import rule from './control-total.ts';
import { testRule } from './rule-tester.ts';

const ZHANG = '500101195003150016';
const LI = '500101195207080021';
const CHEN = '500101193809050031';

const BANK = '代发明细_万州区_低保_202611.csv';
const ROSTER = '500101_万州区_低保发放名册_202611.csv';

const bankFile = (over: Record<string, unknown>) => ({
  id: 1, kind: 'bank', fileName: BANK, period: '2026-11', district: '万州区', program: 'dibao',
  rowsRead: 3, rowsAccepted: 3, rowsRejected: 0, totalFen: 231000, ...over,
});
const rosterFile = (over: Record<string, unknown>) => ({
  id: 2, kind: 'roster', fileName: ROSTER, period: '2026-11', district: '万州区',
  rowsRead: 3, rowsAccepted: 3, rowsRejected: 0, totalFen: 231000, ...over,
});

const roster = (fileId: number, period = '2026-11') => [
  { fileId, period, idNumber: ZHANG, name: '张明华', accountNo: '6228480012345678901' },
  { fileId, period, idNumber: LI, name: '李建国', accountNo: '6228480012345678919' },
  { fileId, period, idNumber: CHEN, name: '陈德福', accountNo: '6228480012345678927' },
];
const payments = (fileId: number, period = '2026-11') => [
  { fileId, period, idNumber: ZHANG, accountNo: '6228480012345678901', accountHolder: '张明华', serialNo: 'WZ-0001' },
  { fileId, period, idNumber: LI, accountNo: '6228480012345678919', accountHolder: '李建国', serialNo: 'WZ-0002' },
  { fileId, period, idNumber: CHEN, accountNo: '6228480012345678927', accountHolder: '陈德福', serialNo: 'WZ-0003' },
];

testRule(rule, {
  flagged: [
    {
      name: '代发明细尾行合计比明细多一笔及其金额',
      files: [bankFile({ controlCount: 4, controlTotalFen: 308000, controlRowNo: 5 })],
      payments: payments(1),
      expect: [{ subject: { file: BANK }, messageId: 'default', severity: 'high', values: { controlCount: 4, controlTotalFen: 308000, rowsRead: 3, totalFen: 231000, rowsRejected: 0 } }],
      check: ([hit]) => {
        expect(hit!.messageId).toBe('default');
        expect(hit!.values).toEqual({ controlCount: 4, controlTotalFen: 308000, rowsRead: 3, totalFen: 231000, rowsRejected: 0 });
        expect(hit!.evidence).toEqual([{ fileId: 1, rowNo: 5 }]);
        expect(hit!.expectedFen).toBe(308000);
        expect(hit!.actualFen).toBe(231000);
        expect(hit!.district).toBe('万州区');
        expect(hit!.data).toMatchObject({ kind: 'bank', countDiff: -1, totalDiffFen: -77000, countDiffers: true, totalDiffers: true });
      },
    },
    {
      name: '笔数相符，合计金额多 100.00 元',
      files: [bankFile({ controlCount: 3, controlTotalFen: 241000, controlRowNo: 1 })],
      payments: payments(1),
      expect: [{ subject: { file: BANK }, messageId: 'default', severity: 'high', values: { controlCount: 3, controlTotalFen: 241000, rowsRead: 3, totalFen: 231000, rowsRejected: 0 } }],
      check: ([hit]) => expect(hit!.data).toMatchObject({ countDiffers: false, totalDiffers: true, totalDiffFen: -10000 }),
    },
    {
      name: '名册合计行只写了户数，且少一户',
      files: [rosterFile({ controlCount: 2, controlRowNo: 5 })],
      roster: roster(2),
      expect: [{ subject: { file: ROSTER }, messageId: 'count', severity: 'high', values: { controlCount: 2, controlTotalFen: null, rowsRead: 3, totalFen: 231000, rowsRejected: 0 } }],
      check: ([hit]) => expect(hit!.messageId).toBe('count'),
    },
    {
      name: '有拒收行时笔数仍按读到的行数比较',
      files: [bankFile({ rowsRead: 4, rowsAccepted: 3, rowsRejected: 1, controlCount: 5, controlTotalFen: 385000, controlRowNo: 6 })],
      payments: payments(1),
      expect: [
        { subject: { file: BANK }, messageId: 'countWithRejected', severity: 'high', values: { controlCount: 5, controlTotalFen: 385000, rowsRead: 4, totalFen: 231000, rowsRejected: 1 } },
      ],
      check: ([hit]) => {
        expect(hit!.messageId).toBe('countWithRejected');
        expect(hit!.data).toMatchObject({ countDiffers: true, totalDiffers: false });
      },
    },
    {
      name: '只写了合计金额，且不符',
      files: [bankFile({ controlTotalFen: 230000, controlRowNo: 5 })],
      payments: payments(1),
      expect: [
        { subject: { file: BANK }, messageId: 'total', severity: 'high', values: { controlCount: null, controlTotalFen: 230000, rowsRead: 3, totalFen: 231000, rowsRejected: 0 } },
      ],
      check: ([hit]) => expect(hit!.messageId).toBe('total'),
    },
  ],
  notFlagged: [
    {
      name: '尾行合计与明细一致',
      files: [bankFile({ controlCount: 3, controlTotalFen: 231000, controlRowNo: 5 }), rosterFile({ controlCount: 3, controlTotalFen: 231000, controlRowNo: 5 })],
      roster: roster(2),
      payments: payments(1),
    },
    {
      name: '文件没有合计行',
      files: [bankFile({}), rosterFile({})],
      roster: roster(2),
      payments: payments(1),
    },
    {
      name: '有一行被拒收，接收金额少于合计金额（笔数相符）',
      files: [bankFile({ rowsRead: 4, rowsAccepted: 3, rowsRejected: 1, controlCount: 4, controlTotalFen: 308000, controlRowNo: 6 })],
      payments: payments(1),
    },
    {
      name: '合计不符的旧文件已被更正文件替换',
      files: [
        bankFile({ controlCount: 4, controlTotalFen: 308000, controlRowNo: 5, supersededBy: 3 }),
        bankFile({ id: 3, fileName: '代发明细_万州区_低保_202611（更正）.csv', controlCount: 3, controlTotalFen: 231000, controlRowNo: 5 }),
      ],
      payments: [...payments(1), ...payments(3)],
    },
    {
      name: '别的月份的文件不在本次检查范围',
      files: [bankFile({ period: '2026-10', controlCount: 4, controlTotalFen: 308000, controlRowNo: 5 })],
      payments: payments(1, '2026-10'),
    },
    {
      name: '工作人员名单不是名册或代发文件',
      files: [{ id: 4, kind: 'staff', fileName: '社会救助工作人员及村干部名单.csv', rowsRead: 2, rowsAccepted: 2, controlCount: 3, controlRowNo: 4 }],
      staff: [
        { fileId: 4, name: '王小红', unit: '龙都街道办事处' },
        { fileId: 4, name: '刘志强', unit: '龙都社区居民委员会' },
      ],
    },
  ],
});
