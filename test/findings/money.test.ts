import { describe, expect, it } from 'vitest';
import { amountOf, markFinding, moneyAtStake, sumMoney } from '../../src/findings/index.ts';
import { memoryDb } from '../ingest/helpers.ts';

type Row = { rule: string; district: string | null; expectedFen: number | null; actualFen: number | null; status?: string; fp: string };

// One night's money findings: two differences (one overpaid, one underpaid), an unapproved payment,
// fees, a payment to a deceased person; plus a resolved one, a false positive and a batch-level
// total-mismatch that restates the same money (none of these three count).
const ROWS: Row[] = [
  { rule: 'amount-mismatch', district: '万州区', expectedFen: 77000, actualFen: 87000, fp: 'a1' },
  { rule: 'amount-mismatch', district: '渝中区', expectedFen: 154000, actualFen: 150000, fp: 'a2' },
  { rule: 'unapproved-payment', district: '万州区', expectedFen: 0, actualFen: 77000, fp: 'u1' },
  { rule: 'bank-fee', district: '渝中区', expectedFen: null, actualFen: 300, fp: 'f1' },
  { rule: 'deceased-recipient', district: '万州区', expectedFen: 0, actualFen: 154000, fp: 'd1' },
  { rule: 'deceased-recipient', district: '万州区', expectedFen: 0, actualFen: 50000, status: 'resolved', fp: 'd2' },
  { rule: 'unapproved-payment', district: '渝中区', expectedFen: 0, actualFen: 99900, fp: 'u2' },
  { rule: 'total-mismatch', district: '万州区', expectedFen: 231000, actualFen: 241000, fp: 't1' },
];

describe('money at stake', () => {
  it('sums open findings by kind, rule and district from the stored expected and actual fen', async () => {
    const db = await memoryDb();
    const run = await db.kysely.insertInto('runs').values({ startedAt: '2026-11-28T02:00:00+08:00', finishedAt: null, trigger: 'manual', outcome: 'done', statsJson: '{}' }).returning('id').executeTakeFirstOrThrow();
    await db.kysely.insertInto('findings').values(ROWS.map((r) => ({
      runId: run.id, rule: r.rule, severity: 'high', fingerprint: r.fp.padEnd(32, '0'), title: r.rule, message: '', period: '2026-11', district: r.district, districtCode: null,
      program: 'dibao', idNumber: null, name: null, accountNo: null, expectedFen: r.expectedFen, actualFen: r.actualFen, evidenceJson: '[]', dataJson: '{}', status: r.status ?? 'new', firstSeen: '2026-11-28T02:00:00+08:00',
    }))).execute();
    await markFinding(db, 'u2'.padEnd(32, '0'), 'false-positive', '已补审批', '陈科长', '2026-11-28T09:00:00+08:00');

    const m = await moneyAtStake(db, run.id);
    expect(m.count).toBe(5);
    expect(m.fen).toBe(10000 + 4000 + 77000 + 300 + 154000);
    expect(m.byKind).toEqual({ difference: { fen: 14000, count: 2 }, unapproved: { fen: 77000, count: 1 }, fee: { fen: 300, count: 1 }, deceased: { fen: 154000, count: 1 } });
    expect(m.byRule.map((r) => [r.rule, r.fen, r.count])).toEqual([['deceased-recipient', 154000, 1], ['unapproved-payment', 77000, 1], ['amount-mismatch', 14000, 2], ['bank-fee', 300, 1]]);
    expect(m.byDistrict.map((d) => [d.district, d.fen, d.count])).toEqual([['万州区', 241000, 3], ['渝中区', 4300, 2]]);
    expect(m.byDistrict[1]!.byKind.fee).toEqual({ fen: 300, count: 1 });

    const yuzhong = await moneyAtStake(db, run.id, { districts: ['渝中区'] });
    expect([yuzhong.fen, yuzhong.count]).toEqual([4300, 2]);
    expect((await moneyAtStake(db, run.id, { districts: [] })).count).toBe(0);
    await db.close();
  });

  it('ranks any finding by the money it is about', () => {
    expect(amountOf({ rule: 'missing-payment', expectedFen: 77000, actualFen: 0 })).toBe(77000);
    expect(amountOf({ rule: 'amount-mismatch', expectedFen: 77000, actualFen: 70000 })).toBe(7000);
    expect(amountOf({ rule: 'shared-account', expectedFen: null, actualFen: 154000 })).toBe(154000);
    expect(amountOf({ rule: 'invalid-id', expectedFen: null, actualFen: null })).toBe(0);
    expect(sumMoney([{ rule: 'bank-fee', district: null, expectedFen: null, actualFen: 200, status: 'persisting', review: { mark: 'confirmed' } }]).byDistrict).toEqual([
      { district: null, fen: 200, count: 1, byKind: { difference: { fen: 0, count: 0 }, unapproved: { fen: 0, count: 0 }, fee: { fen: 200, count: 1 }, deceased: { fen: 0, count: 0 } } },
    ]);
  });
});
