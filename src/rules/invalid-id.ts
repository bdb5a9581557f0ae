/**
 * 数据质量（GB 11643）— GB 11643-1999 公民身份号码：身份证号须为 18 位，出生日期真实，校验码正确。无效号码保留并预警，
 * 因为钱已经按它发出去了；四（三）1 的“发放名单……对应不上、有明显异常的，及时预警”也以身份证号为准。
 * An ID number that failed the check at ingest, wherever it appears: an active roster row, a bank row of a
 * file no later file superseded (both in the periods), or the proxy registry (recipient or proxy, all rows).
 * One finding per distinct number, with its rows as evidence.
 */
import type { ExpressionBuilder } from 'kysely';
import { normaliseIdNumber, type IdProblem } from '../domain/index.ts';
import { defineRule } from './define-rule.ts';
import { groupRows, wholePeriods, wholeRoster } from './helpers.ts';
import type { RuleHit } from './types.ts';

const MAX_EVIDENCE = 20;

/** A SQL flag: 1 where the idValid column says the ID was stored as a number (ID_STORED_AS_NUMBER). */
function asNumber(eb: ExpressionBuilder<any, any>, column: string) {
  return eb.cast<number>(eb.case().when(eb.ref(column), '=', 2).then(1).else(0).end(), 'integer').as('asNumber');
}

const PROBLEM_ZH: Record<IdProblem | 'stored-as-number', string> = {
  'stored-as-number': '被 Excel 以数字形式存储（只保留 15 位有效数字），末几位已丢失，请在原表中把该列设为文本后重新录入',
  empty: '为空',
  chars: '含非法字符',
  length: '位数不对',
  birthdate: '出生日期不存在',
  checksum: '校验码错误',
};

const PROBLEM_EN: Record<IdProblem | 'stored-as-number', string> = {
  'stored-as-number': 'was stored by Excel as a number (15 significant digits only), so its last digits are lost: set the column to text in the source sheet and enter it again',
  empty: 'is empty',
  chars: 'has characters that are not allowed',
  length: 'has the wrong number of digits',
  birthdate: 'has a birth date that does not exist',
  checksum: 'has a wrong check digit',
};

const SOURCE_ZH = { roster: '名册', bank: '代发明细', proxy: '代领协议备案' } as const;
const SOURCE_EN: Record<keyof typeof SOURCE_ZH, string> = { roster: 'roster', bank: 'bank detail', proxy: 'proxy filing' };
type Source = keyof typeof SOURCE_ZH;

export default defineRule({
  id: 'invalid-id',
  title: '身份证号无效',
  titleEn: 'Invalid ID number',
  severity: 'medium',
  clause: '数据质量（GB 11643）',
  reads: ['proxy'],
  messages: { default: '身份证号{problem}，共出现在 {rows} 行数据中（{sources}）' },
  messagesEn: { default: 'ID number {problem}, found in {rows} rows ({sources})' },
  async run(ctx) {
    const { db } = ctx;
    // Four sources in one union; the typed nulls (cast … as text) keep the columns aligned on PostgreSQL too.
    const roster = db
      // Every row of the periods is checked: the roster and the bank rows are each read in one pass.
      .selectFrom((await wholeRoster(ctx)).as('re'))
      .where('re.idValid', '<>', 1)
      .select((eb) => [
        're.idNumber as id',
        eb.cast<Source>(eb.val('roster'), 'text').as('source'),
        're.fileId as file',
        're.rowNo as row',
        eb.cast<string | null>('re.period', 'text').as('inPeriod'),
        eb.cast<string | null>('re.name', 'text').as('holder'),
        're.district as area',
        're.districtCode as areaCode',
        asNumber(eb, 're.idValid'),
      ]);
    const bank = db
      .selectFrom('payments as p')
      .innerJoin('sourceFiles as f', 'f.id', 'p.fileId')
      .where('f.supersededBy', 'is', null)
      .where(await wholePeriods(ctx, 'payments', 'p'))
      .where('p.idValid', '<>', 1)
      .select((eb) => [
        eb.fn.coalesce('p.idNumber', eb.val('')).as('id'), // idValid is 0 only where a number was given
        eb.cast<Source>(eb.val('bank'), 'text').as('source'),
        'p.fileId as file',
        'p.rowNo as row',
        eb.cast<string | null>('p.period', 'text').as('inPeriod'),
        'p.accountHolder as holder',
        'p.district as area',
        eb.cast<string | null>(eb.lit(null), 'text').as('areaCode'),
        asNumber(eb, 'p.idValid'),
      ]);
    const recipients = db
      .selectFrom('proxyAgreements as a')
      .where('a.recipientIdValid', '<>', 1)
      .select((eb) => [
        'a.recipientIdNumber as id',
        eb.cast<Source>(eb.val('proxy'), 'text').as('source'),
        'a.fileId as file',
        'a.rowNo as row',
        eb.cast<string | null>(eb.lit(null), 'text').as('inPeriod'),
        eb.cast<string | null>(eb.lit(null), 'text').as('holder'),
        eb.cast<string | null>(eb.lit(null), 'text').as('area'),
        eb.cast<string | null>(eb.lit(null), 'text').as('areaCode'),
        asNumber(eb, 'a.recipientIdValid'),
      ]);
    const proxies = db
      .selectFrom('proxyAgreements as a')
      .where('a.proxyIdValid', '<>', 1)
      .select((eb) => [
        eb.fn.coalesce('a.proxyIdNumber', eb.val('')).as('id'),
        eb.cast<Source>(eb.val('proxy'), 'text').as('source'),
        'a.fileId as file',
        'a.rowNo as row',
        eb.cast<string | null>(eb.lit(null), 'text').as('inPeriod'),
        eb.cast<string | null>('a.proxyName', 'text').as('holder'),
        eb.cast<string | null>(eb.lit(null), 'text').as('area'),
        eb.cast<string | null>(eb.lit(null), 'text').as('areaCode'),
        asNumber(eb, 'a.proxyIdValid'),
      ]);
    const all = roster.unionAll(bank).unionAll(recipients).unionAll(proxies);
    const rows = await db
      .selectFrom(
        db
          .selectFrom(all.as('u'))
          .selectAll('u')
          .select((eb) => {
            const rowsFrom = (source: Source) => eb.fn.sum<number>(eb.case().when('u.source', '=', source).then(1).else(0).end()).over((ob) => ob.partitionBy('u.id'));
            return [
              eb.fn.agg<number>('row_number').over((ob) => ob.partitionBy('u.id').orderBy('u.file').orderBy('u.row')).as('n'),
              eb.fn.countAll<number>().over((ob) => ob.partitionBy('u.id')).as('total'),
              rowsFrom('roster').as('rosterRows'),
              rowsFrom('bank').as('bankRows'),
              rowsFrom('proxy').as('proxyRows'),
            ];
          })
          .as('w'),
      )
      .selectAll('w')
      .where('w.n', '<=', MAX_EVIDENCE)
      .orderBy('w.id')
      .orderBy('w.n')
      .execute();

    // Only invalid IDs came back (at most MAX_EVIDENCE rows each); gather them into one hit per number.
    return groupRows(rows, (r) => r.id).map((group): RuleHit => {
      const first = group[0]!;
      const counts: Record<Source, number> = { roster: Number(first.rosterRows), bank: Number(first.bankRows), proxy: Number(first.proxyRows) };
      // Stored as a number by Excel (ingest marks it): the number itself may even pass the check, but its last digits are lost.
      const problem: IdProblem | 'stored-as-number' | null = group.some((r) => Number(r.asNumber) === 1) ? 'stored-as-number' : normaliseIdNumber(first.id).problem;
      const pick = <K extends 'inPeriod' | 'holder' | 'area' | 'areaCode'>(k: K) => group.find((r) => r[k] !== null)?.[k] ?? null;
      return {
        subject: { idNumber: first.id },
        values: {
          problem: problem ? PROBLEM_ZH[problem] : '未通过校验',
          rows: Number(first.total),
          sources: (Object.keys(SOURCE_ZH) as Source[]).filter((s) => counts[s] > 0).map((s) => `${SOURCE_ZH[s]} ${counts[s]} 行`).join('、'),
        },
        valuesEn: {
          problem: problem ? PROBLEM_EN[problem] : 'failed the check',
          sources: (Object.keys(SOURCE_ZH) as Source[]).filter((s) => counts[s] > 0).map((s) => `${SOURCE_EN[s]}: ${counts[s]}`).join(', '),
        },
        period: pick('inPeriod'),
        district: pick('area'),
        districtCode: pick('areaCode'),
        idNumber: first.id,
        name: pick('holder'),
        evidence: group.map((r) => ({ fileId: r.file, rowNo: r.row })),
        data: { problem, rows: Number(first.total), rosterRows: counts.roster, bankRows: counts.bank, proxyRows: counts.proxy },
      };
    });
  },
});
