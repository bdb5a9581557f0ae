/** The reference lists: staff registry, proxy agreements, deaths, benefit standards. */
import { normaliseName, parseProgram } from '../../domain/index.ts';
import { cell, date, idNumber, missing, money, reason, requiredDate, shown, text, textOrNull } from './cells.ts';
import { district } from './district.ts';
import type { Reason, RowNormaliser } from './types.ts';

export const staffRows: RowNormaliser<'staff'> = {
  normalise(cells, rowNo, ctx) {
    const name = normaliseName(text(cells, ctx, 'name'));
    const id = idNumber(cells, ctx, 'idNumber');
    if (!name && !id) return { ok: false, reasons: [missing(ctx, 'name', ['和身份证号码', ' and ID number'])] };
    return {
      ok: true,
      row: { rowNo, name, idNumber: id?.value ?? null, idValid: id ? id.code : null, unit: textOrNull(cells, ctx, 'unit'), role: textOrNull(cells, ctx, 'role') },
    };
  },
};

export const proxyRows: RowNormaliser<'proxyAgreements'> = {
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const recipient = idNumber(cells, ctx, 'recipientIdNumber');
    if (!recipient) reasons.push(missing(ctx, 'recipientIdNumber'));
    const proxyName = normaliseName(text(cells, ctx, 'proxyName'));
    if (!proxyName) reasons.push(missing(ctx, 'proxyName'));
    const agreement = textOrNull(cells, ctx, 'agreementNo');
    if (!agreement) reasons.push(missing(ctx, 'agreementNo', ['：没有协议编号不能算作已备案', ': without it the agreement is not on file']));
    if (reasons.length) return { ok: false, reasons };
    const proxyId = idNumber(cells, ctx, 'proxyIdNumber');
    return {
      ok: true,
      row: {
        rowNo,
        recipientIdNumber: recipient!.value,
        recipientIdValid: recipient!.code,
        proxyName,
        proxyIdNumber: proxyId?.value ?? null,
        proxyIdValid: proxyId ? proxyId.code : null,
        agreementNo: agreement!,
        filedOn: date(cells, ctx, 'filedOn'),
        relationship: textOrNull(cells, ctx, 'relationship'),
      },
    };
  },
};

export const deathRows: RowNormaliser<'deaths'> = {
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const id = idNumber(cells, ctx, 'idNumber');
    if (!id) reasons.push(missing(ctx, 'idNumber'));
    const died = requiredDate(cells, ctx, 'diedOn', reasons);
    if (reasons.length) return { ok: false, reasons };
    const name = normaliseName(text(cells, ctx, 'name'));
    return { ok: true, row: { rowNo, idNumber: id!.value, idValid: id!.code, name: name || null, diedOn: died! } };
  },
};

export const standardRows: RowNormaliser<'standards'> = {
  normalise(cells, rowNo, ctx) {
    const reasons: Reason[] = [];
    const from = requiredDate(cells, ctx, 'effectiveFrom', reasons);
    const rawProgram = cell(cells, ctx, 'program');
    const prog = rawProgram === null ? null : parseProgram(String(rawProgram));
    if (!prog) {
      const raw = shown(rawProgram);
      reasons.push(reason(ctx, 'program', 'program-unknown', (f) => `${f} "${raw}" 不是已知的救助类别`, (f) => `${f} "${raw}" is not a known program`));
    }
    const standard = money(cells, ctx, 'monthlyStandard', reasons);
    const supplement = money(cells, ctx, 'maxSupplement', reasons, true);
    if (reasons.length) return { ok: false, reasons };
    const area = text(cells, ctx, 'area');
    return {
      ok: true,
      row: {
        rowNo,
        effectiveFrom: from!,
        program: prog!,
        district: district(cells, ctx).name,
        area: /农村/.test(area) ? 'rural' : /城/.test(area) ? 'urban' : null,
        monthlyStandardFen: standard!,
        maxSupplementFen: supplement,
      },
    };
  },
};

/**
 * A cross-check list declared in the config: matched by ID number only, so a row without one is
 * rejected (a list is never matched by name — namesakes are common). The whole row is kept by header
 * so a finding can show the line of the list that matched.
 */
export const listRows: RowNormaliser<'referenceRows'> = {
  normalise(cells, rowNo, ctx) {
    const id = idNumber(cells, ctx, 'idNumber');
    if (!id) return { ok: false, reasons: [missing(ctx, 'idNumber', ['：比对名单只按身份证号比对，不按姓名猜', ': lists are matched by ID number only, never by name'])] };
    const headers = ctx.headerCells ?? [];
    const row: Record<string, string> = {};
    cells.forEach((c, i) => {
      const v = c === null || c === undefined ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim();
      if (v !== '') row[headers[i] || `第${i + 1}列`] = v;
    });
    const name = normaliseName(text(cells, ctx, 'name'));
    return { ok: true, row: { rowNo, idNumber: id.value, idValid: id.valid ? 1 : 0, name: name || null, cellsJson: JSON.stringify(row) } };
  },
};
