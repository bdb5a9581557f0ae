import { expect } from 'vitest';
import rule from './staff-proxy.ts';
import { testRule } from './rule-tester.ts';

// 张明华 is the tester's default roster row (万州区龙都街道龙都社区) and is paid into his own account.
const ZHANG = '500101195003150016';
const WANG = { name: '王小红', idNumber: '500101197007160528' };
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const officer = { ...WANG, unit: '万州区龙都街道办事处', role: '社会救助工作人员' };
const cadre = { ...WANG, unit: '龙都街道龙都社区居民委员会', role: '社区干部' };
const elsewhere = { ...WANG, unit: '万州区高笋塘街道办事处', role: '社会救助工作人员' };

testRule(rule, {
  flagged: [
    {
      name: 'the roster proxy’s ID number is a staff member’s (high)',
      roster: [{ proxyName: '王小红', proxyIdNumber: WANG.idNumber }],
      staff: [officer],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { proxyName: '王小红', accountHolder: '王小红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员', paidFen: 0 } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.severity).toBe('high');
        expect(h.messageId).toBe('default');
        expect(h.values).toMatchObject({ proxyName: '王小红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员' });
        expect(h).toMatchObject({ idNumber: ZHANG, name: '张明华', district: '万州区', program: 'dibao' });
        expect(h.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]); // roster row, staff row
      },
    },
    {
      name: 'by ID even when the roster spells the proxy’s name differently, and even with an agreement on file',
      roster: [{ proxyName: '王晓红', proxyIdNumber: WANG.idNumber, agreementNo: 'DL500101-2026-0001' }],
      staff: [officer],
      proxies: [{ proxyName: '王晓红', proxyIdNumber: WANG.idNumber, agreementNo: 'DL500101-2026-0001' }],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { proxyName: '王晓红', accountHolder: '王晓红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员', paidFen: 0 } },
      ],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ proxyName: '王晓红' }),
    },
    {
      name: 'a roster proxy named without an ID number who has the name of a cadre of the same township (medium)',
      roster: [{ proxyName: '王小红' }],
      staff: [{ ...cadre, idNumber: null }],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'byName', severity: 'medium', values: { proxyName: '王小红', accountHolder: '王小红', staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', paidFen: 0 } },
      ],
      check: (hits) => {
        expect(hits[0]!.severity).toBe('medium');
        expect(hits[0]!.messageId).toBe('byName');
      },
    },
    {
      name: 'the account holder is not the recipient and has the name of a staff member of the same township (medium)',
      roster: [{}],
      payments: [{ accountHolder: '王小红' }],
      staff: [officer],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'holder', severity: 'medium', values: { proxyName: '王小红', accountHolder: '王小红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员', paidFen: 77000 } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.severity).toBe('medium');
        expect(h.messageId).toBe('holder');
        expect(h.values).toMatchObject({ accountHolder: '王小红', staffUnit: '万州区龙都街道办事处', paidFen: 77000 });
        expect(h.actualFen).toBe(77000);
        expect(h.evidence).toHaveLength(3); // roster row, bank row, staff row
      },
    },
    {
      name: 'a proxy by ID and the same person as account holder: one finding, high',
      roster: [{ proxyName: '王小红', proxyIdNumber: WANG.idNumber }],
      payments: [{ accountHolder: '王小红' }],
      staff: [officer],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { proxyName: '王小红', accountHolder: '王小红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员', paidFen: 77000 } },
      ],
      check: (hits) => {
        expect(hits[0]!.severity).toBe('high');
        expect(hits[0]!.data).toMatchObject({ match: 'byId' });
        expect((hits[0]!.data!.matches as unknown[]).length).toBe(2);
      },
    },
    {
      name: 'two recipients with the same staff proxy: two findings',
      roster: [{ proxyName: '王小红', proxyIdNumber: WANG.idNumber }, { ...LI, proxyName: '王小红', proxyIdNumber: WANG.idNumber }],
      staff: [officer],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { proxyName: '王小红', accountHolder: '王小红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员', paidFen: 0 } },
        { subject: { period: '2026-11', idNumber: LI.idNumber }, messageId: 'default', severity: 'high', values: { proxyName: '王小红', accountHolder: '王小红', staffUnit: '万州区龙都街道办事处', staffRole: '社会救助工作人员', paidFen: 0 } },
      ],
    },
  ],
  notFlagged: [
    {
      name: 'a proxy who is not staff',
      roster: [{ proxyName: '李建国', proxyIdNumber: '500101198511220635' }],
      payments: [{ accountHolder: '李建国' }],
      staff: [officer],
    },
    {
      name: 'a staff member with the same name in another township (roster proxy by name)',
      roster: [{ proxyName: '王小红' }],
      staff: [elsewhere],
    },
    {
      name: 'a staff member with the same name in another township (account holder)',
      roster: [{}],
      payments: [{ accountHolder: '王小红' }],
      staff: [elsewhere],
    },
    {
      name: 'a roster proxy with an ID number that is not staff, though a cadre of the township has the same name',
      roster: [{ proxyName: '王小红', proxyIdNumber: '500101198511220635' }],
      staff: [cadre],
    },
    {
      name: 'a namesake staff row without a unit cannot be placed in the township',
      roster: [{ proxyName: '王小红' }],
      payments: [{ accountHolder: '王小红' }],
      staff: [{ ...WANG, idNumber: null, unit: null }],
    },
    {
      name: 'a failed payment into a staff member’s account is not a collection',
      roster: [{}],
      payments: [{ accountHolder: '王小红', status: 'failed' }],
      staff: [officer],
    },
    {
      name: 'the recipient’s own account, though the recipient is staff (that is staff-recipient)',
      roster: [{}],
      payments: [{}],
      staff: [{ name: '张明华', idNumber: ZHANG, unit: '龙都街道龙都社区居民委员会', role: '社区干部' }],
    },
  ],
});
