/**
 * Control totals a file states about itself: a summary line (count and amount, before the header or
 * after the last detail) or a 合计 / 总计 / 小计 row. The numbers are recorded; the control-total rule
 * compares them with the detail rows.
 */
import { parseFen, parseFenInFen } from '../domain/index.ts';
import { cellText } from './header.ts';
import type { CellValue } from './readers/types.ts';

export interface ControlFigures {
  count: number | null;
  totalFen: number | null;
}

const TOTAL_WORD = /^(合计|总计|小计|总合计)/;
/** Cheap first look on the hot path: a cell that may start with a total word (after spaces). */
const MAYBE_TOTAL = /^[\s\u3000]*[合总小]|^\s*$/;
const LABEL = /(总笔数|总条数|总户数|总人数|笔数|条数|户数|人数|总金额|合计金额|金额合计|总额|金额|合计|总计|记录数|共|笔|户|人|条|元)/g;

/** 合计 / 总计 / 小计 as the first non-empty cell: the row is a total row, never a detail. */
export function totalRowWord(cells: readonly CellValue[]): string | null {
  for (const c of cells) {
    if (c === null || c === '') continue;
    if (typeof c === 'string' && !MAYBE_TOTAL.test(c)) return null;
    const t = cellText(c).normalize('NFKC').replace(/\s+/g, '');
    if (t === '') continue;
    const m = TOTAL_WORD.exec(t);
    return m ? m[1]! : null;
  }
  return null;
}

/**
 * A line holding only a count and an amount (labels such as 总笔数 / 总金额 allowed):
 * `1000,123456.78`, `总笔数:1000|总金额:123456.78`. Null when the line holds anything else.
 */
export function countAndAmountLine(cells: readonly CellValue[], amountsInFen: boolean): ControlFigures | null {
  const numbers: string[] = [];
  for (const c of cells) {
    const t = cellText(c).normalize('NFKC').trim();
    if (t === '') continue;
    const parts = t.replace(LABEL, ' ').split(/[\s:=;,，]+/).filter(Boolean);
    for (const p of parts) {
      if (!/^[¥￥]?-?[\d,]+(\.\d+)?$/.test(p)) return null;
      numbers.push(p);
    }
  }
  if (numbers.length !== 2) return null;
  const count = Number(numbers[0]!.replace(/,/g, ''));
  if (!Number.isSafeInteger(count) || count < 0) return null;
  const amount = amountsInFen ? parseFenInFen(numbers[1]!) : parseFen(numbers[1]!);
  return amount.ok ? { count, totalFen: amount.fen } : null;
}

/**
 * The figures of a 合计 row: amount from the amount column, count from a `120 笔/户/人` cell if any.
 * A row that puts its figures right after the label instead (`合计 | 3 | 2135.00`) is read as a
 * count-and-amount line. A number in another column (a sum of household sizes) is never taken as the count.
 */
export function totalRowFigures(cells: readonly CellValue[], amountColumn: number | undefined, amountsInFen: boolean): ControlFigures {
  const inColumn = amountColumn === undefined ? null : cells[amountColumn] ?? null;
  if (inColumn === null || cellText(inColumn).trim() === '') {
    const line = countAndAmountLine(cells, amountsInFen);
    if (line) return line;
  }
  let count: number | null = null;
  for (const c of cells) {
    const m = /(\d+)\s*(笔|户|人|条)/.exec(cellText(c).normalize('NFKC'));
    if (m) {
      count = Number(m[1]);
      break;
    }
  }
  let totalFen: number | null = null;
  if (amountColumn !== undefined) {
    const v = cells[amountColumn] ?? null;
    const parsed = amountsInFen ? parseFenInFen(v) : parseFen(v);
    if (parsed.ok) totalFen = parsed.fen;
  }
  return { count, totalFen };
}
