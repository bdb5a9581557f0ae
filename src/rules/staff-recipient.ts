/**
 * 审核确认办法 第11条 —《最低生活保障审核确认办法》（民发〔2021〕57号）第十一条：低保经办人员和村（居）民委员会成员本人及其近亲属
 * 申请最低生活保障的，应当单独登记备案。
 * An approved recipient whose ID number is in the staff registry (社会救助工作人员、村（居）干部): not forbidden
 * in itself, but it must be separately filed, so it is raised for review (low).
 */
import { activeRoster } from '../reconcile/index.ts';
import { defineRule } from './define-rule.ts';
import { approvedPerson, groupRows, joinText, programText, programZh, uniqueBy } from './helpers.ts';
import type { RuleHit } from './types.ts';

export default defineRule({
  id: 'staff-recipient',
  title: '工作人员享受救助',
  titleEn: 'Recipient is in the staff registry',
  severity: 'low',
  clause: '审核确认办法 第11条',
  reads: ['staff'],
  messages: { default: '救助对象本人在工作人员名单中（{staffUnit} {staffRole}），本月享受{programs}，核定 {approvedFen} 元，应单独登记备案' },
  messagesEn: { default: 'the recipient is on the staff list ({staffUnit} {staffRole}), receives {programs} this month, {approvedFen} yuan approved: must be registered separately' },
  async run({ db, periods }) {
    // The staff registry is small: drive from it into the roster's (period, idNumber) index.
    const rows = await db
      .selectFrom('staff as s')
      .crossJoin(activeRoster(db, periods).as('r'))
      .whereRef('r.idNumber', '=', 's.idNumber')
      .where('s.idNumber', 'is not', null)
      .select([
        'r.period', 'r.idNumber', 'r.name', 'r.district', 'r.districtCode', 'r.program', 'r.approvedFen', 'r.accountNo', 'r.fileId', 'r.rowNo',
        's.fileId as staffFileId', 's.rowNo as staffRowNo', 's.unit', 's.role',
      ])
      .orderBy('r.period')
      .orderBy('r.idNumber')
      .orderBy('r.fileId')
      .orderBy('r.rowNo')
      .orderBy('s.fileId')
      .orderBy('s.rowNo')
      .execute();

    // One hit per (period, idNumber); a person may have several roster rows (低保 + 临时救助) or staff rows.
    return groupRows(rows, (r) => `${r.period}|${r.idNumber}`).map((all): RuleHit => {
      const first = all[0]!;
      const rosterRows = uniqueBy(all, (r) => `${r.fileId}|${r.rowNo}`);
      const staffRows = uniqueBy(all, (r) => `${r.staffFileId}|${r.staffRowNo}`);
      const programs = [...new Set(rosterRows.map((r) => r.program))];
      const approvedFen = rosterRows.reduce((sum, r) => sum + Number(r.approvedFen), 0);
      return {
        subject: { period: first.period, idNumber: first.idNumber },
        values: { staffUnit: first.unit, staffRole: first.role, programs: programs.map(programZh).join('、'), approvedFen },
        valuesEn: { programs: joinText(programs.map(programText)) },
        ...approvedPerson(first, programs),
        expectedFen: approvedFen,
        evidence: [
          ...rosterRows.map((r) => ({ fileId: r.fileId, rowNo: r.rowNo })),
          ...staffRows.map((r) => ({ fileId: r.staffFileId, rowNo: r.staffRowNo })),
        ],
        data: {
          programs,
          approvedFen,
          staff: staffRows.map((r) => ({ unit: r.unit, role: r.role })),
        },
      };
    });
  },
});
