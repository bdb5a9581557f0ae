import { expect } from 'vitest';
import rule from './invalid-id.ts';
import { testRule } from './rule-tester.ts';

const VALID = '500101195003150016'; // 张明华
const BAD_CHECK = '500101195207080022'; // check character should be 1
const BAD_DATE = '500101194409310054'; // 1944-09-31 does not exist (check character matches)
const PROXY_BAD = '500103197005200013'; // check character should be 5

const zhao = { idNumber: BAD_CHECK, idValid: 0, name: '赵桂兰', accountNo: '6228480012345670011' };

testRule(rule, {
  flagged: [
    {
      name: '名册和代发明细上同一个校验码错误的号码：一条疑点，两行证据',
      roster: [{ ...zhao }],
      payments: [{ idNumber: BAD_CHECK, idValid: 0, accountNo: zhao.accountNo, accountHolder: '赵桂兰' }],
      expect: [{ subject: { idNumber: BAD_CHECK }, messageId: 'default', severity: 'medium', values: { problem: '校验码错误', rows: 2, sources: '名册 1 行、代发明细 1 行' } }],
      check: ([hit]) => {
        expect(hit!.values).toEqual({ problem: '校验码错误', rows: 2, sources: '名册 1 行、代发明细 1 行' });
        expect(hit!.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]);
        expect(hit!.name).toBe('赵桂兰');
        expect(hit!.period).toBe('2026-11');
        expect(hit!.district).toBe('万州区');
        expect(hit!.data).toEqual({ problem: 'checksum', rows: 2, rosterRows: 1, bankRows: 1, proxyRows: 0 });
      },
    },
    {
      name: '出生日期不存在（9 月 31 日）',
      roster: [{ idNumber: BAD_DATE, idValid: 0, name: '孙德福' }],
      expect: [{ subject: { idNumber: BAD_DATE }, messageId: 'default', severity: 'medium', values: { problem: '出生日期不存在', rows: 1, sources: '名册 1 行' } }],
      check: ([hit]) => expect(hit!.values?.problem).toBe('出生日期不存在'),
    },
    {
      name: '只在代发明细上（名册外的付款）',
      roster: [{ idNumber: VALID }],
      payments: [
        { idNumber: VALID },
        { idNumber: BAD_CHECK, idValid: 0, accountNo: '6228480099990000011', accountHolder: '赵桂兰' },
      ],
      expect: [{ subject: { idNumber: BAD_CHECK }, messageId: 'default', severity: 'medium', values: { problem: '校验码错误', rows: 1, sources: '代发明细 1 行' } }],
      check: ([hit]) => expect(hit!.values?.sources).toBe('代发明细 1 行'),
    },
    {
      name: '代领协议备案：受助人号码和代领人号码无效各报一条',
      proxies: [
        { recipientIdNumber: BAD_DATE, recipientIdValid: 0, proxyName: '孙小梅', proxyIdNumber: VALID, proxyIdValid: 1, agreementNo: 'DL-2026-031' },
        { recipientIdNumber: VALID, recipientIdValid: 1, proxyName: '周志强', proxyIdNumber: PROXY_BAD, proxyIdValid: 0, agreementNo: 'DL-2026-032' },
      ],
      expect: [
        { subject: { idNumber: BAD_DATE }, messageId: 'default', severity: 'medium', values: { problem: '出生日期不存在', rows: 1, sources: '代领协议备案 1 行' } },
        { subject: { idNumber: PROXY_BAD }, messageId: 'default', severity: 'medium', values: { problem: '校验码错误', rows: 1, sources: '代领协议备案 1 行' } },
      ],
      check: (hits) => {
        const proxy = hits.find((h) => h.subject.idNumber === PROXY_BAD)!;
        expect(proxy.name).toBe('周志强');
        expect(proxy.period).toBeNull();
        expect(proxy.values?.sources).toBe('代领协议备案 1 行');
        expect(proxy.evidence).toEqual([{ fileId: 1000, rowNo: 3 }]);
      },
    },
    {
      name: '同一无效号码 25 行：证据只列前 20 行，行数仍报 25',
      roster: [{ ...zhao }],
      payments: Array.from({ length: 24 }, (_, i) => ({ idNumber: BAD_CHECK, idValid: 0, accountNo: zhao.accountNo, serialNo: `WZ-${i}`, amountFen: 3000 })),
      expect: [{ subject: { idNumber: BAD_CHECK }, messageId: 'default', severity: 'medium', values: { problem: '校验码错误', rows: 25, sources: '名册 1 行、代发明细 24 行' } }],
      check: ([hit]) => {
        expect(hit!.evidence).toHaveLength(20);
        expect(hit!.evidence[0]).toEqual({ fileId: 1000, rowNo: 2 });
        expect(hit!.values?.rows).toBe(25);
        expect(hit!.data).toMatchObject({ rows: 25, rosterRows: 1, bankRows: 24 });
      },
    },
  ],
  notFlagged: [
    {
      name: '有效号码',
      roster: [{ idNumber: VALID }],
      payments: [{ idNumber: VALID }],
      proxies: [{ recipientIdNumber: VALID, proxyName: '王小红', proxyIdNumber: '500101195207080021', proxyIdValid: 1 }],
    },
    {
      name: '被替换的旧名册里的无效号码（新名册已更正）',
      files: [
        { id: 1, kind: 'roster', fileName: '万州区2026年11月社会救助资金发放名册.xlsx', supersededBy: 2 },
        { id: 2, kind: 'roster', fileName: '万州区2026年11月社会救助资金发放名册（更正）.xlsx' },
      ],
      roster: [
        { fileId: 1, idNumber: BAD_CHECK, idValid: 0 },
        { fileId: 2, idNumber: '500101195207080021', idValid: 1 },
      ],
    },
    {
      name: '别的月份的名册和代发明细',
      roster: [{ period: '2026-10', ...zhao }],
      payments: [{ period: '2026-10', idNumber: BAD_CHECK, idValid: 0, paidOn: '2026-10-25' }],
    },
    {
      name: '代发明细没有身份证号（按账号匹配）',
      roster: [{ idNumber: VALID }],
      payments: [{ idNumber: null, idValid: null }],
    },
    {
      name: '代领协议没有填代领人身份证号',
      proxies: [{ recipientIdNumber: VALID, proxyName: '王小红', proxyIdNumber: null, proxyIdValid: null }],
    },
  ],
});
