/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、有明显异常的，及时预警，并会同民政部门及时核对处理。
 * 四（四）：不得以任何形式挤占、挪用、截留、滞留社会救助资金。
 * An approved person (period, idNumber of the active roster) for whom the bank reported no payment row at
 * all — not even a failed one.
 */
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { periodList, programZh } from './helpers.ts';
import type { EvidenceRef, RuleHit } from './types.ts';

type Acc = RuleHit & { evidence: EvidenceRef[]; approvedFen: number; programs: string[] };

export default defineRule({
  id: 'missing-payment',
  title: '核定未发放',
  titleEn: 'Approved but not paid',
  severity: 'high',
  clause: '四（三）1, 四（四）',
  messages: { default: '已核定 {approvedFen} 元（{programsZh}），代发回盘中无该对象任何发放记录' },
  defaultOptions: {},
  async run({ db, periods }) {
    const list = periodList(periods);
    const rows = await db
      // ID numbers of the period with no payment row at all: the roster's and the payments' (period, ID)
      // indexes walked side by side, nothing else read. The rows reported are then read through
      // activeRoster, so an ID found only in a superseded file is not reported.
      .with(
        (cte) => cte('unpaid').materialized(),
        (qc) =>
          qc
            .selectFrom('rosterEntries as re')
            .where('re.period', 'in', list)
            .where((eb) =>
              eb.not(
                eb.exists(
                  eb.selectFrom('reconPayments as p').select('p.id').whereRef('p.period', '=', 're.period').whereRef('p.recipientIdNumber', '=', 're.idNumber'),
                ),
              ),
            )
            .select(['re.period', 're.idNumber']),
      )
      .selectFrom(activeRoster(db, periods).as('r'))
      .where((eb) => eb(eb.refTuple('r.period', 'r.idNumber'), 'in', eb.selectFrom('unpaid as u').select(['u.period', 'u.idNumber']).$asTuple('period', 'idNumber')))
      .select(['r.period', 'r.idNumber', 'r.fileId', 'r.rowNo', 'r.district', 'r.districtCode', 'r.program', 'r.name', 'r.accountNo', 'r.approvedFen'])
      .execute();

    const hits = new Map<string, Acc>();
    for (const r of rows) {
      const key = `${r.period}|${r.idNumber}`;
      let hit = hits.get(key);
      if (!hit) {
        hit = {
          subject: { period: r.period, idNumber: r.idNumber },
          period: r.period,
          district: r.district,
          districtCode: r.districtCode,
          idNumber: r.idNumber,
          name: r.name,
          accountNo: r.accountNo,
          evidence: [],
          approvedFen: 0,
          programs: [],
        };
        hits.set(key, hit);
      }
      hit.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
      hit.approvedFen += r.approvedFen;
      if (!hit.programs.includes(r.program)) hit.programs.push(r.program);
    }
    return [...hits.values()].map(({ approvedFen, programs, ...hit }) => ({
      ...hit,
      program: programs[0] ?? null,
      expectedFen: approvedFen,
      actualFen: 0,
      evidence: hit.evidence.sort((a, b) => a.fileId - b.fileId || (a.rowNo ?? 0) - (b.rowNo ?? 0)),
      values: { approvedFen, programsZh: programs.map(programZh).join('、') },
      data: { approvedFen, rosterRows: hit.evidence.length, programs },
    }));
  },
});
