import { describe, expect, it } from 'vitest';
import rule from './above-standard.ts';
import { runCase, testRule } from './rule-tester.ts';

// 张明华 is the tester's default roster row: 万州区 低保, household of 1, 770.00 approved.
const ZHANG = '500101195003150016';
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
// Chongqing from 2025-07: 城市低保 770, 农村低保 630, 特困 1,001 元/人/月; supplements up to 100 (低保) and 300 (特困).
const URBAN = { effectiveFrom: '2025-07-01', program: 'dibao', area: 'urban', monthlyStandardFen: 77000, maxSupplementFen: 10000 };
const RURAL = { effectiveFrom: '2025-07-01', program: 'dibao', area: 'rural', monthlyStandardFen: 63000, maxSupplementFen: 10000 };
const TEKUN = { effectiveFrom: '2025-07-01', program: 'tekun', area: null, monthlyStandardFen: 100100, maxSupplementFen: 30000 };

testRule(rule, {
  flagged: [
    {
      name: 'household of 2 approved as if it were 4',
      roster: [{ householdSize: 2, approvedFen: 77000 * 4 }],
      standards: [URBAN, RURAL],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 308000, programZh: '低保', capFen: 174000, perPersonFen: 87000, householdSize: 2, excessFen: 134000 } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.values).toEqual({ approvedFen: 308000, programZh: '低保', capFen: 174000, perPersonFen: 87000, householdSize: 2, excessFen: 134000 });
        expect(h).toMatchObject({ name: '张明华', district: '万州区', program: 'dibao', expectedFen: 174000, actualFen: 308000 });
        expect(h.data).toMatchObject({ standardEffectiveFrom: '2025-07-01' });
        expect(h.evidence).toEqual([{ fileId: 1000, rowNo: 2 }]);
      },
    },
    {
      name: 'one fen above the cap',
      roster: [{ approvedFen: 87001 }],
      standards: [URBAN],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 87001, programZh: '低保', capFen: 87000, perPersonFen: 87000, householdSize: 1, excessFen: 1 } },
      ],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ excessFen: 1 }),
    },
    {
      name: '特困 above (1,001 + 300) × 1',
      roster: [{ program: 'tekun', approvedFen: 140000 }],
      standards: [URBAN, TEKUN],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 140000, programZh: '特困', capFen: 130100, perPersonFen: 130100, householdSize: 1, excessFen: 9900 } },
      ],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ programZh: '特困', capFen: 130100 }),
    },
    {
      name: 'the latest standard applies, even when the older one was higher',
      roster: [{ approvedFen: 95000 }],
      standards: [{ ...URBAN, effectiveFrom: '2024-07-01', monthlyStandardFen: 90000 }, URBAN],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 95000, programZh: '低保', capFen: 87000, perPersonFen: 87000, householdSize: 1, excessFen: 8000 } },
      ],
    },
    {
      name: 'a more generous standard of another district does not apply',
      roster: [{ approvedFen: 95000 }],
      standards: [URBAN, { ...URBAN, district: '渝中区', monthlyStandardFen: 90000 }],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 95000, programZh: '低保', capFen: 87000, perPersonFen: 87000, householdSize: 1, excessFen: 8000 } },
      ],
    },
    {
      name: 'a newer city-wide standard replaces an older district one',
      roster: [{ district: '渝中区', districtCode: '500103', approvedFen: 95000 }],
      standards: [{ ...URBAN, effectiveFrom: '2024-01-01', district: '渝中区', monthlyStandardFen: 90000 }, URBAN],
      expect: [
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 95000, programZh: '低保', capFen: 87000, perPersonFen: 87000, householdSize: 1, excessFen: 8000 } },
      ],
    },
    {
      name: 'each period against the standard in force then',
      periods: ['2025-06', '2026-11'],
      roster: [{ period: '2025-06', approvedFen: 80000 }, { approvedFen: 90000 }],
      standards: [{ ...URBAN, effectiveFrom: '2024-07-01', monthlyStandardFen: 66000 }, URBAN],
      expect: [
        { subject: { period: '2025-06', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 80000, programZh: '低保', capFen: 76000, perPersonFen: 76000, householdSize: 1, excessFen: 4000 } },
        { subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { approvedFen: 90000, programZh: '低保', capFen: 87000, perPersonFen: 87000, householdSize: 1, excessFen: 3000 } },
      ],
      check: (hits) => expect(hits.map((h) => h.values!.capFen)).toEqual([76000, 87000]),
    },
  ],
  notFlagged: [
    {
      name: 'exactly (standard + supplement) × household size',
      roster: [{ householdSize: 3, approvedFen: 87000 * 3 }],
      standards: [URBAN, RURAL],
    },
    {
      name: 'a rural household measured against the most generous 低保 row in force (urban)',
      roster: [{ approvedFen: 80000 }],
      standards: [RURAL, URBAN],
    },
    {
      name: 'the district’s own, more generous standard',
      roster: [{ district: '渝中区', districtCode: '500103', approvedFen: 95000 }],
      standards: [URBAN, { ...URBAN, district: '渝中区', monthlyStandardFen: 90000 }],
    },
    {
      name: 'a lower standard that only takes effect after the period',
      roster: [{ approvedFen: 87000 }],
      standards: [URBAN, { ...URBAN, effectiveFrom: '2026-12-01', monthlyStandardFen: 60000 }],
    },
    {
      name: '临时救助 has no monthly standard',
      roster: [{ program: 'linshi', householdSize: 1, approvedFen: 500000 }],
      standards: [URBAN, TEKUN],
    },
    {
      name: 'no household size on the roster row',
      roster: [{ householdSize: null, approvedFen: 500000 }],
      standards: [URBAN],
    },
    {
      name: 'no standard for the program (特困 rows while only 低保 is given)',
      roster: [{ program: 'tekun', approvedFen: 200000 }, LI],
      standards: [URBAN],
    },
    {
      name: 'no standard in force yet for the period',
      roster: [{ approvedFen: 200000 }],
      standards: [{ ...URBAN, effectiveFrom: '2026-12-01' }],
    },
  ],
});

describe('above-standard without a standards table', () => {
  it('says it cannot run instead of reporting all clear', async () => {
    const result = await runCase(rule, { name: 'no standards', roster: [{ approvedFen: 999999 }] });
    expect(result).toEqual({ cannotRun: { zh: '未提供救助标准表，无法检查', en: 'no standards table was provided' } });
  });
});
