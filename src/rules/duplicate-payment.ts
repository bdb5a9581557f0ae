/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * One person paid more than once for one period and program (rows whose latest status is paid). The person
 * is the matched roster ID, else the row's own ID number, else its account number. 临时救助 on top of 低保
 * is a different program and is not a duplicate; a failed row followed by a paid one is one payment.
 */
import { defineRule } from './define-rule.ts';
import { periodList, programZh } from './helpers.ts';
import type { RuleHit } from './types.ts';

type Acc = Omit<RuleHit, 'evidence'> & { rows: { fileId: number; rowNo: number; amountFen: number }[] };

export default defineRule({
  id: 'duplicate-payment',
  title: '重复发放',
  titleEn: 'Paid more than once',
  severity: 'high',
  clause: '四（三）1',
  messages: { default: '同一对象本期{programZh}被发放 {paymentCount} 笔，合计 {paidFen} 元' },
  defaultOptions: {},
  async run({ db, periods }) {
    const list = periodList(periods);
    const rows = await db
      // Candidates among matched rows: roster IDs with more than one payment row (any status, any program),
      // counted straight off the (period, recipientIdNumber) index.
      .with(
        (cte) => cte('multi').materialized(),
        (qc) =>
          qc
            .selectFrom('reconPayments as p')
            .where('p.period', 'in', list)
            .where('p.recipientIdNumber', 'is not', null)
            .groupBy(['p.period', 'p.recipientIdNumber'])
            .having((eb) => eb(eb.fn.countAll(), '>', 1))
            .select((eb) => ['p.period', eb.ref('p.recipientIdNumber').$castTo<string>().as('idNumber')]),
      )
      // The paid rows to count: the candidates' rows, keyed on the roster ID, and every unmatched row (few),
      // keyed on its own ID number, or on its account when it has none.
      .with('paidRows', (qc) =>
        qc
          .selectFrom('reconPayments as p')
          .leftJoin('rosterEntries as re', (j) => j.onRef('re.id', '=', 'p.rosterId').onRef('re.period', '=', 'p.period'))
          .where('p.period', 'in', list)
          .where('p.status', '=', 'paid')
          .where((eb) => eb(eb.refTuple('p.period', eb.ref('p.recipientIdNumber').$castTo<string>()), 'in', eb.selectFrom('multi as m').select(['m.period', 'm.idNumber']).$asTuple('period', 'idNumber')))
          .select((eb) => [
            'p.period',
            'p.program',
            eb.val('idNumber').as('keyKind'),
            eb.ref('p.recipientIdNumber').$castTo<string>().as('personKey'),
            'p.accountNo',
            'p.accountHolder',
            're.name',
            're.districtCode',
            'p.district',
            'p.amountFen',
            'p.fileId',
            'p.rowNo',
          ])
          .unionAll((eb) =>
            eb
              .selectFrom('reconPayments as p')
              .where('p.period', 'in', list)
              .where('p.status', '=', 'paid')
              .where('p.recipientIdNumber', 'is', null)
              .select((e) => [
                'p.period',
                'p.program',
                e.case().when('p.idNumber', 'is not', null).then('idNumber').else('accountNo').end().as('keyKind'),
                e.fn.coalesce('p.idNumber', 'p.accountNo').$castTo<string>().as('personKey'),
                'p.accountNo',
                'p.accountHolder',
                e.lit(null).$castTo<string | null>().as('name'),
                e.lit(null).$castTo<string | null>().as('districtCode'),
                'p.district',
                'p.amountFen',
                'p.fileId',
                'p.rowNo',
              ]),
          ),
      )
      // Only the rows of a (period, program, person) paid more than once come back.
      .selectFrom((qc) =>
        qc
          .selectFrom('paidRows as d')
          .selectAll('d')
          .select((eb) => eb.fn.countAll<number>().over((ob) => ob.partitionBy(['d.period', 'd.program', 'd.keyKind', 'd.personKey'])).as('paidCount'))
          .as('w'),
      )
      .where('w.paidCount', '>', 1)
      .selectAll('w')
      .execute();

    const hits = new Map<string, Acc>();
    for (const r of rows) {
      const subject: Record<string, string> = { period: r.period, program: r.program, [r.keyKind]: r.personKey };
      const key = JSON.stringify(subject);
      let hit = hits.get(key);
      if (!hit) {
        hit = {
          subject,
          period: r.period,
          district: r.district,
          districtCode: r.districtCode,
          program: r.program,
          idNumber: r.keyKind === 'idNumber' ? r.personKey : null,
          name: r.name ?? r.accountHolder,
          accountNo: r.accountNo,
          rows: [],
        };
        hits.set(key, hit);
      }
      hit.rows.push({ fileId: r.fileId, rowNo: r.rowNo, amountFen: r.amountFen });
    }
    return [...hits.values()].map(({ rows: paid, ...hit }) => {
      paid.sort((a, b) => a.fileId - b.fileId || a.rowNo - b.rowNo);
      const amountsFen = paid.map((p) => p.amountFen);
      const paidFen = amountsFen.reduce((a, b) => a + b, 0);
      return {
        ...hit,
        actualFen: paidFen,
        evidence: paid.map(({ fileId, rowNo }) => ({ fileId, rowNo })),
        values: { programZh: programZh(hit.program!), paymentCount: paid.length, paidFen },
        data: { paymentCount: paid.length, paidFen, amountsFen },
      };
    });
  },
});
