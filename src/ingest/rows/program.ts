import { parseProgram, type Program } from '../../domain/index.ts';
import type { CellValue } from '../readers/types.ts';
import { cell, reason, shown } from './cells.ts';
import type { Reason, RowContext } from './types.ts';

/**
 * The row's program from its own column, else the file defaults. `required` rosters reject a row
 * without one; bank rows may leave it to reconciliation (the matched roster row).
 */
export function program(cells: readonly CellValue[], ctx: RowContext, reasons: Reason[], required: boolean): Program | null {
  const v = cell(cells, ctx, 'program');
  if (v !== null && String(v).trim() !== '') {
    const p = parseProgram(String(v));
    if (p) return p;
    const raw = shown(v);
    reasons.push(
      reason(ctx, 'program', 'program-unknown', (f) => `${f} "${raw}" 不是已知的救助类别（低保、特困、临时救助）`, (f) => `${f} "${raw}" is not a known program (低保, 特困, 临时救助)`),
    );
    return null;
  }
  if (ctx.defaults.program) return ctx.defaults.program;
  if (required) {
    reasons.push(
      reason(ctx, 'program', 'program-unknown', () => '无法确定救助类别：文件没有类别列，也未指定；请用 --program 指定', () => 'program cannot be determined; give --program'),
    );
  }
  return null;
}
