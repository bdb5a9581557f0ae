import type { RowRecord, TableName } from '../../db/index.ts';
import type { PaymentStatus, Program } from '../../domain/index.ts';
import type { CellValue } from '../readers/types.ts';

/** One reason a row was rejected: the field, a stable code, and the message in both languages. */
export interface Reason {
  field: string;
  code: string;
  zh: string;
  en: string;
}

/**
 * A row ready for its table: a record of the table's columns as the schema declares them (RowRecord),
 * without the file id (known only to the writer).
 */
export type RowResult<R> = { ok: true; row: R } | { ok: false; reasons: Reason[] };

export interface FileDefaults {
  period: string | null;
  district: string | null;
  program: Program | null;
}

export interface RowContext {
  fieldColumn: ReadonlyMap<string, number>;
  /** Header text as the file wrote it, by field: messages name the column the clerk sees. */
  headerOf: ReadonlyMap<string, string>;
  defaults: FileDefaults;
  statusCodes: Readonly<Record<string, PaymentStatus>> | null;
  amountsInFen: boolean;
  /** Header cells as written (kind `list` keeps the whole row by header for evidence). */
  headerCells?: readonly string[];
}

export interface RowNormaliser<T extends TableName> {
  normalise(cells: readonly CellValue[], rowNo: number, ctx: RowContext): RowResult<RowRecord<T>>;
}
