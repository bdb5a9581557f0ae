/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * A second payment landing on an approval already paid (rows whose latest status is paid): reconcile assigns
 * each payment to one approval (roster row) of its person, so payments to two different approvals of one
 * person — 低保 and 临时救助, or approvals in two districts — are two correct payments, not a duplicate. A
 * payment no approval took is keyed on its own ID number, else its account number, and its batch's program.
 * A failed row followed by a paid one is one payment.
 */
import { defineRule } from './define-rule.ts';
import { periodList, programText, programZh, wholePeriods } from './helpers.ts';
import type { RuleHit } from './types.ts';

type Acc = Omit<RuleHit, 'evidence'> & { rows: { fileId: number; rowNo: number; amountFen: number }[] };

export default defineRule({
  id: 'duplicate-payment',
  title: '重复发放',
  titleEn: 'Paid more than once',
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: { default: '同一对象本期{programZh}被发放 {paymentCount} 笔，合计 {paidFen} 元' },
  messagesEn: { default: 'the same recipient was paid {programZh} {paymentCount} times this period, {paidFen} yuan in all' },
  async run(ctx) {
    const { db, periods } = ctx;
    const list = periodList(periods);
    const months = await wholePeriods(ctx, 'reconPayments', 'p');
    const rows = await db
      // Approvals that took more than one paid payment: the periods' payments read in one pass, grouped by approval
      // (the roster_id index would be walked across every month of the history).
      .with(
        (cte) => cte('multi').materialized(),
        (qc) =>
          qc
            .selectFrom('reconPayments as p')
            .where(months)
            .where('p.status', '=', 'paid')
            .where('p.rosterId', 'is not', null)
            .groupBy('p.rosterId')
            .having((eb) => eb(eb.fn.countAll(), '>', 1))
            .select((eb) => eb.ref('p.rosterId').$castTo<number>().as('rosterId')),
      )
      // The paid rows to count: those of approvals paid twice, keyed on the approval's person and program, and
      // every unmatched row (few), keyed on its own ID number, or on its account when it has none.
      .with('paidRows', (qc) =>
        qc
          .selectFrom('reconPayments as p')
          .innerJoin('multi as m', 'm.rosterId', 'p.rosterId')
          .innerJoin('rosterEntries as re', (j) => j.onRef('re.id', '=', 'p.rosterId').onRef('re.period', '=', 'p.period'))
          .where('p.period', 'in', list)
          .where('p.status', '=', 'paid')
          .select((eb) => [
            'p.period',
            're.program',
            eb.val('idNumber').as('keyKind'),
            're.idNumber as personKey',
            'p.accountNo',
            'p.accountHolder',
            eb.ref('re.name').$castTo<string | null>().as('name'),
            're.districtCode',
            eb.fn.coalesce('re.district', 'p.district').$castTo<string | null>().as('district'),
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
                e.ref('p.district').$castTo<string | null>().as('district'),
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
        valuesEn: { programZh: programText(hit.program!) },
        data: { paymentCount: paid.length, paidFen, amountsFen },
      };
    });
  },
});
