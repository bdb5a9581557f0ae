/**
 * Reading one field of a row and turning a bad value into a reason a bank clerk can act on.
 */
import {
  normaliseIdNumber,
  normaliseText,
  parseDate,
  parseFen,
  parseFenInFen,
  parsePeriod,
  type MoneyProblem,
} from '../../domain/index.ts';
import { isNfkcStable } from '../../domain/chars.ts';
import { fieldName } from '../fields.ts';
import type { CellValue } from '../readers/types.ts';
import type { Reason, RowContext } from './types.ts';

export function cell(cells: readonly CellValue[], ctx: RowContext, field: string): CellValue {
  const i = ctx.fieldColumn.get(field);
  return i === undefined ? null : (cells[i] ?? null);
}

/** Trimmed, NFKC text of a field; '' when absent. */
export function text(cells: readonly CellValue[], ctx: RowContext, field: string): string {
  const v = cell(cells, ctx, field);
  if (v === null) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return normaliseText(String(v));
}

export function textOrNull(cells: readonly CellValue[], ctx: RowContext, field: string): string | null {
  const t = text(cells, ctx, field);
  return t === '' ? null : t;
}

function label(ctx: RowContext, field: string): [string, string] {
  const header = ctx.headerOf.get(field);
  return [header ?? fieldName(field, 'zh'), header ?? fieldName(field, 'en')];
}

function shown(v: CellValue): string {
  if (v === null) return '';
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : String(v);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

export function reason(ctx: RowContext, field: string, code: string, zh: (f: string) => string, en: (f: string) => string): Reason {
  const [fz, fe] = label(ctx, field);
  return { field, code, zh: zh(fz), en: en(fe) };
}

const MONEY_ZH: Record<MoneyProblem, string> = {
  empty: '为空',
  'not-a-number': '不是有效金额',
  'too-many-decimals': '不是有效金额（最多两位小数）',
  negative: '为负数（冲正、退款不在本系统处理范围内）',
  'too-large': '超出可处理的金额范围',
};
const MONEY_EN: Record<MoneyProblem, string> = {
  empty: 'is empty',
  'not-a-number': 'is not a valid amount',
  'too-many-decimals': 'is not a valid amount (at most two decimals)',
  negative: 'is negative (reversals are out of scope)',
  'too-large': 'is beyond the amount range this system handles',
};

/** Money in integer fen, or a reason. `optional` fields may be empty. */
export function money(
  cells: readonly CellValue[],
  ctx: RowContext,
  field: string,
  reasons: Reason[],
  optional = false,
): number | null {
  const v = cell(cells, ctx, field);
  const parsed = ctx.amountsInFen && (field === 'amount' || field === 'fee') ? parseFenInFen(v) : parseFen(v);
  if (parsed.ok) return parsed.fen;
  if (optional && parsed.problem === 'empty') return null;
  const raw = shown(v);
  reasons.push(
    reason(
      ctx,
      field,
      `money-${parsed.problem}`,
      (f) => (parsed.problem === 'empty' ? `${f}${MONEY_ZH.empty}` : `${f} "${raw}" ${MONEY_ZH[parsed.problem]}`),
      (f) => (parsed.problem === 'empty' ? `${f} ${MONEY_EN.empty}` : `${f} "${raw}" ${MONEY_EN[parsed.problem]}`),
    ),
  );
  return null;
}

/**
 * What the `idValid` columns hold: 1 valid, 0 failed the GB 11643 check, 2 stored as a number by Excel (its
 * last digits are lost: a number keeps 15 significant digits). Rules treat anything but 1 as invalid.
 */
export const ID_VALID = 1;
export const ID_INVALID = 0;
export const ID_STORED_AS_NUMBER = 2;

/**
 * An ID number, normalised. A number cell (XLSX) is kept as the exact integer the cell holds, as text, so two
 * different numbers never become one subject; it never counts as valid, and is marked as stored as a number.
 */
export function idNumber(cells: readonly CellValue[], ctx: RowContext, field: string): { value: string; valid: boolean; code: number } | null {
  const v = cell(cells, ctx, field);
  if (v === null) return null;
  if (typeof v === 'number') {
    // Excel stored the ID as a number: its last digits are gone. Keep every digit it holds; never "repair" it.
    const value = Number.isInteger(v) ? BigInt(v).toString() : String(v);
    return { value, valid: false, code: ID_STORED_AS_NUMBER };
  }
  const raw = v instanceof Date ? '' : String(v);
  if (raw.trim() === '') return null;
  const n = normaliseIdNumber(raw);
  return { value: n.value, valid: n.valid, code: n.valid ? ID_VALID : ID_INVALID };
}

const ACCOUNT_NOISE = /[\s\-']/;
const ACCOUNT_NOISE_ALL = /[\s\-']/g;

/** Account numbers: half-width, no spaces or dashes, no leading apostrophe (Excel's text marker). */
export function accountNo(cells: readonly CellValue[], ctx: RowContext, field: string): string | null {
  const v = cell(cells, ctx, field);
  if (v === null) return null;
  const raw = typeof v === 'number' ? (Number.isSafeInteger(v) ? String(v) : v.toExponential(5).toUpperCase()) : String(v);
  // NFKC cannot change ASCII or unified CJK (nearly every account number is ASCII digits): skip its call there.
  const half = isNfkcStable(raw) ? raw : raw.normalize('NFKC');
  const s = ACCOUNT_NOISE.test(half) ? half.replace(ACCOUNT_NOISE_ALL, '') : half;
  return s === '' ? null : s;
}

/** A period from the row's own column, the file defaults, or (bank) the payment date. */
export function period(cells: readonly CellValue[], ctx: RowContext, reasons: Reason[], fallback: string | null): string | null {
  const v = cell(cells, ctx, 'period');
  if (v !== null && String(v).trim() !== '') {
    const p = parsePeriod(v);
    if (p) return p;
    const raw = shown(v);
    reasons.push(reason(ctx, 'period', 'period-invalid', (f) => `${f} "${raw}" 不是有效月份（如 2026-11、2026年11月）`, (f) => `${f} "${raw}" is not a valid month (e.g. 2026-11)`));
    return null;
  }
  const p = ctx.defaults.period ?? fallback;
  if (p) return p;
  reasons.push(
    reason(
      ctx,
      'period',
      'period-unknown',
      () => '无法确定发放月份：文件没有月份列，标题和文件名中也没有唯一的月份；请用 --period 指定',
      () => 'period cannot be determined: no period column, and no single month in the title or file name; give --period',
    ),
  );
  return null;
}

/** A date field; an unreadable date is kept as unknown (null), never guessed. */
export function date(cells: readonly CellValue[], ctx: RowContext, field: string): string | null {
  const v = cell(cells, ctx, field);
  if (v === null || (typeof v === 'string' && v.trim() === '')) return null;
  return parseDate(v);
}

export function requiredDate(cells: readonly CellValue[], ctx: RowContext, field: string, reasons: Reason[]): string | null {
  const v = cell(cells, ctx, field);
  const d = v === null ? null : parseDate(v);
  if (d) return d;
  const raw = shown(v);
  reasons.push(
    raw === ''
      ? reason(ctx, field, 'date-empty', (f) => `${f}为空`, (f) => `${f} is empty`)
      : reason(ctx, field, 'date-invalid', (f) => `${f} "${raw}" 不是有效日期`, (f) => `${f} "${raw}" is not a valid date`),
  );
  return null;
}

export function missing(ctx: RowContext, field: string, why: [string, string] = ['', '']): Reason {
  return reason(ctx, field, 'missing', (f) => `缺少${f}${why[0]}`, (f) => `${f} is missing${why[1]}`);
}

export { shown };
