import { expect, it } from 'vitest';
import rule from './over-disbursed.ts';
import { runCase, testRule } from './rule-tester.ts';

// Default roster row and payment: 张明华, 万州区 低保, 770.00 approved and paid on 2026-11-25.
const paidIn = (period: string, paidOn: string, amountFen = 77000) => ({ period, paidOn, amountFen });
const approvedIn = (period: string) => ({ period });
const WANZHOU_DIBAO = { district: '万州区', fund: 'dibao' };

testRule(rule, {
  flagged: [
    {
      name: '500.00 handed down, 770.00 paid out, nothing since',
      allocations: [{ allocatedOn: '2026-11-01', amountFen: 50_000 }],
      roster: [{}],
      payments: [{}],
      expect: [{ subject: WANZHOU_DIBAO, messageId: 'default', severity: 'high', values: { fund: '低保', month: '2026-11', allocatedFen: 50000, disbursedFen: 77000, excessFen: 27000 } }],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.messageId).toBeUndefined();
        expect(h.severity).toBeUndefined(); // high
        expect(h.values).toEqual({ fund: '低保', month: '2026-11', allocatedFen: 50_000, disbursedFen: 77_000, excessFen: 27_000 });
        expect(h).toMatchObject({ expectedFen: 50_000, actualFen: 77_000, program: 'dibao' });
        expect(h.period ?? null).toBeNull();
        expect(h.data).toMatchObject({ overdrawnMonths: ['2026-11'], balanceNowFen: -27_000, bankFen: 77_000, pettyCashFen: 0 });
      },
    },
    {
      name: 'overdrawn in September, covered by the October allocation: medium, says so',
      periods: ['2026-09', '2026-11'],
      allocations: [
        { allocatedOn: '2026-09-01', amountFen: 50_000 },
        { allocatedOn: '2026-10-01', amountFen: 200_000, docNo: '渝财社〔2026〕10号' },
      ],
      roster: [approvedIn('2026-09'), {}],
      payments: [paidIn('2026-09', '2026-09-20'), {}],
      expect: [
        { subject: WANZHOU_DIBAO, messageId: 'covered', severity: 'medium', values: { fund: '低保', month: '2026-09', allocatedFen: 50000, disbursedFen: 77000, excessFen: 27000 } },
      ],
      check: (hits) => {
        expect(hits[0]!.messageId).toBe('covered');
        expect(hits[0]!.severity).toBe('medium');
        expect(hits[0]!.values).toMatchObject({ month: '2026-09', excessFen: 27_000 });
        expect(hits[0]!.data).toMatchObject({ overdrawnMonths: ['2026-09'], balanceNowFen: 96_000 });
        expect(hits[0]!.evidence).toEqual([{ fileId: 1002, rowNo: 2 }, { fileId: 1002, rowNo: 3 }]);
      },
    },
    {
      name: 'a township spends more petty cash than the 备用金 handed to it',
      allocations: [{ allocatedOn: '2026-10-01', program: 'linshi', fund: 'linshi-reserve', amountFen: 30_000 }],
      pettyCash: [{ spentOn: '2026-11-10', amountFen: 50_000 }],
      expect: [
        { subject: { district: '万州区', fund: 'linshi-reserve' }, messageId: 'default', severity: 'high', values: { fund: '临时救助备用金', month: '2026-11', allocatedFen: 30000, disbursedFen: 50000, excessFen: 20000 } },
      ],
      check: (hits) => {
        expect(hits[0]!.values).toMatchObject({ fund: '临时救助备用金', allocatedFen: 30_000, disbursedFen: 50_000, excessFen: 20_000 });
        expect(hits[0]!.data).toMatchObject({ bankFen: 0, pettyCashFen: 50_000 });
        expect(hits[0]!.program).toBe('linshi');
      },
    },
  ],
  notFlagged: [
    {
      name: 'paid out exactly what was handed down',
      allocations: [{ allocatedOn: '2026-11-01', amountFen: 77_000 }],
      roster: [{}],
      payments: [{}],
    },
    {
      name: 'money paid before the ledger starts (an earlier year’s allocation) is left out',
      periods: ['2026-09', '2026-11'],
      allocations: [{ allocatedOn: '2026-11-01', amountFen: 77_000 }],
      roster: [approvedIn('2026-09'), {}],
      payments: [paidIn('2026-09', '2026-09-20'), {}],
    },
    {
      name: 'a fund never handed down at all is not judged (only 特困 was allocated)',
      allocations: [{ program: 'tekun', fund: 'tekun', amountFen: 100 }],
      roster: [{}],
      payments: [{}],
    },
    {
      name: 'a returned payment is not money paid out',
      allocations: [{ allocatedOn: '2026-11-01', amountFen: 50_000 }],
      roster: [{}],
      payments: [{ status: 'returned' }],
    },
    {
      name: 'a payment no roster row explains (district unknown) is in no district’s ledger',
      allocations: [{ allocatedOn: '2026-11-01', amountFen: 77_000 }],
      roster: [{}],
      payments: [{}, { idNumber: '500101194805200025', accountNo: '6228480012345678902', accountHolder: '李秀英', amountFen: 50_000 }],
    },
    {
      name: 'petty cash within its 备用金',
      allocations: [{ allocatedOn: '2026-10-01', program: 'linshi', fund: 'linshi-reserve', amountFen: 50_000 }],
      pettyCash: [{ amountFen: 50_000 }],
    },
  ],
});

it('over-disbursed: says it cannot run when no allocation file was ever ingested', async () => {
  const r = await runCase(rule, { name: 'no allocations', roster: [{}], payments: [{}] });
  expect(r).toEqual({ cannotRun: { zh: '未导入资金下达文件，无法判断是否超拨付发放', en: 'no allocation file has been ingested: over-disbursement cannot be judged' } });
});
