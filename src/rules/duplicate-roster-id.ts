/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、
 * 有明显异常的，及时预警，并会同民政部门及时核对处理。
 * One ID number approved more than once in a period: the same program twice (in any district), or 低保 and
 * 特困 together (a person may not be in both in one month). 临时救助 on top of either is allowed.
 */
import { formatYuan } from '../domain/index.ts';
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { approvedPerson, groupRows, periodList, programText, programZh } from './helpers.ts';

export default defineRule({
  id: 'duplicate-roster-id',
  title: '名册身份证号重复',
  titleEn: 'ID number approved more than once in a period',
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: { default: '同一身份证号在 {period} 名册中核定 {rows} 次，合计 {approvedFen} 元：{entries}' },
  messagesEn: { default: 'the same ID number is approved {rows} times in the {period} roster, {approvedFen} yuan in all: {entries}' },
  async run({ db, periods }) {
    const list = periodList(periods);
    // Only an ID with two or more rows can be a duplicate: found on the (period, idNumber) index alone, a
    // superset that the active-roster rows below then decide exactly (superseded files drop out there).
    const repeated = db
      .selectFrom('rosterEntries')
      .select('idNumber')
      .where('period', 'in', list)
      .groupBy(['period', 'idNumber'])
      .having((eb) => eb(eb.fn.countAll(), '>', 1));
    const candidates = activeRoster(db, periods)
      .where('re.idNumber', 'in', repeated)
      .select((eb) => {
        const rowsOf = (program: string) => eb.fn.sum<number>(eb.case().when('re.program', '=', program).then(1).else(0).end());
        return [
          eb.fn.countAll<number>().over((ob) => ob.partitionBy(['re.period', 're.idNumber', 're.program'])).as('sameProgram'),
          rowsOf('dibao').over((ob) => ob.partitionBy(['re.period', 're.idNumber'])).as('dibaoRows'),
          rowsOf('tekun').over((ob) => ob.partitionBy(['re.period', 're.idNumber'])).as('tekunRows'),
        ];
      });
    // The rows that make a duplicate: a program seen twice, or 低保 and 特困 together (a 临时救助 row on top is not one).
    const rows = await db
      .selectFrom(candidates.as('r'))
      .where((eb) =>
        eb.or([
          eb('r.sameProgram', '>', 1),
          eb.and([eb('r.dibaoRows', '>', 0), eb('r.tekunRows', '>', 0), eb('r.program', 'in', ['dibao', 'tekun'])]),
        ]),
      )
      .select(['r.period', 'r.idNumber', 'r.name', 'r.district', 'r.districtCode', 'r.program', 'r.approvedFen', 'r.accountNo', 'r.fileId', 'r.rowNo'])
      .orderBy('r.period')
      .orderBy('r.idNumber')
      .orderBy('r.fileId')
      .orderBy('r.rowNo')
      .execute();

    // Only flagged rows came back; gather them into one hit per (period, idNumber).
    return groupRows(rows, (r) => `${r.period}|${r.idNumber}`).map((involved) => {
      const first = involved[0]!;
      const programs = [...new Set(involved.map((r) => r.program))];
      const approvedFen = involved.reduce((s, r) => s + Number(r.approvedFen), 0);
      return {
        subject: { period: first.period, idNumber: first.idNumber },
        values: {
          period: first.period,
          rows: involved.length,
          approvedFen,
          entries: involved.map((r) => `${r.district ?? '未知'}${programZh(r.program)} ${formatYuan(Number(r.approvedFen))} 元`).join('、'),
        },
        valuesEn: { entries: involved.map((r) => `${r.district ?? 'unknown'} ${programText(r.program).en} ${formatYuan(Number(r.approvedFen))} yuan`).join(', ') },
        ...approvedPerson(first, programs),
        evidence: involved.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        data: {
          rows: involved.length,
          programs,
          districts: [...new Set(involved.map((r) => r.district))],
          approvedFen,
          dibaoAndTekun: programs.includes('dibao') && programs.includes('tekun'),
        },
      };
    });
  },
});
