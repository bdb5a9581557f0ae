import { expect, it } from 'vitest';
import rule from './funds-idle.ts';
import { runCase, testRule } from './rule-tester.ts';

// The tester's default roster row and payment: 张明华, 万州区 低保 770.00, paid 2026-11-25 — the data's last
// date, so the ledger's "as of" is 2026-11-25 unless a case says otherwise.
const DOC = '渝财社〔2026〕1号';
const paidIn = (period: string, paidOn: string, amountFen = 77000) => ({ period, paidOn, amountFen });
const approvedIn = (period: string, approvedFen = 77000) => ({ period, approvedFen });

testRule(rule, {
  flagged: [
    {
      name: '低保 money handed down on 1 September and nothing paid from it until 25 November',
      allocations: [{ allocatedOn: '2026-09-01', amountFen: 10_000_000 }],
      roster: [{}],
      payments: [{}],
      expect: [
        { subject: { district: '万州区', fund: 'dibao', docNo: DOC }, messageId: 'default', severity: 'medium', values: { docNo: '渝财社〔2026〕1号', allocatedOn: '2026-09-01', fund: '低保', allocatedFen: 10000000, days: 30, deadline: '2026-10-01', idleFen: 10000000 } },
      ],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.values).toEqual({ docNo: DOC, allocatedOn: '2026-09-01', fund: '低保', allocatedFen: 10_000_000, days: 30, deadline: '2026-10-01', idleFen: 10_000_000 });
        expect(h).toMatchObject({ district: '万州区', program: 'dibao', expectedFen: 10_000_000, actualFen: 10_000_000 });
        expect(h.evidence).toEqual([{ fileId: 1002, rowNo: 2 }]);
      },
    },
    {
      name: 'a township’s 临时救助备用金 never spent',
      allocations: [{ allocatedOn: '2026-10-01', program: 'linshi', fund: 'linshi-reserve', recipient: '龙都街道', recipientLevel: 'township', amountFen: 5_000_000, docNo: '万州财社〔2026〕3号' }],
      roster: [{}],
      payments: [{}],
      expect: [
        { subject: { district: '万州区', fund: 'linshi-reserve', docNo: '万州财社〔2026〕3号' }, messageId: 'default', severity: 'medium', values: { docNo: '万州财社〔2026〕3号', allocatedOn: '2026-10-01', fund: '临时救助备用金', allocatedFen: 5000000, days: 30, deadline: '2026-10-31', idleFen: 5000000 } },
      ],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ fund: '临时救助备用金', idleFen: 5_000_000, deadline: '2026-10-31' }),
    },
    {
      name: 'the idle amount is capped by what is left after an advance (垫付) it repaid',
      periods: ['2026-08', '2026-11'],
      allocations: [
        { allocatedOn: '2026-08-01', amountFen: 10_000, docNo: '渝财社〔2026〕8号' },
        { allocatedOn: '2026-09-20', amountFen: 60_000, docNo: '渝财社〔2026〕9号' },
        { allocatedOn: '2026-09-20', amountFen: 40_000, docNo: '渝财社〔2026〕9号' },
      ],
      roster: [approvedIn('2026-08'), {}],
      payments: [paidIn('2026-08', '2026-08-05'), {}],
      // 8月: 100.00 in, 770.00 out (−670.00); 9-20: 1,000.00 in, nothing out until 11-25: 330.00 lay idle.
      expect: [
        { subject: { district: '万州区', fund: 'dibao', docNo: '渝财社〔2026〕9号' }, messageId: 'default', severity: 'medium', values: { docNo: '渝财社〔2026〕9号', allocatedOn: '2026-09-20', fund: '低保', allocatedFen: 100000, days: 30, deadline: '2026-10-20', idleFen: 33000 } },
      ],
      check: (hits) => {
        expect(hits[0]!.values).toMatchObject({ allocatedFen: 100_000, idleFen: 33_000, deadline: '2026-10-20' });
        expect(hits[0]!.evidence).toEqual([{ fileId: 1002, rowNo: 3 }, { fileId: 1002, rowNo: 4 }]);
      },
    },
    {
      name: 'a 2025 year-end balance of 92.3 % (over 20 %)',
      periods: ['2025-01', '2026-11'],
      allocations: [{ allocatedOn: '2025-01-10', amountFen: 1_000_000, docNo: '渝财社〔2025〕1号' }],
      roster: [approvedIn('2025-01'), {}],
      payments: [paidIn('2025-01', '2025-01-25'), {}],
      expect: [
        { subject: { district: '万州区', fund: 'dibao', year: '2025' }, messageId: 'yearEnd', severity: 'medium', values: { year: '2025', fund: '低保', allocatedFen: 1000000, balanceFen: 923000, sharePct: '92.3', limitPct: '20' } },
      ],
      check: (hits) => {
        expect(hits[0]!.messageId).toBe('yearEnd');
        expect(hits[0]!.values).toEqual({ year: '2025', fund: '低保', allocatedFen: 1_000_000, balanceFen: 923_000, sharePct: '92.3', limitPct: '20' });
      },
    },
  ],
  notFlagged: [
    {
      name: 'two lines of one 文号, paid from on the day they arrived',
      periods: ['2026-09', '2026-11'],
      allocations: [
        { allocatedOn: '2026-09-01', amountFen: 60_000 },
        { allocatedOn: '2026-09-01', amountFen: 40_000 },
      ],
      roster: [approvedIn('2026-09'), {}],
      payments: [paidIn('2026-09', '2026-09-01'), {}],
    },
    {
      name: 'paid out 24 days after it arrived',
      allocations: [{ allocatedOn: '2026-11-01' }],
      roster: [{}],
      payments: [{}],
    },
    {
      name: 'not yet 30 days old by the last date in the data',
      allocations: [{ allocatedOn: '2026-11-10', program: 'linshi', fund: 'linshi' }],
      roster: [{}],
      payments: [{}],
    },
    {
      name: 'an allocation that repaid an advance (垫付) paid earlier that month',
      periods: ['2026-09', '2026-11'],
      allocations: [{ allocatedOn: '2026-09-30', amountFen: 77000 }],
      roster: [approvedIn('2026-09'), {}],
      payments: [paidIn('2026-09', '2026-09-25'), {}],
    },
    {
      name: 'a lump budget spent month by month (the year not yet over)',
      periods: ['2026-01', '2026-11'],
      allocations: [{ allocatedOn: '2026-01-10', amountFen: 100_000_000 }],
      roster: [approvedIn('2026-01'), {}],
      payments: [paidIn('2026-01', '2026-01-25'), {}],
    },
    {
      name: 'a year-end balance of exactly 20 % is not above 20 %',
      periods: ['2025-01', '2026-11'],
      allocations: [{ allocatedOn: '2025-01-10', amountFen: 385_000 }],
      roster: [approvedIn('2025-01', 308_000), {}],
      payments: [paidIn('2025-01', '2025-01-20', 308_000), {}],
    },
    {
      name: 'with asOf given, an allocation whose 30 days have not run out',
      allocations: [{ allocatedOn: '2026-09-01' }],
      roster: [{}],
      payments: [{}],
      options: { asOf: '2026-09-30' },
    },
  ],
});

it('funds-idle: says it cannot run when no allocation file was ever ingested', async () => {
  const r = await runCase(rule, { name: 'no allocations', roster: [{}], payments: [{}] });
  expect(r).toEqual({ cannotRun: { zh: '未导入资金下达文件，无法判断资金滞留', en: 'no allocation file has been ingested: idle money cannot be judged' } });
});
