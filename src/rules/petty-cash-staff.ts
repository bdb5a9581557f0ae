/**
 * 四（四）：不得……截留、滞留社会救助资金，或用于工作人员日常办公经费。四（三）2：原则上乡镇（街道）的社会救助工作人员
 * 不确定为代为支取人；审核确认办法第十一条：经办人员本人申请的，应当单独登记备案。
 * A payment out of a township's 临时救助备用金 to a person in the staff registry (社会救助工作人员、村（居）干部),
 * by ID number: high; medium when that person also holds a 临时救助 approval for that month (aid to a
 * cadre in hardship can be real, but must be looked at). A staff row or ledger row without an ID number is
 * not matched by name (namesakes are common). Subject: date, ID number.
 */
import { periodList } from './helpers.ts';
import { defineRule } from './define-rule.ts';
import type { RuleHit } from './types.ts';

const METHOD_ZH: Record<string, string> = { cash: '现金', 'in-kind': '实物', transfer: '转账' };
const METHOD_EN: Record<string, string> = { cash: 'cash', 'in-kind': 'goods in kind', transfer: 'transfer' };

export default defineRule({
  id: 'petty-cash-staff',
  title: '备用金发给工作人员',
  titleEn: 'Petty cash paid to a staff member',
  severity: 'high',
  clause: '四（四）, 四（三）2',
  reads: ['petty-cash', 'staff'],
  messages: {
    default: '{township} {spentOn} 以{methods}向工作人员（{staffUnit} {staffRole}）发放临时救助备用金 {amountFen} 元，经办人 {handler}',
    approved: '{township} {spentOn} 以{methods}向工作人员（{staffUnit} {staffRole}）发放临时救助备用金 {amountFen} 元（当月有临时救助审批，应单独登记备案）',
  },
  messagesEn: {
    default: '{township} {spentOn}: {amountFen} yuan of temporary-assistance petty cash paid by {methods} to a staff member ({staffUnit} {staffRole}), handled by {handler}',
    approved: '{township} {spentOn}: {amountFen} yuan of temporary-assistance petty cash paid by {methods} to a staff member ({staffUnit} {staffRole}) (a temporary-assistance approval exists that month; it must be registered separately)',
  },
  async run({ db, periods }) {
    const rows = await db
      .selectFrom('pettyCash as c')
      .innerJoin('sourceFiles as f', 'f.id', 'c.fileId')
      .innerJoin('staff as s', 's.idNumber', 'c.idNumber')
      .where('f.supersededBy', 'is', null)
      .where('c.idNumber', 'is not', null)
      .where((eb) => eb(eb.fn<string>('substr', ['c.spentOn', eb.lit(1), eb.lit(7)]), 'in', periodList(periods)))
      .select((eb) => [
        'c.district', 'c.districtCode', 'c.township', 'c.spentOn', 'c.name', 'c.idNumber', 'c.method', 'c.amountFen', 'c.handler', 'c.fileId', 'c.rowNo',
        's.unit', 's.role', 's.fileId as staffFileId', 's.rowNo as staffRowNo',
        eb
          .exists(
            eb
              .selectFrom('rosterEntries as re')
              .innerJoin('sourceFiles as rf', 'rf.id', 're.fileId')
              .select('re.id')
              .where('rf.supersededBy', 'is', null)
              .where('re.program', '=', 'linshi')
              .whereRef('re.idNumber', '=', 'c.idNumber')
              .where((x) => x('re.period', '=', x.fn<string>('substr', ['c.spentOn', x.lit(1), x.lit(7)]))),
          )
          .as('approved'),
      ])
      .orderBy('c.spentOn')
      .orderBy('c.fileId')
      .orderBy('c.rowNo')
      .orderBy('s.fileId')
      .orderBy('s.rowNo')
      .execute();

    const hits = new Map<string, RuleHit & { fen: number; seen: Set<string>; staffSeen: Set<string>; methods: Set<string>; approved: boolean; staff: { unit: string | null; role: string | null } }>();
    for (const r of rows) {
      const subject = { spentOn: r.spentOn, idNumber: r.idNumber! };
      const k = JSON.stringify(subject);
      let hit = hits.get(k);
      if (!hit) {
        hit = {
          subject, period: r.spentOn.slice(0, 7), district: r.district, districtCode: r.districtCode, program: 'linshi', idNumber: r.idNumber, name: r.name,
          evidence: [], fen: 0, seen: new Set(), staffSeen: new Set(), methods: new Set(), approved: Boolean(r.approved), staff: { unit: r.unit, role: r.role },
          values: { township: r.township ?? r.district, spentOn: r.spentOn, handler: r.handler ?? '（未填）' },
        };
        hits.set(k, hit);
      }
      const rowKey = `${r.fileId}|${r.rowNo}`;
      if (!hit.seen.has(rowKey)) {
        hit.seen.add(rowKey);
        hit.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
        hit.fen += Number(r.amountFen);
        hit.methods.add(r.method);
      }
      const staffKey = `${r.staffFileId}|${r.staffRowNo}`;
      if (!hit.staffSeen.has(staffKey)) {
        hit.staffSeen.add(staffKey);
        hit.evidence.push({ fileId: r.staffFileId, rowNo: r.staffRowNo });
      }
    }
    return [...hits.values()].map(({ fen, seen: _seen, staffSeen: _staffSeen, methods, approved, staff, ...hit }) => ({
      ...hit,
      ...(approved ? { messageId: 'approved', severity: 'medium' as const } : {}),
      actualFen: fen,
      values: { ...hit.values, methods: [...methods].map((m) => METHOD_ZH[m] ?? m).join('、'), amountFen: fen, staffUnit: staff.unit ?? '', staffRole: staff.role ?? '' },
      valuesEn: { methods: [...methods].map((m) => METHOD_EN[m] ?? m).join(', '), handler: hit.values?.handler === '（未填）' ? '(not given)' : hit.values?.handler },
      data: { amountFen: fen, approved, staff, methods: [...methods].sort() },
    }));
  },
});
