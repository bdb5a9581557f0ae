/** 审批名册 rows → roster_entries. */
import { normaliseName } from '../../domain/index.ts';
import { accountNo, cell, idNumber, missing, money, period, text, textOrNull } from './cells.ts';
import { district } from './district.ts';
import { program } from './program.ts';
import type { CellValue } from '../readers/types.ts';
import type { Reason, RowNormaliser } from './types.ts';

export const rosterRows: RowNormaliser<'rosterEntries'> = {
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const id = idNumber(cells, ctx, 'idNumber');
    if (!id) reasons.push(missing(ctx, 'idNumber', ['：名册行必须有身份证号码，账号不能确定救助对象', ': a roster row needs an ID number']));
    const approved = money(cells, ctx, 'approvedAmount', reasons);
    const prog = program(cells, ctx, reasons, true);
    const per = period(cells, ctx, reasons, null);
    if (reasons.length) return { ok: false, reasons };
    const d = district(cells, ctx);
    const sizeN = householdSize(cell(cells, ctx, 'householdSize'));
    const holder = text(cells, ctx, 'accountHolder');
    const proxy = text(cells, ctx, 'proxyName');
    const proxyId = idNumber(cells, ctx, 'proxyIdNumber');
    return {
      ok: true,
      row: {
        rowNo,
        period: per!,
        district: d.name,
        districtCode: d.code,
        township: textOrNull(cells, ctx, 'township'),
        village: textOrNull(cells, ctx, 'village'),
        name: normaliseName(text(cells, ctx, 'name')),
        idNumber: id!.value,
        idValid: id!.code,
        program: prog!,
        householdSize: sizeN,
        approvedFen: approved!,
        bankName: textOrNull(cells, ctx, 'bankName'),
        accountNo: accountNo(cells, ctx, 'accountNo'),
        accountHolder: holder ? normaliseName(holder) : null,
        proxyName: proxy ? normaliseName(proxy) : null,
        proxyIdNumber: proxyId?.value ?? null,
        agreementNo: textOrNull(cells, ctx, 'agreementNo'),
      },
    };
  },
};

const PLAIN_COUNT = /^\d{1,2}$/;

/** 保障人数 as a positive whole number (`2`, `２`, `2人`); anything else is unknown (null), never guessed. */
function householdSize(v: CellValue): number | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isInteger(v) && v > 0 ? v : null;
  const s = String(v).trim();
  if (s === '') return null;
  const n = PLAIN_COUNT.test(s) ? Number(s) : Number(s.normalize('NFKC').replace(/[人口\s]/g, ''));
  return Number.isInteger(n) && n > 0 ? n : null;
}
