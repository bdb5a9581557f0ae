import { expect } from 'vitest';
import rule from './shared-account.ts';
import { testRule } from './rule-tester.ts';

const CARD = '6228480012345678901'; // 张明华's card (the tester's default roster row)
const ZHANG = { idNumber: '500101195003150016', name: '张明华', accountNo: CARD };
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const WANG = { idNumber: '50010119551108035X', name: '王建国', accountNo: '6228480012345678903' };
const ZHAO = { idNumber: '500101196203040414', name: '赵德明', accountNo: '6228480012345678904' };
/** A paid row for `p` into 张明华's card. */
const intoCard = (p: { idNumber: string }, extra: Record<string, unknown> = {}) => ({ idNumber: p.idNumber, accountNo: CARD, accountHolder: '张明华', ...extra });

testRule(rule, {
  flagged: [
    {
      name: '张明华’s card receives for himself, 李秀英 and 王建国',
      roster: [ZHANG, LI, WANG],
      payments: [intoCard(ZHANG), intoCard(LI), intoCard(WANG, { amountFen: 63000 })],
      expect: [{ subject: { period: '2026-11', accountNo: CARD }, messageId: 'default', severity: 'high', values: { recipients: 3, paidCount: 3, paidFen: 217000, holders: '张明华' } }],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.values).toEqual({ recipients: 3, paidCount: 3, paidFen: 217000, holders: '张明华' });
        expect(h).toMatchObject({ accountNo: CARD, district: '万州区', program: 'dibao', actualFen: 217000 });
        expect(h.idNumber).toBeUndefined(); // an account finding, not a person's
        expect(h.data!.recipients).toEqual([
          { idNumber: ZHANG.idNumber, name: '张明华' },
          { idNumber: LI.idNumber, name: '李秀英' },
          { idNumber: WANG.idNumber, name: '王建国' },
        ]);
        expect(h.evidence).toHaveLength(3);
      },
    },
    {
      name: 'a couple on one card when minRecipients is 2',
      options: { minRecipients: 2 },
      roster: [ZHANG, LI],
      payments: [intoCard(ZHANG), intoCard(LI)],
      expect: [{ subject: { period: '2026-11', accountNo: CARD }, messageId: 'default', severity: 'high', values: { recipients: 2, paidCount: 2, paidFen: 154000, holders: '张明华' } }],
    },
    {
      name: 'people who are on no roster count by their own ID number',
      roster: [],
      payments: [intoCard(ZHANG), intoCard(LI), intoCard(ZHAO)],
      expect: [{ subject: { period: '2026-11', accountNo: CARD }, messageId: 'default', severity: 'high', values: { recipients: 3, paidCount: 3, paidFen: 231000, holders: '张明华' } }],
      check: (hits) => expect(hits[0]!.data!.recipients).toEqual([
        { idNumber: ZHANG.idNumber, name: null },
        { idNumber: LI.idNumber, name: null },
        { idNumber: ZHAO.idNumber, name: null },
      ]),
    },
    {
      name: 'four people in two periods: each period on its own',
      periods: ['2026-10', '2026-11'],
      roster: [ZHANG, LI, WANG, { ...ZHANG, period: '2026-10' }, { ...LI, period: '2026-10' }, { ...ZHAO, period: '2026-10' }],
      payments: [intoCard(ZHANG), intoCard(LI), intoCard(WANG), intoCard(ZHANG, { period: '2026-10' }), intoCard(LI, { period: '2026-10' }), intoCard(ZHAO, { period: '2026-10' })],
      expect: [
        { subject: { period: '2026-10', accountNo: CARD }, messageId: 'default', severity: 'high', values: { recipients: 3, paidCount: 3, paidFen: 231000, holders: '张明华' } },
        { subject: { period: '2026-11', accountNo: CARD }, messageId: 'default', severity: 'high', values: { recipients: 3, paidCount: 3, paidFen: 231000, holders: '张明华' } },
      ],
    },
  ],
  notFlagged: [
    {
      name: 'a couple (2 people) on one card with the default minRecipients 3',
      roster: [ZHANG, LI],
      payments: [intoCard(ZHANG), intoCard(LI)],
    },
    {
      name: 'one person paid three times into the same card (that is duplicate-payment)',
      roster: [ZHANG],
      payments: [intoCard(ZHANG), intoCard(ZHANG, { label: '低保金', serialNo: 'S2' }), intoCard(ZHANG, { serialNo: 'S3' })],
    },
    {
      name: 'three people, but one payment failed',
      roster: [ZHANG, LI, WANG],
      payments: [intoCard(ZHANG), intoCard(LI), intoCard(WANG, { status: 'failed' })],
    },
    {
      name: 'three people, one payment returned after success',
      roster: [ZHANG, LI, WANG],
      payments: [intoCard(ZHANG), intoCard(LI), intoCard(WANG, { serialNo: 'S9' }), intoCard(WANG, { serialNo: 'S9', status: 'returned' })],
    },
    {
      name: 'the same card used by three people in three different months',
      periods: ['2026-09', '2026-10', '2026-11'],
      roster: [{ ...ZHANG, period: '2026-09' }, { ...LI, period: '2026-10' }, WANG],
      payments: [intoCard(ZHANG, { period: '2026-09' }), intoCard(LI, { period: '2026-10' }), intoCard(WANG)],
    },
    {
      name: 'everyone paid into their own card',
      roster: [ZHANG, LI, WANG],
      payments: [ZHANG, LI, WANG].map((p) => ({ idNumber: p.idNumber, accountNo: p.accountNo, accountHolder: p.name })),
    },
  ],
});
