/**
 * 四（三）3：代理金融机构要按规定落实救助对象优惠、减免政策，保证服务质量，及时为救助对象发送社会救助资金发放信息等，
 * 不得向救助对象收取卡折办理、资金发放等管理服务费用。
 * A bank row (whatever its status) with a fee above zero, or whose label names a fee (手续费, 管理费, 年费, 工本费,
 * 短信费, 卡费): one finding per account and period, with the total taken.
 */
import { FEE_LABEL_WORDS, formatYuan } from '../domain/index.ts';
import { defineRule } from './define-rule.ts';
import { groupRows, wholePeriods } from './helpers.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'bank-fee',
  title: '违规收取费用',
  titleEn: 'Fee charged to a recipient',
  severity: 'high',
  clause: '四（三）3',
  reads: [],
  messages: { default: '代发时向救助对象收取费用共 {feeFen} 元（{rows} 笔：{items}）' },
  messagesEn: { default: 'fees of {feeFen} yuan charged to the recipient on disbursement ({rows} payments: {items})' },
  async run(ctx) {
    const { db } = ctx;
    const rows = await db
      .selectFrom('reconPayments as p')
      .leftJoin('rosterEntries as r', (j) => j.onRef('r.id', '=', 'p.rosterId').onRef('r.period', '=', 'p.period'))
      // Every row of the month is looked at (a fee or a fee word in the label): one pass over the periods' rows.
      .where(await wholePeriods(ctx, 'reconPayments', 'p'))
      .where((eb) => eb.or([eb('p.feeFen', '>', 0), ...FEE_LABEL_WORDS.map((word) => eb('p.label', 'like', `%${word}%`))]))
      .select((eb) => [
        'p.period',
        'p.accountNo',
        eb.fn.coalesce('p.recipientIdNumber', 'p.idNumber').as('person'),
        eb.fn.coalesce('r.name', 'p.accountHolder').as('name'),
        'p.district',
        'r.districtCode',
        'p.program',
        'p.label',
        'p.feeFen',
        'p.amountFen',
        'p.status',
        'p.fileId',
        'p.rowNo',
      ])
      // The items in file order whatever the plan read first (few rows: only fee rows come back).
      .orderBy('p.period')
      .orderBy('p.fileId')
      .orderBy('p.rowNo')
      .execute();

    // Only fee rows came back; gather them into one hit per (period, account).
    return groupRows(rows, (r) => JSON.stringify([r.period, r.accountNo ?? '', r.accountNo ? '' : (r.person ?? '')])).map((group): RuleHit => {
      const first = group[0]!;
      // The fee column when the bank filled it; else the row itself is the deduction (a 短信费 debit).
      const fees = group.map((r) => (Number(r.feeFen ?? 0) > 0 ? Number(r.feeFen) : Math.abs(Number(r.amountFen))));
      const feeFen = fees.reduce((s, f) => s + f, 0);
      const items = group.map((r, i) => (Number(r.feeFen ?? 0) > 0 ? `手续费 ${formatYuan(fees[i]!)} 元` : `「${r.label ?? ''}」${formatYuan(fees[i]!)} 元`));
      const itemsEn = group.map((r, i) => (Number(r.feeFen ?? 0) > 0 ? `fee ${formatYuan(fees[i]!)} yuan` : `"${r.label ?? ''}" ${formatYuan(fees[i]!)} yuan`));
      const subject: Record<string, string> = first.accountNo ? { period: first.period, accountNo: first.accountNo } : { period: first.period, idNumber: first.person ?? '' };
      return {
        subject,
        values: { feeFen, rows: group.length, items: items.join('、') },
        valuesEn: { items: itemsEn.join(', ') },
        period: first.period,
        district: first.district,
        districtCode: first.districtCode,
        program: first.program,
        idNumber: first.person,
        name: first.name,
        accountNo: first.accountNo,
        actualFen: feeFen,
        evidence: group.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
        data: {
          feeFen,
          rows: group.length,
          feeColumnFen: group.reduce((s, r) => s + Math.max(0, Number(r.feeFen ?? 0)), 0),
          labels: [...new Set(group.map((r) => r.label).filter((l): l is string => l !== null))],
          statuses: [...new Set(group.map((r) => r.status))],
          idNumbers: [...new Set(group.map((r) => r.person).filter((p): p is string => p !== null))],
        },
      };
    });
  },
});
