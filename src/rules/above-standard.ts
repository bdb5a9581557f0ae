/**
 * 四（四）：规范社会救助资金使用范围……进一步明确救助资金用途，规范使用范围，确保社会救助资金专款专用。不得擅自扩大资金支出范围。
 * A 低保 or 特困 roster row whose approved amount exceeds (monthly standard + maximum supplement) × household
 * size, per the optional standards table. The standard used is the most generous row of the program that
 * applies to the row's district (city-wide rows, district null, apply everywhere) among those with the
 * latest effectiveFrom on or before the period. 临时救助 has no monthly standard and is not checked.
 */
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { groupRows, periodList, programText, programZh } from './helpers.ts';
import type { RuleHit } from './types.ts';

const MONTHLY_PROGRAMS = ['dibao', 'tekun'];

export default defineRule({
  id: 'above-standard',
  title: '超标准发放',
  titleEn: 'Approved amount above the standard',
  severity: 'medium',
  clause: '四（四）',
  reads: ['standards'],
  messages: { default: '核定 {approvedFen} 元，超过{programZh}标准上限 {capFen} 元（每人 {perPersonFen} 元 × {householdSize} 人），超出 {excessFen} 元' },
  messagesEn: { default: 'approved {approvedFen} yuan, above the {programZh} cap of {capFen} yuan ({perPersonFen} yuan per person × {householdSize}), {excessFen} yuan over' },
  async run({ db, periods }) {
    const anyStandard = await db.selectFrom('standards').select('id').limit(1).executeTakeFirst();
    if (!anyStandard) return { cannotRun: { zh: '未提供救助标准表，无法检查', en: 'no standards table was provided' } };

    // The run's periods as a one-column table, so the caps are worked out once per (period, program, district scope).
    // The cast types the parameter for PostgreSQL, which cannot infer it in a select list.
    const [firstPeriod, ...otherPeriods] = periodList(periods).map((p) => db.selectNoFrom((eb) => eb.cast<string>(eb.val(p), 'text').as('period')));
    const periodTable = otherPeriods.reduce((all, one) => all.unionAll(one), firstPeriod!);

    const rows = await db
      .with('runPeriods', () => periodTable)
      // Every scope a roster row can fall in: city-wide (district null) or one district with rows of its own.
      .with('scopes', (qc) =>
        qc
          .selectFrom('runPeriods as k')
          .innerJoin('standards as s', (j) => j.on((eb) => eb(eb.fn<string>('substr', ['s.effectiveFrom', eb.val(1), eb.val(7)]), '<=', eb.ref('k.period'))))
          .select(['k.period', 's.program', 's.district'])
          .distinct(),
      )
      // Per scope: the latest effectiveFrom that applies (its own rows or city-wide ones), then the most generous row of that date.
      // Materialized: a handful of rows, computed once rather than per roster row.
      .with((w) => w('caps').materialized(), (qc) =>
        qc.selectFrom('scopes as c').select((eb) => {
          const latest = eb
            .selectFrom('standards as s2')
            .select((e) => e.fn.max('s2.effectiveFrom').as('latest'))
            .whereRef('s2.program', '=', 'c.program')
            .where((e) => e.or([e('s2.district', 'is', null), e('s2.district', '=', e.ref('c.district'))]))
            .where((e) => e(e.fn<string>('substr', ['s2.effectiveFrom', e.val(1), e.val(7)]), '<=', e.ref('c.period')));
          return [
            'c.period',
            'c.program',
            'c.district',
            eb
              .selectFrom('standards as s')
              .select((e) => e.fn.max(e('s.monthlyStandardFen', '+', e.fn.coalesce('s.maxSupplementFen', e.val(0)))).as('perPerson'))
              .whereRef('s.program', '=', 'c.program')
              .where((e) => e.or([e('s.district', 'is', null), e('s.district', '=', e.ref('c.district'))]))
              .where('s.effectiveFrom', '=', latest)
              .as('perPersonFen'),
            latest.as('effectiveFrom'),
          ];
        }),
      )
      .selectFrom(activeRoster(db, periods).as('r'))
      // A district with rows of its own uses its scope; any other district the city-wide one.
      .leftJoin('caps as own', (j) => j.onRef('own.period', '=', 'r.period').onRef('own.program', '=', 'r.program').onRef('own.district', '=', 'r.district'))
      .leftJoin('caps as city', (j) => j.onRef('city.period', '=', 'r.period').onRef('city.program', '=', 'r.program').on('city.district', 'is', null))
      .where('r.program', 'in', MONTHLY_PROGRAMS)
      .where('r.householdSize', 'is not', null)
      // Cheap first cut, computed once: above the lowest cap of all; only those rows look up their own cap.
      .where((eb) => eb('r.approvedFen', '>', eb(eb.selectFrom('caps').select((e) => e.fn.min('perPersonFen').as('lowest')), '*', eb.ref('r.householdSize'))))
      .where((eb) =>
        eb('r.approvedFen', '>', eb(eb.fn.coalesce('own.perPersonFen', 'city.perPersonFen'), '*', eb.ref('r.householdSize'))),
      )
      .select((eb) => [
        'r.period', 'r.idNumber', 'r.name', 'r.district', 'r.districtCode', 'r.program', 'r.accountNo', 'r.householdSize', 'r.approvedFen', 'r.fileId', 'r.rowNo',
        eb.fn.coalesce('own.perPersonFen', 'city.perPersonFen').as('perPersonFen'),
        eb.fn.coalesce('own.effectiveFrom', 'city.effectiveFrom').as('effectiveFrom'),
      ])
      .$narrowType<{ householdSize: number; perPersonFen: number }>()
      .execute();
    rows.sort((a, b) => a.period.localeCompare(b.period) || a.idNumber.localeCompare(b.idNumber) || a.fileId - b.fileId || a.rowNo - b.rowNo);

    return groupRows(rows, (r) => `${r.period}|${r.idNumber}`).map((all): RuleHit => {
      const first = all[0]!;
      const approvedFen = Number(first.approvedFen);
      const perPersonFen = Number(first.perPersonFen);
      const capFen = perPersonFen * first.householdSize;
      return {
        subject: { period: first.period, idNumber: first.idNumber },
        values: { approvedFen, programZh: programZh(first.program), capFen, perPersonFen, householdSize: first.householdSize, excessFen: approvedFen - capFen },
        valuesEn: { programZh: programText(first.program) },
        period: first.period,
        district: first.district,
        districtCode: first.districtCode,
        program: first.program,
        idNumber: first.idNumber,
        name: first.name,
        accountNo: first.accountNo,
        expectedFen: capFen,
        actualFen: approvedFen,
        evidence: all.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        data: {
          approvedFen,
          householdSize: first.householdSize,
          perPersonFen,
          capFen,
          excessFen: approvedFen - capFen,
          standardEffectiveFrom: first.effectiveFrom,
          ...(all.length > 1 ? { rows: all.map((r) => ({ program: r.program, approvedFen: Number(r.approvedFen), householdSize: r.householdSize })) } : {}),
        },
      };
    });
  },
});
