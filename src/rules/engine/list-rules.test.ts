/**
 * The test table of a declared cross-check list's rule (`list-<key>`), through the same rule tester as the
 * registry's rules: each finding states subject, message id, values and severity.
 */
import { parseConfig } from '../../config.ts';
import { testRule } from '../rule-tester.ts';
import { listRule } from './list-rules.ts';

const [PUBLIC_EMPLOYEES] = parseConfig(
  'referenceLists: { public-employees: { name: 财政供养人员, idColumns: [公民身份号码], severity: high, title: 救助对象或代领人为财政供养人员, clause: 渝民发〔2020〕5号 四（二） } }',
  'list-rules.test.yaml',
  null,
).referenceLists;
const list = PUBLIC_EMPLOYEES!;

// 张明华 is the tester's default roster row (低保 770.00 元) and its default list row.
const ZHANG = '500101195003150016';
const ZHANG_ROW = '姓名：张明华，公民身份号码：500101195003150016，工作单位：万州区龙都街道办事处，职务：科员';
const WANG = { name: '王小红', idNumber: '500101197007160528' };
const WANG_ROW = { idNumber: WANG.idNumber, name: WANG.name, cellsJson: JSON.stringify({ 姓名: WANG.name, 公民身份号码: WANG.idNumber, 工作单位: '龙都街道龙都社区居民委员会' }) };
const NAMESAKE = { idNumber: '500101196512070031', name: '张明华', cellsJson: JSON.stringify({ 姓名: '张明华', 公民身份号码: '500101196512070031', 工作单位: '万州区财政局' }) };
const LIST_FILE = (id: number, supersededBy: number | null = null) => ({ id, kind: 'list', referenceList: 'public-employees', fileName: `财政供养人员名单_${id}.xlsx`, supersededBy });

testRule(listRule(list), {
  flagged: [
    {
      name: 'the recipient is on the list in force',
      roster: [{}],
      references: [{}],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG, role: 'recipient' }, messageId: 'default', severity: 'high', values: { who: '救助对象本人', list: '财政供养人员', listRow: ZHANG_ROW, programs: '低保', approvedFen: 77000 } }],
    },
    {
      name: 'the proxy who collects for the recipient is on the list',
      roster: [{ proxyName: WANG.name, proxyIdNumber: WANG.idNumber }],
      references: [WANG_ROW],
      expect: [
        {
          subject: { period: '2026-11', idNumber: ZHANG, role: 'proxy' },
          messageId: 'default',
          severity: 'high',
          values: { who: '代领人王小红', list: '财政供养人员', listRow: '姓名：王小红，公民身份号码：500101197007160528，工作单位：龙都街道龙都社区居民委员会', programs: '低保', approvedFen: 77000 },
        },
      ],
    },
    {
      name: 'two approvals of one person on the list: one finding, both programs, the approved sum',
      roster: [{}, { program: 'linshi', approvedFen: 150000 }],
      references: [{}],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG, role: 'recipient' }, messageId: 'default', severity: 'high', values: { who: '救助对象本人', list: '财政供养人员', listRow: ZHANG_ROW, programs: '低保、临时救助', approvedFen: 227000 } }],
    },
    {
      name: 'on the newer file of the list, which superseded an older one',
      roster: [{}],
      files: [LIST_FILE(50, 51), LIST_FILE(51)],
      references: [{ fileId: 51 }],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG, role: 'recipient' }, messageId: 'default', severity: 'high', values: { who: '救助对象本人', list: '财政供养人员', listRow: ZHANG_ROW, programs: '低保', approvedFen: 77000 } }],
    },
  ],
  notFlagged: [
    { name: 'a namesake on the list with another ID number', roster: [{}], references: [NAMESAKE] },
    { name: 'only on the older list file, superseded by a newer one', roster: [{}], files: [LIST_FILE(50, 51), LIST_FILE(51)], references: [{ fileId: 50 }, { ...NAMESAKE, fileId: 51 }] },
    { name: 'on another declared list, not this one', roster: [{}], list: 'vehicles', references: [{}], files: [LIST_FILE(51)] },
    { name: 'the proxy is on the list, but the approval is of another month', roster: [{ period: '2026-10', proxyName: WANG.name, proxyIdNumber: WANG.idNumber }], references: [WANG_ROW] },
  ],
});

// A list declared with `proxies: false` compares recipients only.
testRule(listRule({ ...list, key: 'public-employees', proxies: false }), {
  flagged: [
    {
      name: 'the recipient is on the list',
      roster: [{ proxyName: WANG.name, proxyIdNumber: WANG.idNumber }],
      references: [{}, WANG_ROW],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG, role: 'recipient' }, messageId: 'default', severity: 'high', values: { who: '救助对象本人', list: '财政供养人员', listRow: ZHANG_ROW, programs: '低保', approvedFen: 77000 } }],
    },
  ],
  notFlagged: [{ name: 'only the proxy is on the list (proxies: false)', roster: [{ proxyName: WANG.name, proxyIdNumber: WANG.idNumber }], references: [WANG_ROW] }],
});
