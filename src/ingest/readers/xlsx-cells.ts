/**
 * exceljs cell values → CellValue. What a clerk sees in the cell is what we keep: a formula's cached
 * result, rich text and hyperlinks as their text, an error as its text (`#N/A`), a number stored as text
 * as that text.
 *
 * Dates: Excel stores a day count with no time zone; exceljs turns serial 46341 into 2026-11-15T00:00:00Z.
 * We keep that UTC-midnight Date as is: read its calendar day with getUTC*(), never with local time.
 */
import type { CellValue } from './types.ts';

const MS_PER_DAY = 86_400_000;
const DAYS_1900_TO_1970 = 25_569;
const DAYS_1904_OFFSET = 1_462;

export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - DAYS_1900_TO_1970 + (date1904 ? DAYS_1904_OFFSET : 0)) * MS_PER_DAY));
}

/** The same test exceljs applies: date/time tokens outside quoted literals and [brackets]. */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, '');
  return /[ymdhMsb]/.test(bare);
}

export interface CellContext {
  /** The cell's number format; only needed for formula results, which exceljs never turns into dates. */
  numFmt(): string | undefined;
  date1904: boolean;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function fromScalar(value: unknown): CellValue | undefined {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return value;
  return undefined;
}

export function toCellValue(value: unknown, context: CellContext): CellValue {
  const scalar = fromScalar(value);
  if (scalar !== undefined) return scalar;
  if (!isRecord(value)) return String(value);
  if (Array.isArray(value.richText)) {
    return value.richText.map((run: unknown) => (isRecord(run) && typeof run.text === 'string' ? run.text : '')).join('');
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (typeof result === 'number' && Number.isFinite(result) && isDateFormat(context.numFmt())) {
      return excelSerialToDate(result, context.date1904);
    }
    return result === undefined ? null : toCellValue(result, context);
  }
  if (typeof value.error === 'string') return value.error;
  if ('text' in value) return toCellValue(value.text, context); // hyperlink; its text may itself be rich
  return null;
}
