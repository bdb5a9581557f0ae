/** 审批名册 rows → roster_entries. */
import { normaliseName } from '../../domain/index.ts';
import { accountNo, cell, idNumber, missing, money, period, text, textOrNull } from './cells.ts';
import { district } from './district.ts';
import { program } from './program.ts';
import type { Reason, RowNormaliser } from './types.ts';

export const rosterRows: RowNormaliser = {
  columns: [
    'fileId', 'rowNo', 'period', 'district', 'districtCode', 'township', 'village', 'name', 'idNumber', 'idValid',
    'program', 'householdSize', 'approvedFen', 'bankName', 'accountNo', 'accountHolder', 'proxyName',
    'proxyIdNumber', 'agreementNo',
  ],
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const id = idNumber(cells, ctx, 'idNumber');
    if (!id) reasons.push(missing(ctx, 'idNumber', ['：名册行必须有身份证号码，账号不能确定救助对象', ': a roster row needs an ID number']));
    const approved = money(cells, ctx, 'approvedAmount', reasons);
    const prog = program(cells, ctx, reasons, true);
    const per = period(cells, ctx, reasons, null);
    if (reasons.length) return { ok: false, reasons };
    const d = district(cells, ctx);
    const size = cell(cells, ctx, 'householdSize');
    const sizeN = size === null || String(size).trim() === '' ? null : Number(String(size).normalize('NFKC').replace(/[人口\s]/g, ''));
    const holder = text(cells, ctx, 'accountHolder');
    const proxy = text(cells, ctx, 'proxyName');
    const proxyId = idNumber(cells, ctx, 'proxyIdNumber');
    return {
      ok: true,
      values: [
        null, rowNo, per, d.name, d.code, textOrNull(cells, ctx, 'township'), textOrNull(cells, ctx, 'village'),
        normaliseName(text(cells, ctx, 'name')), id!.value, id!.valid ? 1 : 0, prog,
        sizeN !== null && Number.isInteger(sizeN) && sizeN > 0 ? sizeN : null, approved,
        textOrNull(cells, ctx, 'bankName'), accountNo(cells, ctx, 'accountNo'), holder ? normaliseName(holder) : null,
        proxy ? normaliseName(proxy) : null, proxyId?.value ?? null, textOrNull(cells, ctx, 'agreementNo'),
      ],
    };
  },
};
