/**
 * 四（三）2：由监护人、委托照料人或他人代为支取的，乡镇（街道）要与代为支取人及救助对象签订社会救助金代领协议，
 * 明确救助资金用于救助对象，并报区县民政部门备案。
 * A proxy with no filed agreement: a proxy recorded on the roster with no agreement in the proxy registry for
 * that recipient naming that proxy (same proxy ID when both sides give one, else same name); or a paid row whose
 * account holder is not the recipient and has no agreement for that recipient under the holder's name.
 */
import { defineRule } from './define-rule.ts';
import { groupRows, paidToUnfiledHolder, wholeRoster } from './helpers.ts';
import type { RuleHit } from './types.ts';

type Source = 'roster' | 'holder';

export default defineRule({
  id: 'proxy-without-agreement',
  title: '代领未备案',
  titleEn: 'Proxy collection without a filed agreement',
  severity: 'medium',
  clause: '四（三）2',
  reads: ['proxy'],
  messages: {
    default: '名册登记代领人“{proxyName}”，代领协议库中没有该对象对此人的备案',
    holder: '户名“{accountHolder}”不是救助对象本人，代领协议库中没有该对象对此人的备案，实发 {paidFen} 元',
    both: '名册登记代领人“{proxyName}”、收款户名“{accountHolder}”，代领协议库中均无该对象对此人的备案，实发 {paidFen} 元',
  },
  messagesEn: {
    default: 'the roster names the proxy "{proxyName}", but the proxy agreements hold no filing by this recipient for that person',
    holder: 'account holder "{accountHolder}" is not the recipient, and the proxy agreements hold no filing by this recipient for that person; paid {paidFen} yuan',
    both: 'the roster names the proxy "{proxyName}" and the account holder is "{accountHolder}", but the proxy agreements hold no filing by this recipient for either; paid {paidFen} yuan',
  },
  async run(ctx) {
    const { db } = ctx;
    const person = ['r.period', 'r.idNumber', 'r.name', 'r.district', 'r.districtCode', 'r.program', 'r.accountNo', 'r.fileId as rosterFileId', 'r.rowNo as rosterRowNo'] as const;

    // (a) roster proxies: an agreement for this recipient naming this proxy (by ID when both give one, else by name).
    const onRoster = db
      // The periods' roster in one pass: most of it is read for the few rows that name a proxy.
      .selectFrom((await wholeRoster(ctx)).as('r'))
      .where('r.proxyName', 'is not', null)
      .where((eb) =>
        eb.not(
          eb.exists(
            eb
              .selectFrom('proxyAgreements as a')
              .select('a.id')
              .whereRef('a.recipientIdNumber', '=', 'r.idNumber')
              .where((e) =>
                e.or([
                  e.and([e('r.proxyIdNumber', 'is not', null), e('a.proxyIdNumber', 'is not', null), e('a.proxyIdNumber', '=', e.ref('r.proxyIdNumber'))]),
                  e.and([e.or([e('r.proxyIdNumber', 'is', null), e('a.proxyIdNumber', 'is', null)]), e('a.proxyName', '=', e.ref('r.proxyName'))]),
                ]),
              ),
          ),
        ),
      )
      .select((eb) => [
        ...person, 'r.fileId', 'r.rowNo', eb.cast<Source>(eb.val('roster'), 'text').as('source'), eb.ref('r.proxyName').$castTo<string>().as('who'),
        eb.lit(null).$castTo<number | null>().as('amountFen'),
      ]);

    // (b) paid rows into the account of a holder who is not the recipient and has no agreement filed.
    const asHolder = (await paidToUnfiledHolder(ctx))
      .select((eb) => [
        ...person, 'p.fileId', 'p.rowNo', eb.cast<Source>(eb.val('holder'), 'text').as('source'), eb.ref('p.accountHolder').$castTo<string>().as('who'),
        eb.ref('p.amountFen').$castTo<number | null>().as('amountFen'),
      ]);

    // No ORDER BY in SQL (it would make SQLite walk an index instead of scanning); the few hits are sorted here.
    const rows = [...(await onRoster.execute()), ...(await asHolder.execute())].sort(
      (a, b) => a.period.localeCompare(b.period) || a.idNumber.localeCompare(b.idNumber) || a.fileId - b.fileId || a.rowNo - b.rowNo,
    );

    return groupRows(rows, (r) => `${r.period}|${r.idNumber}`).map((all): RuleHit => {
      const first = all[0]!;
      const proxies = [...new Set(all.filter((r) => r.source === 'roster').map((r) => r.who))];
      const holders = [...new Set(all.filter((r) => r.source === 'holder').map((r) => r.who))];
      const paidFen = all.reduce((sum, r) => sum + (r.amountFen === null ? 0 : Number(r.amountFen)), 0);
      const paid = holders.length > 0;
      return {
        subject: { period: first.period, idNumber: first.idNumber },
        messageId: proxies.length && paid ? 'both' : paid ? 'holder' : 'default',
        values: { proxyName: proxies.join('、'), accountHolder: holders.join('、'), paidFen },
        period: first.period,
        district: first.district,
        districtCode: first.districtCode,
        program: first.program,
        idNumber: first.idNumber,
        name: first.name,
        accountNo: first.accountNo,
        actualFen: paid ? paidFen : null,
        evidence: [
          ...new Map(all.map((r) => [`${r.rosterFileId}|${r.rosterRowNo}`, { fileId: r.rosterFileId, rowNo: r.rosterRowNo }])).values(),
          ...all.filter((r) => r.source === 'holder').map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        ],
        data: { rosterProxyNames: proxies, accountHolders: holders, ...(paid ? { paidFen } : {}) },
      };
    });
  },
});
