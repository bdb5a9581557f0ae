import type { Kysely, Selectable, Transaction } from 'kysely';
import type { Database } from './schema.ts';
import type { DialectName } from './migrations.ts';

export type TableName = keyof Database & string;

/**
 * Below this many expected rows Writer.deferIndexes keeps a table's indexes live on both databases: building an
 * index again after a small load costs more than inserting into it.
 */
export const MIN_DEFERRED_ROWS = 100_000;

/**
 * One row of `table` as ingest makes it from a file: every column the schema declares, under the schema's
 * name and type, but the generated id and the file it came from (which only the writer knows).
 */
export type RowRecord<T extends TableName> = Omit<Selectable<Database[T]>, 'id' | 'fileId'>;

/** What a write transaction offers: kysely for ordinary statements, and a bulk path for many rows. */
export interface Writer {
  kysely: Transaction<Database>;
  /** Inserts rows given as arrays in `columns` order (camelCase column names). */
  insertMany(table: TableName, columns: readonly string[], rows: readonly (readonly unknown[])[]): Promise<void>;
  /**
   * Inserts one file's rows, given as records keyed by the table's columns (the record's keys, in the
   * first record's order, are the columns; `fileId` is added to each).
   */
  insertRows<T extends TableName>(table: T, fileId: number, rows: readonly RowRecord<T>[]): Promise<void>;
  /**
   * The same rows with no object per row: `columns` (the records' keys) and their values row after row in one
   * flat array, row r's value of columns[c] at `cells[r * columns.length + c]` (as a parse worker sends a
   * batch); `fileId` is added to each.
   */
  insertArrays(table: TableName, fileId: number, columns: readonly string[], cells: readonly unknown[]): Promise<void>;
  /**
   * A hint before loading about `expectedRows` rows into `table`: when that is large against what the
   * table keeps, the dialect may set secondary indexes aside and rebuild them (inside the same
   * transaction) when `restore` is called. A no-op where it would not pay. `periods`: the months the load
   * writes, replacing their rows (the table must have a `period` column); PostgreSQL sets aside only those
   * months' partition indexes, and nothing without them; SQLite counts those months' rows as leaving.
   */
  deferIndexes(table: TableName, expectedRows: number, periods?: Iterable<string>): Promise<{ restore(): Promise<void> }>;
  /**
   * Before an INSERT … SELECT into a table partitioned by period: makes sure each period has its own
   * partition (PostgreSQL). A no-op on SQLite and for tables that are not partitioned.
   */
  ensurePartitions(table: TableName, periods: Iterable<string>): Promise<void>;
}

/** Who holds the run lock, as far as the database can tell. */
export interface RunLockHolder {
  pid: number;
  host: string;
  startedAt: string;
}

export interface RunLockOptions {
  wait?: boolean;
  signal?: AbortSignal;
  pollMs?: number;
  onWait?(holder: RunLockHolder): void;
  /** The errors to throw (the pipeline owns their wording). */
  held(holder: RunLockHolder): Error;
  aborted(): Error;
}

export interface RunLock {
  release(): Promise<void>;
}

export interface Db {
  dialect: DialectName;
  kysely: Kysely<Database>;
  /** SQLite: the database file (`:memory:` for one in memory), which a second connection may open (rules on two threads). */
  file?: string;
  /** Runs `fn` in one transaction: all of its writes land, or none. */
  write<T>(fn: (w: Writer) => Promise<T>): Promise<T>;
  /**
   * A run lock kept by the database itself, shared by every host that uses it (PostgreSQL: a session
   * advisory lock). Absent on SQLite, whose lock is a file beside the database.
   */
  runLock?(opts: RunLockOptions): Promise<RunLock>;
  /**
   * Who holds that run lock right now (any host), or null when no run is going. Absent on SQLite, where the
   * lock file says it.
   */
  runLockHolder?(): Promise<RunLockHolder | null>;
  /** Where kysely keeps its migration table (PostgreSQL: the connection's schema). */
  migrationSchema?(): Promise<string>;
  close(): Promise<void>;
}
