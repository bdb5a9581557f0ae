/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * A roster person (period, idNumber) paid at least once whose paid sum differs from the sum of their
 * approved amounts by more than `toleranceFen`.
 */
import { z } from 'zod';
import { defineRule } from './define-rule.ts';
import { byPerson, periodList, personHit, rosterAndPayments, wholePeriods } from './helpers.ts';

export default defineRule({
  id: 'amount-mismatch',
  title: '个人发放金额不符',
  titleEn: 'Amount paid to a person differs from the approved amount',
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: { default: '核定 {approvedFen} 元，实发 {paidFen} 元（{paidCount} 笔），差额 {diffFen} 元' },
  messagesEn: { default: 'approved {approvedFen} yuan, paid {paidFen} yuan ({paidCount} payments), difference {diffFen} yuan' },
  options: { toleranceFen: z.number().int().min(0).default(0).meta({ description: '允许的差额（分，0 起），超过才报' }) },
  async run(ctx) {
    const { db, periods, options } = ctx;
    const months = await wholePeriods(ctx, 'reconPayments', 'p');
    const list = periodList(periods);
    const tolerance = options.toleranceFen;
    const rows = await db
      // Candidates, a cheap superset of the people to flag: when a person's paid sum differs from their
      // approved sum, either one of their paid rows differs from the roster row it matched, or they have
      // more than one payment row or more than one roster row. The last two are counted straight off the
      // (period, ID) indexes; the exact test below reads only the active roster.
      .with(
        (cte) => cte('people').materialized(),
        (qc) =>
          qc
            .selectFrom('reconPayments as p')
            // A month is most of the table: read in one pass on SQLite, pruned to its partition on PostgreSQL. The
            // matched approval's amount and ID are on the payment's row (set with roster_id): no roster row is read.
            .where(months)
            .where('p.status', '=', 'paid')
            .where('p.rosterId', 'is not', null)
            .whereRef('p.amountFen', '<>', 'p.approvedFen')
            .select((eb) => ['p.period', eb.ref('p.recipientIdNumber').$castTo<string>().as('idNumber')])
            .unionAll(
              qc
                .selectFrom('reconPayments as p')
                .where('p.period', 'in', list)
                .where('p.recipientIdNumber', 'is not', null)
                .groupBy(['p.period', 'p.recipientIdNumber'])
                .having((eb) => eb(eb.fn.countAll(), '>', 1))
                .select((eb) => ['p.period', eb.ref('p.recipientIdNumber').$castTo<string>().as('idNumber')]),
            )
            .unionAll(
              qc
                .selectFrom('rosterEntries as re')
                .where('re.period', 'in', list)
                .groupBy(['re.period', 're.idNumber'])
                .having((eb) => eb(eb.fn.countAll(), '>', 1))
                .select(['re.period', 're.idNumber']),
            ),
      )
      // The candidates' active roster rows and paid rows, one stream.
      .with('personRows', (qc) => rosterAndPayments(db, qc, periods, { paidOnly: true }))
      // The exact test, per person over their rows; only the rows of flagged people come back.
      .selectFrom((qc) =>
        qc
          .selectFrom('personRows as d')
          .selectAll('d')
          .select((eb) => {
            const perPerson = (column: 'approvedFen' | 'amountFen' | 'rosterRow' | 'paidRow') =>
              eb.fn.sum<number>(`d.${column}`).over((ob) => ob.partitionBy(['d.period', 'd.idNumber']));
            return [perPerson('approvedFen').as('personApprovedFen'), perPerson('amountFen').as('personPaidFen'), perPerson('rosterRow').as('rosterRows'), perPerson('paidRow').as('paidRows')];
          })
          .as('w'),
      )
      .where('w.rosterRows', '>', 0)
      .where('w.paidRows', '>', 0)
      .where((eb) => eb(eb.fn<number>('abs', [eb('w.personPaidFen', '-', eb.ref('w.personApprovedFen'))]), '>', tolerance))
      .selectAll('w')
      // One order on every database: the first approval (file, row) names the finding's program and district.
      .orderBy('w.period')
      .orderBy('w.idNumber')
      .orderBy('w.rosterRow', 'desc')
      .orderBy('w.fileId')
      .orderBy('w.rowNo')
      .execute();

    return byPerson(rows).map((p) => {
      const { approvedFen, programs } = p;
      const paidFen = p.payments.reduce((sum, r) => sum + Number(r.amountFen), 0);
      const paidCount = p.payments.length;
      return {
        ...personHit(p),
        actualFen: paidFen,
        values: { approvedFen, paidFen, paidCount, diffFen: paidFen - approvedFen },
        data: { approvedFen, paidFen, paidCount, diffFen: paidFen - approvedFen, toleranceFen: tolerance, programs },
      };
    });
  },
});
