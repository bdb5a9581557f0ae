import { expect } from 'vitest';
import rule from './petty-cash-staff.ts';
import { testRule } from './rule-tester.ts';

// Default petty-cash row: 万州区龙都街道, 2026-11-10, 张明华 500101195003150016, 现金 500.00, 经办人 王小红.
const ZHANG = '500101195003150016';
const cadre = (idNumber: string | null, name = '张明华') => ({ name, idNumber, unit: '龙都街道龙都社区居民委员会', role: '社区干部' });

testRule(rule, {
  flagged: [
    {
      name: 'cash out of the 备用金 to a community cadre',
      staff: [cadre(ZHANG)],
      pettyCash: [{}],
      expect: [
        { subject: { spentOn: '2026-11-10', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { township: '龙都街道', spentOn: '2026-11-10', handler: '王小红', methods: '现金', amountFen: 50000, staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部' } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.severity).toBeUndefined(); // high
        expect(h.values).toEqual({ township: '龙都街道', spentOn: '2026-11-10', handler: '王小红', methods: '现金', amountFen: 50_000, staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部' });
        expect(h.evidence).toEqual([{ fileId: 1001, rowNo: 2 }, { fileId: 1000, rowNo: 2 }]);
        expect(h).toMatchObject({ period: '2026-11', district: '万州区', name: '张明华', actualFen: 50_000 });
      },
    },
    {
      name: 'a cadre with a 临时救助 approval that month: medium, to be filed separately',
      roster: [{ program: 'linshi', approvedFen: 50_000, householdSize: null }],
      staff: [cadre(ZHANG)],
      pettyCash: [{}],
      expect: [
        { subject: { spentOn: '2026-11-10', idNumber: ZHANG }, messageId: 'approved', severity: 'medium', values: { township: '龙都街道', spentOn: '2026-11-10', handler: '王小红', methods: '现金', amountFen: 50000, staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部' } },
      ],
      check: (hits) => {
        expect(hits[0]!.messageId).toBe('approved');
        expect(hits[0]!.severity).toBe('medium');
      },
    },
    {
      name: 'two rows that day and two staff rows: one finding, each row once',
      staff: [cadre(ZHANG), { ...cadre(ZHANG), unit: '龙都街道办事处', role: '社会救助工作人员' }],
      pettyCash: [{}, { method: 'in-kind', amountFen: 20_000 }],
      expect: [
        { subject: { spentOn: '2026-11-10', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { township: '龙都街道', spentOn: '2026-11-10', handler: '王小红', methods: '现金、实物', amountFen: 70000, staffUnit: '龙都街道龙都社区居民委员会', staffRole: '社区干部' } },
      ],
      check: (hits) => {
        expect(hits[0]!.values).toMatchObject({ amountFen: 70_000, methods: '现金、实物' });
        expect(hits[0]!.evidence).toHaveLength(4);
      },
    },
  ],
  notFlagged: [
    {
      name: 'a namesake: same name, another ID number',
      staff: [cadre('500101198511220635')],
      pettyCash: [{}],
    },
    {
      name: 'a staff row without an ID number is not matched by name',
      staff: [cadre(null)],
      pettyCash: [{}],
    },
    {
      name: 'a staff member who only handled the payment (经办人) is not its recipient',
      staff: [{ name: '王小红', idNumber: '500101197007160528', unit: '龙都街道办事处', role: '社会救助工作人员' }],
      pettyCash: [{}],
    },
    {
      name: 'a spending in a month the run does not cover',
      staff: [cadre(ZHANG)],
      pettyCash: [{ spentOn: '2026-09-10' }],
    },
  ],
});
