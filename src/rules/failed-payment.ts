/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * An approved person (period, idNumber of the active roster) who has payment rows, none of them paid: every
 * row ended failed, returned (退票 after 成功) or pending, and nothing was re-paid.
 */
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { byPerson, personHit, rosterAndPayments, wholePeriods } from './helpers.ts';

const STATUS_ZH: Record<string, string> = { failed: '失败', returned: '退票', pending: '处理中' };
const STATUS_EN: Record<string, string> = { failed: 'failed', returned: 'returned', pending: 'pending' };

export default defineRule({
  id: 'failed-payment',
  title: '发放失败未补发',
  titleEn: 'Payment failed and was not re-paid',
  severity: 'medium',
  clause: '四（三）1',
  reads: [],
  messages: { default: '已核定 {approvedFen} 元，{paymentCount} 笔发放均未成功（{statusesZh}），未见补发' },
  messagesEn: { default: 'approved {approvedFen} yuan; all {paymentCount} payments failed ({statusesZh}) and none was paid again' },
  async run(ctx) {
    const { db, periods } = ctx;
    const months = await wholePeriods(ctx, 'reconPayments', 'p');
    const rows = await db
      // The people: an unpaid row of a roster person with no paid row beside it. The month's unpaid rows (a
      // handful per thousand) come first, materialized on their own, and only they probe the (period,
      // recipientIdNumber) index and the roster. Folded into one query, PostgreSQL drove it from the month's
      // roster and probed the payments index once per approval (23-27 s at 1M rows, under 2 s on SQLite).
      .with(
        (cte) => cte('people').materialized(),
        (qc) =>
          qc
            .with(
              (cte) => cte('unpaid').materialized(),
              (uc) =>
                uc
                  .selectFrom('reconPayments as p')
                  // A month is most of the table: read in one pass on SQLite, pruned to its partition on PostgreSQL.
                  .where(months)
                  .where('p.status', '<>', 'paid')
                  .where('p.recipientIdNumber', 'is not', null)
                  .select(['p.period', 'p.recipientIdNumber']),
            )
            .selectFrom('unpaid as p')
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb
                    .selectFrom('reconPayments as q')
                    .select('q.id')
                    .whereRef('q.period', '=', 'p.period')
                    .whereRef('q.recipientIdNumber', '=', 'p.recipientIdNumber')
                    .where('q.status', '=', 'paid'),
                ),
              ),
            )
            .where((eb) =>
              eb.exists(
                eb
                  .selectFrom(activeRoster(db, periods).as('ar'))
                  .select('ar.id')
                  .whereRef('ar.period', '=', 'p.period')
                  .whereRef('ar.idNumber', '=', 'p.recipientIdNumber'),
              ),
            )
            .select((eb) => ['p.period', eb.ref('p.recipientIdNumber').$castTo<string>().as('idNumber')]),
      )
      // Their roster rows and payment rows, one stream.
      .with('personRows', (qc) => rosterAndPayments(db, qc, periods, { paidOnly: false }))
      .selectFrom('personRows as d')
      // The bank's reason as written on the latest row: shown to the reader, no part of the decision.
      .leftJoin('payments as pay', (j) => j.onRef('pay.id', '=', 'd.paymentId').onRef('pay.period', '=', 'd.period'))
      .selectAll('d')
      .select('pay.failReason')
      .execute();

    return byPerson(rows).map((p) => {
      const { approvedFen, programs } = p;
      const paymentCount = p.payments.length;
      const statuses = [...new Set(p.payments.map((r) => r.status).filter((x): x is string => !!x))];
      const failReasons = [...new Set(p.payments.map((r) => r.failReason).filter((x): x is string => !!x))];
      return {
        ...personHit(p),
        actualFen: 0,
        values: { approvedFen, paymentCount, statusesZh: statuses.map((st) => STATUS_ZH[st] ?? st).join('、') },
        valuesEn: { statusesZh: statuses.map((st) => STATUS_EN[st] ?? st).join(', ') },
        data: { approvedFen, paymentCount, statuses, failReasons, programs },
      };
    });
  },
});
