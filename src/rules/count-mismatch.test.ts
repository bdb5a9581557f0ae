import { expect } from 'vitest';
import rule from './count-mismatch.ts';
import { testRule } from './rule-tester.ts';

const A = { idNumber: '500101195003150016', name: '张明华', accountNo: '6228480012345678901' };
const B = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const C = { idNumber: '50010119551108035X', name: '王建国', accountNo: '6228480012345678903' };
const pay = (p: typeof A, extra: Record<string, unknown> = {}) => ({ idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name, ...extra });

testRule(rule, {
  flagged: [
    {
      name: 'one approved person was not paid',
      roster: [A, B],
      payments: [pay(A)],
      expect: [{ period: '2026-11', district: '万州区', program: 'dibao' }],
      check: (hits) => expect(hits[0]!.values).toMatchObject({ approvedCount: 2, paidCount: 1, diff: '-1' }),
    },
    {
      name: 'a payment returned after success no longer counts as paid',
      roster: [A, B],
      payments: [pay(A, { serialNo: 'S1' }), pay(B, { serialNo: 'S2' }), pay(B, { serialNo: 'S2', status: 'returned' })],
      expect: [{ period: '2026-11', district: '万州区', program: 'dibao' }],
    },
    {
      name: 'an unmatched payment without district or program counts in the 未知 batch',
      roster: [A],
      payments: [pay(A), pay(C)],
      expect: [{ period: '2026-11', district: '未知', program: '未知' }],
    },
  ],
  notFlagged: [
    {
      name: 'every approved person paid once',
      roster: [A, B],
      payments: [pay(A), pay(B)],
    },
    {
      name: 'a failed payment re-paid later in the same file counts once',
      roster: [A],
      payments: [pay(A, { serialNo: 'S1', status: 'failed' }), pay(A, { serialNo: 'S1', status: 'paid' })],
    },
    {
      name: 'a payment that names another district is attributed to its own batch, not the roster row (counts match per batch)',
      roster: [A, { ...B, district: '涪陵区', districtCode: '500102' }],
      payments: [pay(A), pay(B)],
    },
  ],
});
