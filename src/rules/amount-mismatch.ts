/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * A roster person (period, idNumber) paid at least once whose paid sum differs from the sum of their
 * approved amounts by more than `toleranceFen`.
 */
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { periodList, wholePeriods } from './helpers.ts';
import type { EvidenceRef, RuleHit } from './types.ts';

type Acc = RuleHit & { evidence: EvidenceRef[]; approvedFen: number; paidFen: number; paidCount: number; programs: string[] };

export default defineRule({
  id: 'amount-mismatch',
  title: '个人发放金额不符',
  titleEn: 'Amount paid to a person differs from the approved amount',
  severity: 'high',
  clause: '四（三）1',
  messages: { default: '核定 {approvedFen} 元，实发 {paidFen} 元（{paidCount} 笔），差额 {diffFen} 元' },
  messagesEn: { default: 'approved {approvedFen} yuan, paid {paidFen} yuan ({paidCount} payments), difference {diffFen} yuan' },
  defaultOptions: { toleranceFen: 0 },
  async run({ db, periods, options }) {
    const list = periodList(periods);
    const tolerance = Math.max(0, Number(options.toleranceFen) || 0);
    const rows = await db
      // Candidates, a cheap superset of the people to flag: when a person's paid sum differs from their
      // approved sum, either one of their paid rows differs from the roster row it matched, or they have
      // more than one payment row or more than one roster row. The last two are counted straight off the
      // (period, ID) indexes; the exact test below reads only the active roster.
      .with(
        (cte) => cte('candidates').materialized(),
        (qc) =>
          qc
            .selectFrom('reconPayments as p')
            .innerJoin('rosterEntries as re', (j) => j.onRef('re.id', '=', 'p.rosterId').onRef('re.period', '=', 'p.period'))
            // A month is most of the table: scanned on SQLite, pruned to its partition on PostgreSQL.
            .where(wholePeriods(db, 'p.period', periods))
            .where('p.status', '=', 'paid')
            .whereRef('p.amountFen', '<>', 're.approvedFen')
            .select(['p.period', 're.idNumber'])
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
      // The candidates' active roster rows and paid rows, one stream; row-value IN seeks each candidate in
      // the (period, ID) indexes.
      .with('personRows', (qc) =>
        qc
          .selectFrom(activeRoster(db, periods).as('r'))
          .where((eb) => eb(eb.refTuple('r.period', 'r.idNumber'), 'in', eb.selectFrom('candidates as c').select(['c.period', 'c.idNumber']).$asTuple('period', 'idNumber')))
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
            eb.lit(0).$castTo<number>().as('paidFen'),
            eb.lit(1).$castTo<number>().as('rosterRow'),
            eb.lit(0).$castTo<number>().as('paidRow'),
          ])
          .unionAll((eb) =>
            eb
              .selectFrom('reconPayments as p')
              .where('p.period', 'in', list)
              .where('p.status', '=', 'paid')
              .where((e) =>
                e(e.refTuple('p.period', e.ref('p.recipientIdNumber').$castTo<string>()), 'in', e.selectFrom('candidates as c').select(['c.period', 'c.idNumber']).$asTuple('period', 'idNumber')),
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
                e.lit(0).$castTo<number>().as('approvedFen'),
                'p.amountFen as paidFen',
                e.lit(0).$castTo<number>().as('rosterRow'),
                e.lit(1).$castTo<number>().as('paidRow'),
              ]),
          ),
      )
      // The exact test, per person over their rows; only the rows of flagged people come back.
      .selectFrom((qc) =>
        qc
          .selectFrom('personRows as d')
          .selectAll('d')
          .select((eb) => {
            const perPerson = (column: 'approvedFen' | 'paidFen' | 'rosterRow' | 'paidRow') =>
              eb.fn.sum<number>(`d.${column}`).over((ob) => ob.partitionBy(['d.period', 'd.idNumber']));
            return [perPerson('approvedFen').as('personApprovedFen'), perPerson('paidFen').as('personPaidFen'), perPerson('rosterRow').as('rosterRows'), perPerson('paidRow').as('paidRows')];
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

    const hits = new Map<string, Acc>();
    for (const r of rows) {
      const key = `${r.period}|${r.idNumber}`;
      let hit = hits.get(key);
      if (!hit) {
        hit = { subject: { period: r.period, idNumber: r.idNumber }, period: r.period, idNumber: r.idNumber, evidence: [], approvedFen: 0, paidFen: 0, paidCount: 0, programs: [] };
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
        hit.paidFen += Number(r.paidFen);
        hit.paidCount++;
      }
    }
    return [...hits.values()].map(({ approvedFen, paidFen, paidCount, programs, ...hit }) => ({
      ...hit,
      program: programs[0] ?? null,
      expectedFen: approvedFen,
      actualFen: paidFen,
      evidence: hit.evidence.sort((a, b) => a.fileId - b.fileId || (a.rowNo ?? 0) - (b.rowNo ?? 0)),
      values: { approvedFen, paidFen, paidCount, diffFen: paidFen - approvedFen },
      data: { approvedFen, paidFen, paidCount, diffFen: paidFen - approvedFen, toleranceFen: tolerance, programs },
    }));
  },
});
