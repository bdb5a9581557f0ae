/**
 * 四（四）：确保社会救助资金专款专用……不得以任何形式挤占、挪用、截留、滞留社会救助资金。
 * 五（一）：加大对社会救助资金发放中虚报冒领、截留私分、贪污挪用、吃拿卡要等问题的查处力度。
 * Money paid for a period after the month in which the person died, per the optional deaths list (公安 /
 * 殡葬 records). A death within the period's own month is not flagged: that month is still due.
 */
import { defineRule } from './define-rule.ts';
import { groupRows, periodList } from './helpers.ts';
import { activeRoster } from '../reconcile/index.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'deceased-recipient',
  title: '死亡人员仍在发放',
  titleEn: 'Paid after the recipient’s death',
  severity: 'high',
  clause: '四（四）',
  reads: ['deaths'],
  messages: { default: '死亡名单记载该人于 {diedOn} 死亡，{period} 仍发放 {paidFen} 元（{paidCount} 笔）' },
  messagesEn: { default: 'the deaths list records this person as dead on {diedOn}, yet {paidFen} yuan was paid in {period} ({paidCount} payments)' },
  async run({ db, periods }) {
    const anyDeath = await db.selectFrom('deaths').select('id').limit(1).executeTakeFirst();
    if (!anyDeath) return { cannotRun: { zh: '未提供死亡人员名单，无法检查', en: 'no deaths list was provided' } };

    const list = periodList(periods);
    // The deaths list is the small side: from each death, an index probe into the period's payments — by the
    // matched roster ID, or by the bank row's own ID when the payment matched no roster row.
    const viaRoster = db
      .selectFrom('deaths as d')
      .crossJoin('reconPayments as p')
      .whereRef('p.recipientIdNumber', '=', 'd.idNumber')
      .where('p.period', 'in', list)
      .where('p.status', '=', 'paid')
      .where((eb) => eb(eb.fn<string>('substr', ['d.diedOn', eb.val(1), eb.val(7)]), '<', eb.ref('p.period')))
      .select((eb) => [
        'd.idNumber as idNumber', 'd.diedOn as diedOn', 'd.name as deathName', 'd.fileId as deathFileId', 'd.rowNo as deathRowNo',
        'p.period as period', 'p.district as district', 'p.program as program', 'p.accountNo as accountNo', 'p.accountHolder as accountHolder',
        'p.amountFen as amountFen', 'p.fileId as fileId', 'p.rowNo as rowNo',
        eb.selectFrom(activeRoster(db, periods).as('r')).select('r.name').whereRef('r.id', '=', 'p.rosterId').as('rosterName'),
        eb.selectFrom(activeRoster(db, periods).as('r')).select('r.districtCode').whereRef('r.id', '=', 'p.rosterId').as('districtCode'),
      ]);
    const unmatched = db
      .selectFrom('deaths as d')
      .crossJoin('reconPayments as p')
      .whereRef('p.idNumber', '=', 'd.idNumber')
      .where('p.period', 'in', list)
      // Matched no approval (so it has no recipient either): the condition the (period, id_number) index of such
      // payments is defined by (0021-unassigned-index), so that index serves the probe.
      .where('p.rosterId', 'is', null)
      .where('p.status', '=', 'paid')
      .where((eb) => eb(eb.fn<string>('substr', ['d.diedOn', eb.val(1), eb.val(7)]), '<', eb.ref('p.period')))
      .select((eb) => [
        'd.idNumber as idNumber', 'd.diedOn as diedOn', 'd.name as deathName', 'd.fileId as deathFileId', 'd.rowNo as deathRowNo',
        'p.period as period', 'p.district as district', 'p.program as program', 'p.accountNo as accountNo', 'p.accountHolder as accountHolder',
        'p.amountFen as amountFen', 'p.fileId as fileId', 'p.rowNo as rowNo',
        eb.lit(null).$castTo<string | null>().as('rosterName'), eb.lit(null).$castTo<string | null>().as('districtCode'),
      ]);
    const rows = await viaRoster.unionAll(unmatched).execute();
    rows.sort((a, b) => a.period.localeCompare(b.period) || a.idNumber.localeCompare(b.idNumber) || a.fileId - b.fileId || a.rowNo - b.rowNo || a.deathRowNo - b.deathRowNo);

    return groupRows(rows, (r) => `${r.period}|${r.idNumber}`).map((all): RuleHit => {
      const first = all[0]!;
      // A person listed twice in the deaths file: the earliest date counts.
      const diedOn = all.reduce((min, r) => (r.diedOn < min ? r.diedOn : min), first.diedOn);
      const payments = new Map(all.map((r) => [`${r.fileId}|${r.rowNo}`, r]));
      const deathRows = new Map(all.map((r) => [`${r.deathFileId}|${r.deathRowNo}`, { fileId: r.deathFileId, rowNo: r.deathRowNo }]));
      const paidFen = [...payments.values()].reduce((sum, r) => sum + Number(r.amountFen), 0);
      return {
        subject: { period: first.period, idNumber: first.idNumber },
        values: { diedOn, period: first.period, paidFen, paidCount: payments.size },
        period: first.period,
        district: first.district,
        districtCode: first.districtCode,
        program: first.program,
        idNumber: first.idNumber,
        name: first.rosterName ?? first.deathName ?? first.accountHolder,
        accountNo: first.accountNo,
        expectedFen: 0,
        actualFen: paidFen,
        evidence: [...[...payments.values()].map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })), ...deathRows.values()],
        data: { diedOn, paidFen, paidCount: payments.size },
      };
    });
  },
});
