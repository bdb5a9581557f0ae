/**
 * Finds the header row of a table and maps its columns to canonical fields; tells which kind of input
 * the table is when the caller did not say.
 */
import type { InputKind } from '../db/schema.ts';
import type { CellValue } from './readers/types.ts';
import { ALIAS_INDEX, DETECTION_ORDER, KINDS, normaliseHeader } from './fields.ts';

export interface HeaderMatch {
  kind: InputKind;
  /** Column index → canonical field. */
  columns: ReadonlyMap<number, string>;
  /** Canonical field → column index. */
  fieldColumn: ReadonlyMap<string, number>;
  /** Canonical fields named twice (same header twice, or two aliases of one field), with both header texts. */
  duplicates: { field: string; headers: string[] }[];
  /** Required fields with no column (some may still come from the options). */
  missing: string[];
  headerCells: string[];
}

export function cellText(cell: CellValue | undefined): string {
  if (cell === null || cell === undefined) return '';
  if (cell instanceof Date) return cell.toISOString().slice(0, 10);
  return String(cell);
}

/**
 * Maps one row's cells to a kind's fields. Fields the options, title row or file name can supply
 * (roster period, district, program) never make a header incomplete: rows that end up without them are
 * rejected one by one with the reason, which tells the user more than refusing the file.
 */
export function mapHeader(cells: readonly CellValue[], kind: InputKind, index: ReadonlyMap<string, string> = ALIAS_INDEX[kind]): HeaderMatch {
  const columns = new Map<number, string>();
  const fieldColumn = new Map<string, number>();
  const seen = new Map<string, string[]>();
  const headerCells = cells.map(cellText);
  headerCells.forEach((text, i) => {
    const key = normaliseHeader(text);
    if (!key) return;
    const field = index.get(key);
    if (!field) return;
    const list = seen.get(field) ?? [];
    list.push(text.trim());
    seen.set(field, list);
    if (!fieldColumn.has(field)) {
      fieldColumn.set(field, i);
      columns.set(i, field);
    }
  });
  const duplicates = [...seen].filter(([, h]) => h.length > 1).map(([field, headers]) => ({ field, headers }));
  const spec = KINDS[kind];
  const missing = spec.required.filter((f) => !fieldColumn.has(f) && !spec.suppliable?.includes(f));
  for (const group of spec.oneOf ?? []) {
    if (!group.some((f) => fieldColumn.has(f))) missing.push(group.join('|'));
  }
  return { kind, columns, fieldColumn, duplicates, missing, headerCells };
}

/** How well a row serves as the header for a kind: matched fields, and whether all required are there. */
export function bestHeaderFor(
  cells: readonly CellValue[],
  kinds: readonly InputKind[],
  /** A declared list's own aliases (kind `list`). */
  index?: ReadonlyMap<string, string>,
): { match: HeaderMatch; complete: boolean } | null {
  let best: { match: HeaderMatch; complete: boolean } | null = null;
  for (const kind of kinds.length ? kinds : DETECTION_ORDER) {
    const match = mapHeader(cells, kind, index);
    const complete = match.missing.length === 0;
    if (complete) return { match, complete };
    if (!best || match.fieldColumn.size > best.match.fieldColumn.size) best = { match, complete };
  }
  return best;
}
