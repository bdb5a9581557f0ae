/**
 * 四（三）2：不得以任何理由违背救助对象或其法定监护人、委托照料人意愿，由社会救助工作人员或村干部代为持有卡折、
 * 支取救助金。……原则上乡镇（街道）的社会救助工作人员不确定为代为支取人。
 * A proxy who is in the staff registry: the roster's proxy by ID number (high); the roster's proxy by name
 * when the roster gives no proxy ID, against staff of the recipient's own township (medium); or the bank's
 * account holder, when it is not the recipient, by name against staff of the recipient's township (medium).
 */
import { defineRule } from './define-rule.ts';
import { paidToOtherHolder, wholeRoster } from './helpers.ts';
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
  reads: ['staff'],
  messages: {
    default: '名册登记的代领人“{proxyName}”身份证号在工作人员名单中（{staffUnit} {staffRole}）',
    byName: '名册登记的代领人“{proxyName}”与本乡镇工作人员同名（{staffUnit} {staffRole}），名册未填代领人身份证号',
    holder: '收款户名“{accountHolder}”不是救助对象本人，与本乡镇工作人员同名（{staffUnit} {staffRole}），实发 {paidFen} 元',
  },
  messagesEn: {
    default: 'the ID number of the roster proxy "{proxyName}" is on the staff list ({staffUnit} {staffRole})',
    byName: 'the roster proxy "{proxyName}" has the name of a staff member of the township ({staffUnit} {staffRole}); the roster gives no ID number of the proxy',
    holder: 'account holder "{accountHolder}" is not the recipient and has the name of a staff member of the township ({staffUnit} {staffRole}); paid {paidFen} yuan',
  },
  async run(ctx) {
    const { db } = ctx;
    const roster = await wholeRoster(ctx);
    const holders = await paidToOtherHolder(ctx);
    const rosterCols = [
      'r.period as period', 'r.idNumber as idNumber', 'r.name as name', 'r.district as district', 'r.districtCode as districtCode',
      'r.program as program', 'r.accountNo as accountNo', 'r.fileId as fileId', 'r.rowNo as rowNo', 'r.township as township',
    ] as const;
    const rows = await db
      // Everyone who may be a proxy, in one pass over each big table: the roster's proxies, and the account
      // holders of paid rows who are not the recipient (the payment is the big side; its roster row is one
      // primary-key probe away). Materialized: the matching below reads this small set several times.
      .with((w) => w('candidates').materialized(), (qc) =>
        qc
          .selectFrom(roster.as('r'))
          .where((eb) => eb.or([eb('r.proxyName', 'is not', null), eb('r.proxyIdNumber', 'is not', null)]))
          .select((eb) => [
            ...rosterCols, 'r.proxyName as who', 'r.proxyIdNumber as whoId', eb.cast<How>(eb.val('byName'), 'text').as('how'),
            eb.lit(null).$castTo<number | null>().as('payFileId'), eb.lit(null).$castTo<number | null>().as('payRowNo'), eb.lit(null).$castTo<number | null>().as('amountFen'),
          ])
          .unionAll(
            holders.select((eb) => [
                ...rosterCols, 'p.accountHolder as who', eb.lit(null).$castTo<string | null>().as('whoId'), eb.cast<How>(eb.val('holder'), 'text').as('how'),
                eb.ref('p.fileId').$castTo<number | null>().as('payFileId'), eb.ref('p.rowNo').$castTo<number | null>().as('payRowNo'), eb.ref('p.amountFen').$castTo<number | null>().as('amountFen'),
              ]),
          ),
      )
      // (b), (c) by name, only where no proxy ID is given. staff has no index on name, so the match runs on
      // small sets: the candidates whose name is a staff name at all, against the staff rows of those names.
      .with((w) => w('named').materialized(), (qc) =>
        qc
          .selectFrom('candidates')
          .selectAll()
          .where('whoId', 'is', null)
          .where('township', '<>', '')
          .where('who', 'in', qc.selectFrom('staff').select('name')),
      )
      .with((w) => w('namesakes').materialized(), (qc) =>
        qc.selectFrom('staff').select(['fileId', 'rowNo', 'name', 'unit', 'role']).where('name', 'in', qc.selectFrom('named').select('who')),
      )
      // (a) the roster's proxy ID is a staff member's ID.
      .selectFrom('candidates as c')
      .innerJoin('staff as s', 's.idNumber', 'c.whoId')
      .select((eb) => [
        'c.period', 'c.idNumber', 'c.name', 'c.district', 'c.districtCode', 'c.program', 'c.accountNo', 'c.fileId', 'c.rowNo', 'c.who',
        eb.cast<How>(eb.val('byId'), 'text').as('how'), 'c.payFileId', 'c.payRowNo', 'c.amountFen',
        's.fileId as staffFileId', 's.rowNo as staffRowNo', 's.unit', 's.role',
      ])
      // (b) / (c): the same name as a staff member whose unit lies in the recipient's township.
      .unionAll((eb) =>
        eb
          .selectFrom('named as c')
          .innerJoin('namesakes as s', (j) =>
            j.onRef('s.name', '=', 'c.who').on((e) => e('s.unit', 'like', e(e(e.val('%'), '||', e.ref('c.township')), '||', e.val('%')))),
          )
          .select([
            'c.period', 'c.idNumber', 'c.name', 'c.district', 'c.districtCode', 'c.program', 'c.accountNo', 'c.fileId', 'c.rowNo', 'c.who',
            'c.how', 'c.payFileId', 'c.payRowNo', 'c.amountFen', 's.fileId as staffFileId', 's.rowNo as staffRowNo', 's.unit', 's.role',
          ]),
      )
      .execute();
    // No ORDER BY in SQL: SQLite would walk an index for it instead of scanning. The few hits are sorted here.
    rows.sort(
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
