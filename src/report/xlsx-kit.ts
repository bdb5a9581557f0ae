/**
 * The Excel writer's toolkit: styles, typed columns, and one function that turns a value into a cell of
 * the right kind — money as a numeric cell in a yuan format, dates as dates, text never as a formula.
 */
import { TZDate } from '@date-fns/tz';
import type ExcelJS from 'exceljs';
import { fenToYuanNumber } from '../domain/index.ts';
import { formulaSafe } from './safe-text.ts';

export const MAX_SHEET_ROWS = 1_048_576;
export const YUAN_FORMAT = '#,##0.00;[Red]-#,##0.00';
export const DATETIME_FORMAT = 'yyyy-mm-dd hh:mm';
const BORDER: Partial<ExcelJS.Borders> = { bottom: { style: 'thin', color: { argb: 'FFBFBFBF' } } };

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

export const STYLE = {
  title: { font: { bold: true, size: 14, color: { argb: 'FF1F3864' } } },
  note: { font: { italic: true, color: { argb: 'FF595959' } } },
  warn: { font: { bold: true, color: { argb: 'FF9C0006' } }, fill: fill('FFFFC7CE') },
  section: { font: { bold: true, size: 12, color: { argb: 'FF1F3864' } }, fill: fill('FFDDEBF7') },
  header: { font: { bold: true, color: { argb: 'FFFFFFFF' } }, fill: fill('FF1F4E78'), alignment: { vertical: 'middle', wrapText: true }, border: BORDER },
  severity: {
    high: { font: { bold: true, color: { argb: 'FF9C0006' } }, fill: fill('FFFFC7CE'), alignment: { horizontal: 'center' } },
    medium: { font: { color: { argb: 'FF9C5700' } }, fill: fill('FFFFEB9C'), alignment: { horizontal: 'center' } },
    low: { font: { color: { argb: 'FF1F4E78' } }, fill: fill('FFDDEBF7'), alignment: { horizontal: 'center' } },
  },
  status: {
    new: { font: { bold: true, color: { argb: 'FF006100' } }, fill: fill('FFC6EFCE') },
    persisting: {},
    resolved: { font: { color: { argb: 'FF808080' } } },
  },
  mismatch: { font: { bold: true, color: { argb: 'FF9C0006' } }, fill: fill('FFFFC7CE') },
} satisfies Record<string, Partial<ExcelJS.Style> | Record<string, Partial<ExcelJS.Style>>>;

export type CellKind = 'text' | 'int' | 'money' | 'datetime';

export interface ColumnSpec {
  header: string;
  width: number;
  kind: CellKind;
}

/** A value for a cell: fen for money columns, ISO text for dates. */
export type CellInput = string | number | null | undefined;

/** The last time converted: a sheet's rows mostly share one (the run that first saw the findings). */
let lastDate: { iso: string; ms: number | null } | undefined;

/**
 * Shanghai wall-clock time as Excel shows dates (Excel has no time zones). A time zone conversion costs
 * ~80 µs (TZDate works through Intl), so the previous one is kept and a repeated time is a copy of it.
 */
export function excelDate(iso: string): Date | null {
  if (lastDate?.iso !== iso) {
    const ms = Date.parse(iso);
    const t = Number.isNaN(ms) ? null : new TZDate(ms, 'Asia/Shanghai');
    lastDate = { iso, ms: t === null ? null : Date.UTC(t.getFullYear(), t.getMonth(), t.getDate(), t.getHours(), t.getMinutes(), t.getSeconds()) };
  }
  return lastDate.ms === null ? null : new Date(lastDate.ms);
}

export function cellValue(kind: CellKind, v: CellInput): ExcelJS.CellValue {
  if (v === null || v === undefined || v === '') return null;
  switch (kind) {
    case 'money':
      return typeof v === 'number' ? fenToYuanNumber(v) : formulaSafe(v);
    case 'int':
      return typeof v === 'number' ? v : formulaSafe(v);
    case 'datetime':
      return typeof v === 'string' ? (excelDate(v) ?? formulaSafe(v)) : v;
    default:
      return formulaSafe(String(v));
  }
}

const KIND_STYLE: Record<CellKind, Partial<ExcelJS.Style>> = Object.freeze({
  text: Object.freeze({}),
  int: Object.freeze({ numFmt: '#,##0' }),
  money: Object.freeze({ numFmt: YUAN_FORMAT }),
  datetime: Object.freeze({ numFmt: DATETIME_FORMAT }),
});

/** Declares the sheet's columns (widths and number formats); no header row is written by this. */
export function declareColumns(ws: ExcelJS.Worksheet, columns: readonly ColumnSpec[]): void {
  ws.columns = columns.map((c) => ({ width: c.width, style: KIND_STYLE[c.kind] }));
}

/** A column kind's format under a style (severity, status…), one object per pair: see addTypedRow. */
const kindUnder = new WeakMap<Partial<ExcelJS.Style>, Map<CellKind, Partial<ExcelJS.Style>>>();
function styleOf(kind: CellKind, style: Partial<ExcelJS.Style>): Partial<ExcelJS.Style> {
  let byKind = kindUnder.get(style);
  if (!byKind) kindUnder.set(style, (byKind = new Map()));
  let merged = byKind.get(kind);
  if (!merged) byKind.set(kind, (merged = Object.freeze({ ...KIND_STYLE[kind], ...style })));
  return merged;
}

/**
 * Adds a row of typed values; `styles` gives a style per column index where one is wanted. Every cell gets
 * one shared style object per distinct style (its column's format, or that under the given style): exceljs
 * gives each new cell a style object of its own, and its writer looks a style up by object first, so a
 * million cells with a million equal objects each had their style rebuilt and compared as XML, while a
 * shared object is one map lookup. The objects are frozen: a cell's style is never changed in place.
 */
export function addTypedRow(ws: ExcelJS.Worksheet, columns: readonly ColumnSpec[], values: readonly CellInput[], styles: Record<number, Partial<ExcelJS.Style>> = {}): ExcelJS.Row {
  const row = ws.addRow(values.map((v, i) => cellValue(columns[i]?.kind ?? 'text', v)));
  columns.forEach((c, i) => {
    const style = styles[i];
    // A text column past the values given stays without a cell (as it always was: the row's extent is unchanged).
    if (style || c.kind !== 'text' || i < values.length) row.getCell(i + 1).style = style ? styleOf(c.kind, style) : KIND_STYLE[c.kind];
  });
  return row;
}

export function addHeaderRow(ws: ExcelJS.Worksheet, headers: readonly string[]): ExcelJS.Row {
  const row = ws.addRow(headers.map(formulaSafe));
  row.height = 30;
  for (let i = 1; i <= headers.length; i++) row.getCell(i).style = STYLE.header;
  return row;
}

export function addStyledRow(ws: ExcelJS.Worksheet, text: string, style: Partial<ExcelJS.Style>): ExcelJS.Row {
  const row = ws.addRow([formulaSafe(text)]);
  row.getCell(1).style = style;
  return row;
}

/** Excel sheet names: at most 31 characters, none of []:*?/\, unique in the workbook. */
export function sheetName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[[\]:*?/\\]/g, ' ').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)}~${n}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Column letter(s) of a 1-based column number. */
export function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}
