/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * An approved person (period, idNumber of the active roster) who has payment rows, none of them paid: every
 * row ended failed, returned (退票 after 成功) or pending, and nothing was re-paid.
 */
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { periodList, wholePeriods } from './helpers.ts';
import type { EvidenceRef, RuleHit } from './types.ts';

const STATUS_ZH: Record<string, string> = { failed: '失败', returned: '退票', pending: '处理中' };
const STATUS_EN: Record<string, string> = { failed: 'failed', returned: 'returned', pending: 'pending' };

type Acc = RuleHit & { evidence: EvidenceRef[]; approvedFen: number; paymentCount: number; programs: string[]; statuses: string[]; failReasons: string[] };

export default defineRule({
  id: 'failed-payment',
  title: '发放失败未补发',
  titleEn: 'Payment failed and was not re-paid',
  severity: 'medium',
  clause: '四（三）1',
  messages: { default: '已核定 {approvedFen} 元，{paymentCount} 笔发放均未成功（{statusesZh}），未见补发' },
  messagesEn: { default: 'approved {approvedFen} yuan; all {paymentCount} payments failed ({statusesZh}) and none was paid again' },
  defaultOptions: {},
  async run({ db, periods }) {
    const list = periodList(periods);
    const rows = await db
      // The people: an unpaid row of a roster person with no paid row beside it. Unpaid rows are few, so
      // the month is scanned once and each of them probes the (period, recipientIdNumber) index.
      .with(
        (cte) => cte('failed').materialized(),
        (qc) =>
          qc
            .selectFrom('reconPayments as p')
            // A month is most of the table: scanned on SQLite, pruned to its partition on PostgreSQL.
            .where(wholePeriods(db, 'p.period', periods))
            .where('p.status', '<>', 'paid')
            .where('p.recipientIdNumber', 'is not', null)
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
      // Their roster rows and payment rows; row-value IN lets each person be sought in the (period, ID) indexes.
      .selectFrom(activeRoster(db, periods).as('r'))
      .where((eb) => eb(eb.refTuple('r.period', 'r.idNumber'), 'in', eb.selectFrom('failed as f').select(['f.period', 'f.idNumber']).$asTuple('period', 'idNumber')))
      .select((eb) => [
        'r.period',
        'r.idNumber',
        eb.val('roster').as('side'),
        'r.fileId',
        'r.rowNo',
        'r.district',
        'r.districtCode',
        'r.program',
        eb.ref('r.name').$castTo<string | null>().as('name'),
        'r.accountNo',
        'r.approvedFen',
        eb.lit(null).$castTo<string | null>().as('status'),
        eb.lit(null).$castTo<string | null>().as('failReason'),
      ])
      .unionAll((eb) =>
        eb
          .selectFrom('reconPayments as p')
          // The bank's reason as written on the latest row: shown to the reader, no part of the decision.
          .leftJoin('payments as pay', (j) => j.onRef('pay.id', '=', 'p.paymentId').onRef('pay.period', '=', 'p.period'))
          .where('p.period', 'in', list)
          .where((e) =>
            e(e.refTuple('p.period', e.ref('p.recipientIdNumber').$castTo<string>()), 'in', e.selectFrom('failed as f').select(['f.period', 'f.idNumber']).$asTuple('period', 'idNumber')),
          )
          .select((e) => [
            'p.period',
            e.ref('p.recipientIdNumber').$castTo<string>().as('idNumber'),
            e.val('payment').as('side'),
            'p.fileId',
            'p.rowNo',
            'p.district',
            e.lit(null).$castTo<string | null>().as('districtCode'),
            'p.program',
            e.lit(null).$castTo<string | null>().as('name'),
            'p.accountNo',
            e.lit(0).as('approvedFen'),
            e.ref('p.status').$castTo<string | null>().as('status'),
            'pay.failReason',
          ]),
      )
      .execute();

    const hits = new Map<string, Acc>();
    for (const r of rows) {
      const key = `${r.period}|${r.idNumber}`;
      let hit = hits.get(key);
      if (!hit) {
        hit = {
          subject: { period: r.period, idNumber: r.idNumber },
          period: r.period,
          idNumber: r.idNumber,
          evidence: [],
          approvedFen: 0,
          paymentCount: 0,
          programs: [],
          statuses: [],
          failReasons: [],
        };
        hits.set(key, hit);
      }
      hit.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
      if (r.side === 'roster') {
        hit.approvedFen += Number(r.approvedFen);
        hit.district ??= r.district;
        hit.districtCode ??= r.districtCode;
        hit.name ??= r.name;
        hit.accountNo ??= r.accountNo;
        if (!hit.programs.includes(r.program)) hit.programs.push(r.program);
      } else {
        hit.paymentCount++;
        if (r.status && !hit.statuses.includes(r.status)) hit.statuses.push(r.status);
        if (r.failReason && !hit.failReasons.includes(r.failReason)) hit.failReasons.push(r.failReason);
      }
    }
    return [...hits.values()].map(({ approvedFen, paymentCount, programs, statuses, failReasons, ...hit }) => ({
      ...hit,
      program: programs[0] ?? null,
      expectedFen: approvedFen,
      actualFen: 0,
      evidence: hit.evidence.sort((a, b) => a.fileId - b.fileId || (a.rowNo ?? 0) - (b.rowNo ?? 0)),
      values: { approvedFen, paymentCount, statusesZh: statuses.map((s) => STATUS_ZH[s] ?? s).join('、') },
      valuesEn: { statusesZh: statuses.map((s) => STATUS_EN[s] ?? s).join(', ') },
      data: { approvedFen, paymentCount, statuses, failReasons, programs },
    }));
  },
});
