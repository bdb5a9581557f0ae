import { expect } from 'vitest';
import rule from './proxy-without-agreement.ts';
import { testRule } from './rule-tester.ts';

// 张明华 is the tester's default roster row and bank row.
const ZHANG = '500101195003150016';
const WANG_ID = '500101197007160528';
const LI = { idNumber: '500101194805200025', name: '李秀英', accountNo: '6228480012345678902' };
const LI_PAY = { idNumber: LI.idNumber, accountNo: LI.accountNo, accountHolder: LI.name };
const filed = (extra: Record<string, unknown> = {}) => ({ recipientIdNumber: ZHANG, proxyName: '王小红', agreementNo: 'DL500101-2026-0007', relationship: '子女', ...extra });

testRule(rule, {
  flagged: [
    {
      name: 'a proxy on the roster and no agreement on file at all',
      roster: [{ proxyName: '王小红', proxyIdNumber: WANG_ID }],
      payments: [{}],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { proxyName: '王小红', accountHolder: '', paidFen: 0 } }],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.messageId).toBe('default');
        expect(h.values).toMatchObject({ proxyName: '王小红' });
        expect(h).toMatchObject({ name: '张明华', district: '万州区', actualFen: null });
        expect(h.evidence).toEqual([{ fileId: 1000, rowNo: 2 }]);
      },
    },
    {
      name: 'the roster quotes an agreement number that is not in the registry',
      roster: [{ proxyName: '王小红', agreementNo: 'DL500101-2026-9999' }],
      proxies: [filed({ recipientIdNumber: LI.idNumber, proxyName: '孙桂兰' })],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { proxyName: '王小红', accountHolder: '', paidFen: 0 } }],
    },
    {
      name: 'the agreement on file names another proxy ID for the same name',
      roster: [{ proxyName: '王小红', proxyIdNumber: WANG_ID }],
      proxies: [filed({ proxyIdNumber: '500101198511220635' })],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { proxyName: '王小红', accountHolder: '', paidFen: 0 } }],
    },
    {
      name: 'the proxy’s agreement is filed for another recipient',
      roster: [{ proxyName: '王小红' }, LI],
      proxies: [filed({ recipientIdNumber: LI.idNumber })],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'default', severity: 'medium', values: { proxyName: '王小红', accountHolder: '', paidFen: 0 } }],
    },
    {
      name: 'paid into someone else’s account with no agreement for that person',
      roster: [{}],
      payments: [{ accountNo: '6217000011112222333', accountHolder: '赵德明' }],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'holder', severity: 'medium', values: { proxyName: '', accountHolder: '赵德明', paidFen: 77000 } }],
      check: (hits) => {
        const h = hits[0]!;
        expect(h.messageId).toBe('holder');
        expect(h.values).toMatchObject({ accountHolder: '赵德明', paidFen: 77000 });
        expect(h.actualFen).toBe(77000);
        expect(h.evidence).toEqual([{ fileId: 1000, rowNo: 2 }, { fileId: 1001, rowNo: 2 }]);
      },
    },
    {
      name: 'an unfiled roster proxy who is also the account holder: one finding',
      roster: [{ proxyName: '王小红' }],
      payments: [{ accountHolder: '王小红' }],
      expect: [{ subject: { period: '2026-11', idNumber: ZHANG }, messageId: 'both', severity: 'medium', values: { proxyName: '王小红', accountHolder: '王小红', paidFen: 77000 } }],
      check: (hits) => {
        expect(hits[0]!.messageId).toBe('both');
        expect(hits[0]!.values).toMatchObject({ proxyName: '王小红', accountHolder: '王小红', paidFen: 77000 });
      },
    },
  ],
  notFlagged: [
    {
      name: 'a filed proxy: agreement on file, name matches, and the money goes to the proxy',
      roster: [{ proxyName: '王小红', agreementNo: 'DL500101-2026-0007' }],
      payments: [{ accountHolder: '王小红' }],
      proxies: [filed()],
    },
    {
      name: 'matched by proxy ID when both sides give one, though the names are written differently',
      roster: [{ proxyName: '王晓红', proxyIdNumber: WANG_ID }],
      proxies: [filed({ proxyIdNumber: WANG_ID })],
    },
    {
      name: 'matched by name when the agreement gives no proxy ID',
      roster: [{ proxyName: '王小红', proxyIdNumber: WANG_ID }],
      proxies: [filed()],
    },
    {
      name: 'matched by name when the roster gives no proxy ID',
      roster: [{ proxyName: '王小红' }],
      proxies: [filed({ proxyIdNumber: WANG_ID })],
    },
    {
      name: 'the husband’s card for his wife, whose filed proxy he is',
      roster: [{}, { ...LI, proxyName: '张明华', proxyIdNumber: ZHANG }],
      payments: [{}, { ...LI_PAY, accountNo: '6228480012345678901', accountHolder: '张明华' }],
      proxies: [filed({ recipientIdNumber: LI.idNumber, proxyName: '张明华', proxyIdNumber: ZHANG, relationship: '配偶' })],
    },
    {
      name: 'no proxy and paid into the recipient’s own account',
      roster: [{}],
      payments: [{}],
    },
    {
      name: 'a failed payment to someone else’s account',
      roster: [{}],
      payments: [{ accountHolder: '赵德明', status: 'failed' }],
    },
  ],
});
