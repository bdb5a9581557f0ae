import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { DialectName } from './migrations.ts';

export type TableName = keyof Database & string;

/** What a write transaction offers: kysely for ordinary statements, and a bulk path for many rows. */
export interface Writer {
  kysely: Transaction<Database>;
  /** Inserts rows given as arrays in `columns` order (camelCase column names). */
  insertMany(table: TableName, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /**
   * A hint before loading about `expectedRows` rows into `table`: when that is large against what the
   * table holds, the dialect may set secondary indexes aside and rebuild them (inside the same
   * transaction) when `restore` is called. A no-op where it would not pay.
   */
  deferIndexes(table: TableName, expectedRows: number): Promise<{ restore(): Promise<void> }>;
}

export interface Db {
  dialect: DialectName;
  kysely: Kysely<Database>;
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  write<T>(fn: (w: Writer) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}
