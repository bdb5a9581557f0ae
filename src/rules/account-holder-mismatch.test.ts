import { expect } from 'vitest';
import rule from './account-holder-mismatch.ts';
import { testRule } from './rule-tester.ts';

// 张明华 is the tester's default roster row and bank row (account 6228480012345678901).
const ZHANG = '500101195003150016';
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const LI_PAY = { idNumber: LI.idNumber, accountNo: LI.accountNo, accountHolder: LI.name };
const filed = (proxyName: string, recipientIdNumber = ZHANG) => ({ recipientIdNumber, proxyName, agreementNo: 'DL500101-2026-0007', relationship: '子女' });

testRule(rule, {
  flagged: [
    {
      name: 'paid into 赵德明’s card with no proxy agreement',
      roster: [{}],
      payments: [{ accountNo: '6217000011112222333', accountHolder: '赵德明' }],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { accountHolder: '赵德明', paidFen: 77000, paidCount: 1 } }],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.values).toEqual({ accountHolder: '赵德明', paidFen: 77000, paidCount: 1 });
        expect(h).toMatchObject({ name: '张明华', accountNo: '6217000011112222333', actualFen: 77000, district: '万州区', program: 'dibao' });
        expect(h.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]); // roster row, bank row
      },
    },
    {
      name: 'an agreement is on file, but for another proxy',
      roster: [{ proxyName: '王小红' }],
      payments: [{ accountHolder: '赵德明' }],
      proxies: [filed('王小红')],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { accountHolder: '赵德明', paidFen: 77000, paidCount: 1 } }],
    },
    {
      name: 'the holder has an agreement, but for another recipient',
      roster: [{}, LI],
      payments: [{ accountHolder: '赵德明' }, LI_PAY],
      proxies: [filed('赵德明', LI.idNumber)],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { accountHolder: '赵德明', paidFen: 77000, paidCount: 1 } }],
    },
    {
      name: 'a bank row without an ID number, matched by account, paid to someone else',
      roster: [{}],
      payments: [{ idNumber: null, idValid: null, accountHolder: '赵德明' }],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { accountHolder: '赵德明', paidFen: 77000, paidCount: 1 } }],
    },
    {
      name: 'two rows into foreign accounts for one recipient: one finding, both rows',
      roster: [{}],
      payments: [{ accountHolder: '赵德明', amountFen: 40000 }, { accountHolder: '孙桂兰', amountFen: 37000 }],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'high', values: { accountHolder: '赵德明、孙桂兰', paidFen: 77000, paidCount: 2 } }],
      check: (hits) => {
        expect(hits[0]!.values).toEqual({ accountHolder: '赵德明、孙桂兰', paidFen: 77000, paidCount: 2 });
        expect(hits[0]!.evidence).toHaveLength(3);
      },
    },
  ],
  notFlagged: [
    {
      name: 'the holder is the filed proxy (agreement on file, name matches)',
      roster: [{ proxyName: '王小红', agreementNo: 'DL500101-2026-0007' }],
      payments: [{ accountHolder: '王小红' }],
      proxies: [filed('王小红')],
    },
    {
      name: 'the husband’s card for his wife, whose filed proxy he is',
      roster: [{}, LI],
      payments: [{}, { ...LI_PAY, accountNo: '6228480012345678901', accountHolder: '张明华' }],
      proxies: [filed('张明华', LI.idNumber)],
    },
    {
      name: 'the recipient’s own account',
      roster: [{}],
      payments: [{}],
    },
    {
      name: 'the bank file gives no account holder',
      roster: [{}],
      payments: [{ accountHolder: null }],
    },
    {
      name: 'a failed payment to another person’s card moved no money',
      roster: [{}],
      payments: [{ accountHolder: '赵德明', status: 'failed' }],
    },
    {
      name: 'a payment returned after success',
      roster: [{}],
      payments: [{ serialNo: 'S1', accountHolder: '赵德明' }, { serialNo: 'S1', accountHolder: '赵德明', status: 'returned' }],
    },
    {
      name: 'a payment that matches no roster row (that is unapproved-payment)',
      roster: [{}],
      payments: [{}, { ...LI_PAY, accountHolder: '赵德明' }],
    },
  ],
});
