/**
 * 四（三）2：对在临时救助实施中，发放现金或实物的，要逐一进行登记备案。四（二）：在乡镇（街道）设立临时救助备用金。
 * A payment out of a township's 临时救助备用金 that is not on file: it has no 登记编号 (medium), or it was
 * cash or in kind and the person has no 临时救助 approval in that month's roster (high) — by ID number; a
 * row without one cannot be matched, and says so. Transfers (转账) reach an account the bank records, so
 * they need the 登记编号 only. Option `windowMonths` (default 0) also accepts an approval that many months
 * before or after (急难型 aid is often given first and approved after). Subject: district, township, date,
 * ID number (or name when the ledger gives none).
 */
import { addMonths } from 'date-fns/addMonths';
import { format } from 'date-fns/format';
import { parseISO } from 'date-fns/parseISO';
import { periodList } from './helpers.ts';
import { z } from 'zod';
import { defineRule } from './define-rule.ts';
import type { RuleHit } from './types.ts';

const METHOD_ZH: Record<string, string> = { cash: '现金', 'in-kind': '实物', transfer: '转账' };
const METHOD_EN: Record<string, string> = { cash: 'cash', 'in-kind': 'goods in kind', transfer: 'transfer' };

export default defineRule({
  id: 'petty-cash-unregistered',
  title: '备用金支出未登记备案',
  titleEn: 'Petty-cash payment not on file',
  severity: 'high',
  clause: '四（三）2, 四（二）',
  reads: ['petty-cash'],
  messages: {
    default: '{township} {spentOn} 以{methods}发放临时救助备用金 {amountFen} 元，受助人当月没有临时救助审批记录',
    noId: '{township} {spentOn} 以{methods}发放临时救助备用金 {amountFen} 元，台账未填受助人身份证号码，无法核对临时救助审批',
    noRegistration: '{township} {spentOn} 临时救助备用金支出 {amountFen} 元（{methods}）没有登记编号，未逐一登记备案',
    both: '{township} {spentOn} 以{methods}发放临时救助备用金 {amountFen} 元，没有登记编号，受助人当月也没有临时救助审批记录',
  },
  messagesEn: {
    default: '{township} {spentOn}: {amountFen} yuan of temporary-assistance petty cash paid by {methods}; the recipient has no temporary-assistance approval that month',
    noId: '{township} {spentOn}: {amountFen} yuan of temporary-assistance petty cash paid by {methods}; the ledger gives no ID number of the recipient, so the approval cannot be checked',
    noRegistration: '{township} {spentOn}: {amountFen} yuan of temporary-assistance petty cash ({methods}) has no registration number: not registered one by one',
    both: '{township} {spentOn}: {amountFen} yuan of temporary-assistance petty cash paid by {methods} with no registration number, and the recipient has no temporary-assistance approval that month',
  },
  options: { windowMonths: z.number().int().min(0).max(12).default(0).meta({ description: '审批可早于或晚于支出的月数（0–12；急难型临时救助先救助后审批，可设为 1）' }) },
  async run({ db, periods, options }) {
    const rows = await db
      .selectFrom('pettyCash as c')
      .innerJoin('sourceFiles as f', 'f.id', 'c.fileId')
      .where('f.supersededBy', 'is', null)
      .where((eb) => eb(eb.fn<string>('substr', ['c.spentOn', eb.lit(1), eb.lit(7)]), 'in', periodList(periods)))
      .select(['c.district', 'c.districtCode', 'c.township', 'c.spentOn', 'c.name', 'c.idNumber', 'c.method', 'c.amountFen', 'c.registrationNo', 'c.fileId', 'c.rowNo'])
      .orderBy('c.spentOn')
      .orderBy('c.fileId')
      .orderBy('c.rowNo')
      .execute();
    if (rows.length === 0) return [];
    const approvals = await db
      .selectFrom('rosterEntries as re')
      .innerJoin('sourceFiles as rf', 'rf.id', 're.fileId')
      .where('rf.supersededBy', 'is', null)
      .where('re.program', '=', 'linshi')
      .where('re.idNumber', 'in', db.selectFrom('pettyCash').select('idNumber').where('idNumber', 'is not', null).$narrowType<{ idNumber: string }>())
      .select(['re.idNumber', 're.period'])
      .distinct()
      .execute();
    const approved = new Set(approvals.map((a) => `${a.idNumber}|${a.period}`));
    const window = options.windowMonths;
    const hasApproval = (id: string, spentOn: string) => {
      for (let k = -window; k <= window; k++) {
        if (approved.has(`${id}|${format(addMonths(parseISO(`${spentOn.slice(0, 7)}-01`), k), 'yyyy-MM')}`)) return true;
      }
      return false;
    };

    const hits = new Map<string, RuleHit & { rowsFen: number; problems: Set<string>; methods: Set<string> }>();
    for (const r of rows) {
      const needsApproval = r.method === 'cash' || r.method === 'in-kind';
      const noApproval = needsApproval && (r.idNumber === null || !hasApproval(r.idNumber, r.spentOn));
      const noRegistration = r.registrationNo === null;
      if (!noApproval && !noRegistration) continue;
      const subject: Record<string, string> = { district: r.district, township: r.township ?? '', spentOn: r.spentOn, ...(r.idNumber ? { idNumber: r.idNumber } : { name: r.name }) };
      const k = JSON.stringify(subject);
      let hit = hits.get(k);
      if (!hit) {
        hit = {
          subject, period: r.spentOn.slice(0, 7), district: r.district, districtCode: r.districtCode, program: 'linshi', idNumber: r.idNumber, name: r.name,
          evidence: [], rowsFen: 0, problems: new Set(), methods: new Set(),
        };
        hits.set(k, hit);
      }
      hit.evidence.push({ fileId: r.fileId, rowNo: r.rowNo });
      hit.rowsFen += Number(r.amountFen);
      hit.methods.add(r.method);
      if (noApproval) hit.problems.add(r.idNumber === null ? 'noId' : 'noApproval');
      if (noRegistration) hit.problems.add('noRegistration');
    }
    return [...hits.values()].map(({ rowsFen, problems, methods, ...hit }) => {
      const approval = problems.has('noId') ? 'noId' : problems.has('noApproval') ? 'default' : null;
      const messageId = approval && problems.has('noRegistration') ? (approval === 'noId' ? 'noId' : 'both') : (approval ?? 'noRegistration');
      return {
        ...hit,
        messageId,
        ...(approval ? {} : { severity: 'medium' as const }),
        actualFen: rowsFen,
        values: { township: hit.subject.township || hit.district!, spentOn: hit.subject.spentOn!, methods: [...methods].map((m) => METHOD_ZH[m] ?? m).join('、'), amountFen: rowsFen },
        valuesEn: { methods: [...methods].map((m) => METHOD_EN[m] ?? m).join(', ') },
        data: { problems: [...problems].sort(), methods: [...methods].sort(), amountFen: rowsFen, windowMonths: window },
      };
    });
  },
});
