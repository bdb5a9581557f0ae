/**
 * 四（三）1：区县财政部门和代理金融机构要加强审核把关，对发放名单与发放金额、发放人数与发放总额等对应不上、
 * 有明显异常的，及时预警，并会同民政部门及时核对处理。
 * A roster or bank file whose own summary line / 合计 row disagrees with its detail rows: the stated count ≠
 * the rows read, or (when no row was rejected, so the accepted total is the whole file) the stated total ≠
 * the sum of the rows. Files no later file superseded, with rows in the periods of the run.
 */
import { defineRule } from './define-rule.ts';
import { periodList } from './helpers.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'control-total',
  title: '文件合计不符',
  titleEn: "File's own control total disagrees with its rows",
  severity: 'high',
  clause: '四（三）1',
  reads: [],
  messages: {
    default: '文件自带合计 {controlCount} 笔、{controlTotalFen} 元，明细实为 {rowsRead} 笔、{totalFen} 元',
    count: '文件自带合计 {controlCount} 笔，明细实为 {rowsRead} 笔',
    countWithRejected: '文件自带合计 {controlCount} 笔，明细实为 {rowsRead} 笔（含拒收 {rowsRejected} 笔）',
    total: '文件自带合计金额 {controlTotalFen} 元，明细合计 {totalFen} 元',
  },
  messagesEn: {
    default: 'the file states a total of {controlCount} rows and {controlTotalFen} yuan; its detail rows are {rowsRead} rows and {totalFen} yuan',
    count: 'the file states a total of {controlCount} rows; its detail rows are {rowsRead}',
    countWithRejected: 'the file states a total of {controlCount} rows; its detail rows are {rowsRead} (of them {rowsRejected} rejected)',
    total: 'the file states a total of {controlTotalFen} yuan; its detail rows add up to {totalFen} yuan',
  },
  async run({ db, periods }) {
    const list = periodList(periods);
    const files = await db
      .selectFrom('sourceFiles as f')
      .where('f.kind', 'in', ['roster', 'bank'])
      .where('f.supersededBy', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('f.controlCount', 'is not', null), eb('f.controlCount', '!=', eb.ref('f.rowsRead'))]),
          eb.and([eb('f.controlTotalFen', 'is not', null), eb('f.controlTotalFen', '!=', eb.ref('f.totalFen')), eb('f.rowsRejected', '=', 0)]),
        ]),
      )
      .where((eb) =>
        eb.or([
          eb.and([eb('f.kind', '=', 'roster'), eb.exists(eb.selectFrom('rosterEntries as r').select('r.id').whereRef('r.fileId', '=', 'f.id').where('r.period', 'in', list))]),
          eb.and([eb('f.kind', '=', 'bank'), eb.exists(eb.selectFrom('payments as p').select('p.id').whereRef('p.fileId', '=', 'f.id').where('p.period', 'in', list))]),
        ]),
      )
      .select([
        'f.id',
        'f.kind',
        'f.fileName',
        'f.rowsRead',
        'f.rowsAccepted',
        'f.rowsRejected',
        'f.totalFen',
        'f.controlCount',
        'f.controlTotalFen',
        'f.controlRowNo',
        'f.period',
        'f.district',
        'f.program',
      ])
      .orderBy('f.id')
      .execute();

    return files.map((f): RuleHit => {
      const rowsRead = Number(f.rowsRead);
      const totalFen = Number(f.totalFen);
      const controlCount = f.controlCount === null ? null : Number(f.controlCount);
      const controlTotalFen = f.controlTotalFen === null ? null : Number(f.controlTotalFen);
      const countDiffers = controlCount !== null && controlCount !== rowsRead;
      const totalDiffers = controlTotalFen !== null && controlTotalFen !== totalFen && Number(f.rowsRejected) === 0;
      return {
        subject: { file: f.fileName },
        // Totals are compared only when no row was rejected, so the message then leaves the total out.
        messageId: controlCount === null ? 'total' : Number(f.rowsRejected) > 0 ? 'countWithRejected' : controlTotalFen === null ? 'count' : 'default',
        values: { controlCount, controlTotalFen, rowsRead, totalFen, rowsRejected: Number(f.rowsRejected) },
        period: f.period,
        district: f.district,
        program: f.program,
        expectedFen: controlTotalFen,
        actualFen: totalFen,
        evidence: [{ fileId: f.id, rowNo: f.controlRowNo }],
        data: {
          kind: f.kind,
          controlCount,
          rowsRead,
          rowsRejected: Number(f.rowsRejected),
          countDiff: countDiffers ? rowsRead - controlCount : 0,
          controlTotalFen,
          totalFen,
          totalDiffFen: totalDiffers ? totalFen - controlTotalFen : 0,
          countDiffers,
          totalDiffers,
        },
      };
    });
  },
});
