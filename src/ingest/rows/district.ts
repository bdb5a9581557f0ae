import { findDistrict, normaliseText } from '../../domain/index.ts';
import type { CellValue } from '../readers/types.ts';
import { cell } from './cells.ts';
import type { RowContext } from './types.ts';

/**
 * District name and code: a known name or code becomes the canonical pair; an unknown name is kept
 * as written (a rule flags it) rather than dropped.
 */
export function district(cells: readonly CellValue[], ctx: RowContext): { name: string | null; code: string | null } {
  const nameCell = cell(cells, ctx, 'district');
  const codeCell = cell(cells, ctx, 'districtCode');
  const raw = nameCell !== null && String(nameCell).trim() !== '' ? normaliseText(String(nameCell)) : null;
  const rawCode = codeCell !== null && String(codeCell).trim() !== '' ? normaliseText(String(codeCell)) : null;
  const known = (raw && findDistrict(raw)) || (rawCode && findDistrict(rawCode)) || (!raw && !rawCode && ctx.defaults.district ? findDistrict(ctx.defaults.district) : null);
  if (known) return { name: known.name, code: known.code };
  return { name: raw ?? (rawCode ? null : ctx.defaults.district), code: rawCode };
}
