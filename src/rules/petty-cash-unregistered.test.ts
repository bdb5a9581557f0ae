import { expect } from 'vitest';
import rule from './petty-cash-unregistered.ts';
import { testRule } from './rule-tester.ts';

// Default petty-cash row: 万州区龙都街道, 2026-11-10, 张明华 500101195003150016, 现金 500.00, 登记编号 LD-BY-001.
const ZHANG = '500101195003150016';
const LINSHI_NOV = { program: 'linshi', approvedFen: 50_000, householdSize: null };
const at = (spentOn = '2026-11-10') => ({ district: '万州区', township: '龙都街道', spentOn });

testRule(rule, {
  flagged: [
    {
      name: 'cash to a person with only a 低保 approval that month (no 临时救助)',
      roster: [{}],
      pettyCash: [{}],
      expect: [{ subject: { ...at(), idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { township: '龙都街道', spentOn: '2026-11-10', methods: '现金', amountFen: 50000 } }],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.messageId).toBe('default');
        expect(h.severity).toBeUndefined(); // high
        expect(h.values).toEqual({ township: '龙都街道', spentOn: '2026-11-10', methods: '现金', amountFen: 50_000 });
        expect(h).toMatchObject({ period: '2026-11', program: 'linshi', name: '张明华', actualFen: 50_000 });
        expect(h.evidence).toEqual([{ fileId: 1001, rowNo: 2 }]);
      },
    },
    {
      name: 'in-kind aid with an approval but no 登记编号: medium',
      roster: [LINSHI_NOV],
      pettyCash: [{ method: 'in-kind', item: '米、油', registrationNo: null, amountFen: 35_050 }],
      expect: [
        { subject: { ...at(), idNumber: ZHANG }, messageId: 'noRegistration', severity: 'medium', values: { township: '龙都街道', spentOn: '2026-11-10', methods: '实物', amountFen: 35050 } },
      ],
      check: (hits) => {
        expect(hits[0]!.messageId).toBe('noRegistration');
        expect(hits[0]!.severity).toBe('medium');
        expect(hits[0]!.values).toMatchObject({ methods: '实物', amountFen: 35_050 });
      },
    },
    {
      name: 'cash to a person the ledger gives no ID number for',
      roster: [LINSHI_NOV],
      pettyCash: [{ idNumber: null, idValid: null, name: '孙大勇' }],
      expect: [{ subject: { ...at(), name: '孙大勇' }, messageId: 'noId', severity: 'high', values: { township: '龙都街道', spentOn: '2026-11-10', methods: '现金', amountFen: 50000 } }],
      check: (hits) => expect(hits[0]!.messageId).toBe('noId'),
    },
    {
      name: 'a transfer without 登记编号 (no approval needed for a transfer, but the filing is)',
      pettyCash: [{ method: 'transfer', registrationNo: null }],
      expect: [
        { subject: { ...at(), idNumber: ZHANG }, messageId: 'noRegistration', severity: 'medium', values: { township: '龙都街道', spentOn: '2026-11-10', methods: '转账', amountFen: 50000 } },
      ],
      check: (hits) => expect(hits[0]!.messageId).toBe('noRegistration'),
    },
    {
      name: 'cash, no 登记编号 and no approval; two rows of that day are one finding',
      pettyCash: [{ registrationNo: null }, { registrationNo: null, method: 'in-kind', amountFen: 20_000 }],
      expect: [{ subject: { ...at(), idNumber: ZHANG }, messageId: 'both', severity: 'high', values: { township: '龙都街道', spentOn: '2026-11-10', methods: '现金、实物', amountFen: 70000 } }],
      check: (hits) => {
        expect(hits[0]!.messageId).toBe('both');
        expect(hits[0]!.values).toMatchObject({ methods: '现金、实物', amountFen: 70_000 });
        expect(hits[0]!.evidence).toHaveLength(2);
      },
    },
    {
      name: 'an approval in October does not cover cash in November by default',
      periods: ['2026-10', '2026-11'],
      roster: [{ ...LINSHI_NOV, period: '2026-10' }],
      pettyCash: [{ spentOn: '2026-11-02' }],
      expect: [
        { subject: { ...at('2026-11-02'), idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { township: '龙都街道', spentOn: '2026-11-02', methods: '现金', amountFen: 50000 } },
      ],
    },
  ],
  notFlagged: [
    {
      name: 'cash with a 临时救助 approval that month and a 登记编号',
      roster: [LINSHI_NOV],
      pettyCash: [{}],
    },
    {
      name: 'a registered transfer needs no approval match',
      pettyCash: [{ method: 'transfer' }],
    },
    {
      name: 'with windowMonths 1, an October approval covers cash given on 2 November',
      periods: ['2026-10', '2026-11'],
      roster: [{ ...LINSHI_NOV, period: '2026-10' }],
      pettyCash: [{ spentOn: '2026-11-02' }],
      options: { windowMonths: 1 },
    },
    {
      name: 'a spending in a month the run does not cover',
      pettyCash: [{ spentOn: '2026-09-10' }],
    },
    {
      name: 'an approval of the same name but another ID number does not count, and is not needed for a transfer',
      roster: [{ ...LINSHI_NOV, idNumber: '500101194805200025' }],
      pettyCash: [{ method: 'transfer' }],
    },
  ],
});
