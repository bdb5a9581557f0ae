import { expect } from 'vitest';
import rule from './staff-recipient.ts';
import { testRule } from './rule-tester.ts';

// 张明华 is the tester's default roster row (万州区龙都街道, 低保 770.00).
const ZHANG = '500101195003150016';
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const cadre = (idNumber: string | null, name = '张明华') => ({ name, idNumber, unit: '龙都街道龙都社区居民委员会', role: '社区干部' });

testRule(rule, {
  flagged: [
    {
      name: 'a 低保 recipient who is a community cadre',
      roster: [{}],
      staff: [cadre(ZHANG)],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'low', values: { staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', programs: '低保', approvedFen: 77000 } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.values).toEqual({ staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', programs: '低保', approvedFen: 77000 });
        expect(h.severity).toBeUndefined(); // the rule's default: low
        expect(h).toMatchObject({ name: '张明华', district: '万州区', districtCode: '500101', program: 'dibao', expectedFen: 77000 });
        expect(h.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]);
      },
    },
    {
      name: '低保 plus 临时救助 for a staff member: one finding with both roster rows',
      roster: [{}, { program: 'linshi', approvedFen: 150000, householdSize: null }],
      staff: [cadre(ZHANG)],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'low', values: { staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', programs: '低保、临时救助', approvedFen: 227000 } },
      ],
      check: (hits) => {
        expect(hits[0]!.values).toMatchObject({ programs: '低保、临时救助', approvedFen: 227000 });
        expect(hits[0]!.program).toBeNull();
        expect(hits[0]!.evidence).toHaveLength(3);
      },
    },
    {
      name: 'each period is its own finding',
      periods: ['2026-10', '2026-11'],
      roster: [{ period: '2026-10' }, {}],
      staff: [cadre(ZHANG)],
      expect: [
        { subject: { period: '2026-10', idNumber: ZHANG }, messageId: 'default', severity: 'low', values: { staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', programs: '低保', approvedFen: 77000 } },
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'low', values: { staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', programs: '低保', approvedFen: 77000 } },
      ],
    },
    {
      name: 'only the staff member among several recipients',
      roster: [{}, LI],
      staff: [cadre(LI.idNumber, LI.name), { name: '王小红', idNumber: '500101197007160528', unit: '万州区龙都街道办事处', role: '社会救助工作人员' }],
      expect: [
        { subject: { period: '2026-11', idNumber: LI.idNumber }, messageId: 'default', severity: 'low', values: { staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部', programs: '低保', approvedFen: 77000 } },
      ],
    },
  ],
  notFlagged: [
    {
      name: 'a staff member with the same name but another ID number (a namesake)',
      roster: [{}],
      staff: [cadre('500101198511220635')],
    },
    {
      name: 'a staff row without an ID number is not matched by name',
      roster: [{}],
      staff: [cadre(null)],
    },
    {
      name: 'a staff member who is only somebody’s proxy (that is staff-proxy)',
      roster: [{ proxyName: '王小红', proxyIdNumber: '500101197007160528' }],
      staff: [{ name: '王小红', idNumber: '500101197007160528', unit: '万州区龙都街道办事处', role: '社会救助工作人员' }],
    },
    {
      name: 'a staff member on a superseded roster file only',
      files: [
        { id: 1, kind: 'roster', fileName: '万州区低保名册-初稿.csv', supersededBy: 2 },
        { id: 2, kind: 'roster', fileName: '万州区低保名册.csv' },
      ],
      roster: [{ fileId: 1 }, { ...LI, fileId: 2 }],
      staff: [cadre(ZHANG)],
    },
    {
      name: 'a staff member approved in another period than the one being run',
      roster: [{ period: '2026-10' }],
      staff: [cadre(ZHANG)],
    },
  ],
});
