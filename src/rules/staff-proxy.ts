/**
 * 四（三）2：不得以任何理由违背救助对象或其法定监护人、委托照料人意愿，由社会救助工作人员或村干部代为持有卡折、
 * 支取救助金。……原则上乡镇（街道）的社会救助工作人员不确定为代为支取人。
 * A proxy who is in the staff registry: the roster's proxy by ID number (high); the roster's proxy by name
 * when the roster gives no proxy ID, against staff of the recipient's own township (medium); or the bank's
 * account holder, when it is not the recipient, by name against staff of the recipient's township (medium).
 */
import type { ExpressionBuilder } from 'kysely';
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { periodList } from './helpers.ts';
import type { EvidenceRef, RuleHit, Severity } from './types.ts';

type How = 'byId' | 'byName' | 'holder';
const RANK: Record<How, number> = { byId: 0, byName: 1, holder: 2 };
const SEVERITY: Record<How, Severity> = { byId: 'high', byName: 'medium', holder: 'medium' };

export default defineRule({
  id: 'staff-proxy',
  title: '工作人员代领',
  titleEn: 'Staff member collects on a recipient’s behalf',
  severity: 'high',
  clause: '四（三）2',
  messages: {
    default: '名册登记的代领人“{proxyName}”身份证号在工作人员名单中（{staffUnit} {staffRole}）',
    byName: '名册登记的代领人“{proxyName}”与本乡镇工作人员同名（{staffUnit} {staffRole}），名册未填代领人身份证号',
    holder: '收款户名“{accountHolder}”不是救助对象本人，与本乡镇工作人员同名（{staffUnit} {staffRole}），实发 {paidFen} 元',
  },
  defaultOptions: {},
  async run({ db, periods }) {
    const list = periodList(periods);
    const noPayment = <DB, TB extends keyof DB>(eb: ExpressionBuilder<DB, TB>) =>
      [eb.lit(null).$castTo<number | null>().as('payFileId'), eb.lit(null).$castTo<number | null>().as('payRowNo'), eb.lit(null).$castTo<number | null>().as('amountFen')] as const;

    // (a) the roster's proxy ID is a staff ID: one pass over the roster, an index probe into staff per proxy.
    const byId = db
      .selectFrom(activeRoster(db, periods).as('r'))
      .innerJoin('staff as s', 's.idNumber', 'r.proxyIdNumber')
      .where('r.proxyIdNumber', 'is not', null)
      .select((eb) => [
        'r.period as period', 'r.idNumber as idNumber', 'r.name as name', 'r.district as district', 'r.districtCode as districtCode',
        'r.program as program', 'r.accountNo as accountNo', 'r.fileId as fileId', 'r.rowNo as rowNo', 'r.proxyName as who', eb.val<How>('byId').as('how'),
        ...noPayment(eb), 's.fileId as staffFileId', 's.rowNo as staffRowNo', 's.unit as unit', 's.role as role',
      ]);

    // (b) and (c) match by name within the recipient's township. staff has no index on name, so the name match
    // runs on small sets only: the candidates whose name is a staff name at all, against the staff rows of those names.
    const rosterCols = [
      'r.period as period', 'r.idNumber as idNumber', 'r.name as name', 'r.district as district', 'r.districtCode as districtCode',
      'r.program as program', 'r.accountNo as accountNo', 'r.fileId as fileId', 'r.rowNo as rowNo', 'r.township as township',
    ] as const;
    const byName = db
      .with((w) => w('candidates').materialized(), (qc) =>
        qc
          // (b) a roster proxy given by name only
          .selectFrom(activeRoster(db, periods).as('r'))
          .where('r.proxyIdNumber', 'is', null)
          .where('r.proxyName', 'is not', null)
          .where('r.township', '<>', '')
          .select((eb) => [...rosterCols, eb.ref('r.proxyName').$castTo<string>().as('who'), eb.val<How>('byName').as('how'), ...noPayment(eb)])
          // (c) a paid row's account holder who is not the recipient
          .unionAll(
            qc
              .selectFrom('reconPayments as p')
              // The payment is the big side; its matched roster row is one primary-key probe away.
              .crossJoin(activeRoster(db, periods).as('r'))
              .whereRef('r.id', '=', 'p.rosterId')
              .where('p.period', 'in', list)
              .where('p.status', '=', 'paid')
              .where('p.accountHolder', 'is not', null)
              .whereRef('p.accountHolder', '<>', 'r.name')
              .where('r.township', '<>', '')
              .select((eb) => [
                ...rosterCols, eb.ref('p.accountHolder').$castTo<string>().as('who'), eb.val<How>('holder').as('how'),
                eb.ref('p.fileId').$castTo<number | null>().as('payFileId'), eb.ref('p.rowNo').$castTo<number | null>().as('payRowNo'), eb.ref('p.amountFen').$castTo<number | null>().as('amountFen'),
              ]),
          ),
      )
      .with((w) => w('named').materialized(), (qc) => qc.selectFrom('candidates').selectAll().where('who', 'in', qc.selectFrom('staff').select('name')))
      .with((w) => w('namesakes').materialized(), (qc) =>
        qc.selectFrom('staff').select(['fileId', 'rowNo', 'name', 'unit', 'role']).where('name', 'in', qc.selectFrom('named').select('who')),
      )
      .selectFrom('named as c')
      .innerJoin('namesakes as s', (j) =>
        j.onRef('s.name', '=', 'c.who').on((eb) => eb('s.unit', 'like', eb(eb(eb.val('%'), '||', eb.ref('c.township')), '||', eb.val('%')))),
      )
      .select([
        'c.period', 'c.idNumber', 'c.name', 'c.district', 'c.districtCode', 'c.program', 'c.accountNo', 'c.fileId', 'c.rowNo', 'c.who', 'c.how',
        'c.payFileId', 'c.payRowNo', 'c.amountFen', 's.fileId as staffFileId', 's.rowNo as staffRowNo', 's.unit', 's.role',
      ]);

    // No ORDER BY in SQL: SQLite would walk the (period, idNumber) index for it instead of scanning. The few hits are sorted here.
    const rows = [...(await byId.execute()), ...(await byName.execute())].sort(
      (a, b) =>
        a.period.localeCompare(b.period) || a.idNumber.localeCompare(b.idNumber) || a.fileId - b.fileId || a.rowNo - b.rowNo ||
        (a.payFileId ?? 0) - (b.payFileId ?? 0) || (a.payRowNo ?? 0) - (b.payRowNo ?? 0) || a.staffFileId - b.staffFileId || a.staffRowNo - b.staffRowNo,
    );

    // One hit per recipient and period; the strongest match (ID before name before holder) sets message and severity.
    type Row = (typeof rows)[number];
    const groups = new Map<string, { best: Row; evidence: Map<string, EvidenceRef>; paid: Map<string, number>; matches: Map<string, Record<string, unknown>> }>();
    for (const r of rows) {
      const key = `${r.period}|${r.idNumber}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { best: r, evidence: new Map(), paid: new Map(), matches: new Map() }));
      if (RANK[r.how] < RANK[g.best.how]) g.best = r;
      g.evidence.set(`r${r.fileId}|${r.rowNo}`, { fileId: r.fileId, rowNo: r.rowNo });
      if (r.payFileId !== null) {
        g.evidence.set(`p${r.payFileId}|${r.payRowNo}`, { fileId: r.payFileId, rowNo: r.payRowNo });
        g.paid.set(`${r.payFileId}|${r.payRowNo}`, Number(r.amountFen));
      }
      g.evidence.set(`s${r.staffFileId}|${r.staffRowNo}`, { fileId: r.staffFileId, rowNo: r.staffRowNo });
      const match = { how: r.how, name: r.who, staffUnit: r.unit, staffRole: r.role };
      g.matches.set(JSON.stringify(match), match);
    }
    return [...groups.values()].map(({ best, evidence, paid, matches }): RuleHit => {
      const paidFen = [...paid.values()].reduce((a, b) => a + b, 0);
      return {
        subject: { period: best.period, idNumber: best.idNumber },
        messageId: best.how === 'byId' ? 'default' : best.how,
        severity: SEVERITY[best.how],
        values: { proxyName: best.who, accountHolder: best.who, staffUnit: best.unit, staffRole: best.role, paidFen },
        period: best.period,
        district: best.district,
        districtCode: best.districtCode,
        program: best.program,
        idNumber: best.idNumber,
        name: best.name,
        accountNo: best.accountNo,
        actualFen: paid.size ? paidFen : null,
        evidence: [...evidence.values()],
        data: { match: best.how, matches: [...matches.values()], ...(paid.size ? { paidFen } : {}) },
      };
    });
  },
});
