/**
 * 四（二）：将救助资金直接由国库支付到救助对象账户，减少资金支付的中间环节，确保资金支付安全、高效。
 * 四（三）1：民政部门确定救助对象的同时，要告知、指导其及时、准确提供在代理金融机构的账户信息。
 * A paid row whose bank account holder (户名) is neither the approved recipient nor a proxy filed for that
 * recipient in the proxy registry (代领协议备案): the money went to somebody else's account.
 */
import { defineRule } from './define-rule.ts';
import { groupRows, paidToUnfiledHolder } from './helpers.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'account-holder-mismatch',
  title: '收款账户非本人',
  titleEn: 'Paid into an account that is neither the recipient’s nor a filed proxy’s',
  severity: 'high',
  clause: '四（二）, 四（三）1',
  reads: ['proxy'],
  messages: { default: '户名“{accountHolder}”既不是救助对象本人，也不是已备案的代领人，实发 {paidFen} 元（{paidCount} 笔）' },
  messagesEn: { default: 'account holder "{accountHolder}" is neither the recipient nor a filed proxy; paid {paidFen} yuan ({paidCount} payments)' },
  async run(ctx) {
    const rows = await (await paidToUnfiledHolder(ctx))
      .select([
        'r.period', 'r.idNumber', 'r.name', 'r.district', 'r.districtCode', 'r.program', 'r.proxyName', 'r.fileId as rosterFileId', 'r.rowNo as rosterRowNo',
        'p.accountHolder', 'p.accountNo', 'p.amountFen', 'p.fileId', 'p.rowNo',
      ])
      .$narrowType<{ accountHolder: string }>()
      .execute();
    // No ORDER BY in SQL (it would make SQLite walk an index instead of scanning); the few hits are sorted here.
    rows.sort((a, b) => a.period.localeCompare(b.period) || a.idNumber.localeCompare(b.idNumber) || a.fileId - b.fileId || a.rowNo - b.rowNo);

    // One hit per recipient and period, with every paid row into a foreign account as evidence.
    return groupRows(rows, (r) => `${r.period}|${r.idNumber}`).map((all): RuleHit => {
      const first = all[0]!;
      const paidFen = all.reduce((sum, r) => sum + Number(r.amountFen), 0);
      const holders = [...new Set(all.map((r) => r.accountHolder))];
      const accounts = [...new Set(all.map((r) => r.accountNo).filter((a): a is string => a !== null))];
      return {
        subject: { period: first.period, idNumber: first.idNumber },
        values: { accountHolder: holders.join('、'), paidFen, paidCount: all.length },
        period: first.period,
        district: first.district,
        districtCode: first.districtCode,
        program: first.program,
        idNumber: first.idNumber,
        name: first.name,
        accountNo: accounts.length === 1 ? accounts[0]! : null,
        actualFen: paidFen,
        evidence: [
          ...new Map(all.map((r) => [`${r.rosterFileId}|${r.rosterRowNo}`, { fileId: r.rosterFileId, rowNo: r.rosterRowNo }])).values(),
          ...all.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        ],
        data: { accountHolders: holders, accountNos: accounts, rosterProxyName: first.proxyName, paidFen, paidCount: all.length },
      };
    });
  },
});
