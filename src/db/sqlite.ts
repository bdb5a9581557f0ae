/**
 * The one module that knows it is talking to SQLite: opening the file, its pragmas, and the fast
 * bulk-insert path (prepared multi-row INSERTs reused across batches). The SQL text itself is still
 * built by kysely, so the statements stay in step with the schema.
 */
import BetterSqlite3 from 'better-sqlite3';
import { CamelCasePlugin, Kysely, SqliteDialect, type CompiledQuery, type LogEvent } from 'kysely';
import { checkpointer } from './checkpointer.ts';
import type { Database } from './schema.ts';
import { arrayLayout, flatLayout, recordLayout, snake, type FillCells } from './rows.ts';
import { MIN_DEFERRED_ROWS, type Db, type TableName, type Writer } from './types.ts';

const ROWS_PER_STATEMENT = 50;

/**
 * SQLite's page cache of the engine's connection, MiB. At 1M rows the fold, the index builds and the rules read
 * a ~500 MB file in scattered order: with 64 MiB most page reads were system calls into the OS cache (the fold
 * alone 3.5 s of system time; with 256 MiB 0.8 s). The memory is taken only as pages are read.
 */
export const CACHE_MIB = 256;

/**
 * Bytes per page of a new database file (SQLite's default is 4096). Fewer, larger pages make the bulk work cheaper:
 * at 1M + 1M rows, paired runs (README, Benchmarks → Eighth step) gave the fold's commit 0.5 → 0.2 s, recon_payments'
 * index builds 3.0 → 2.6 s, a second night 37.5 → 35.5 s. An existing site keeps the page size it was made with
 * (changing it means a VACUUM of the whole file), so this is for sites made from now on.
 */
export const PAGE_SIZE = 16384;

/**
 * What keeping a table's indexes live through a load costs, in units of building them over one row: per row
 * inserted, per row deleted. Rebuilding costs 1 per row the table holds afterwards, so the indexes are set aside
 * when staying + arriving < insert × arriving + delete × leaving. Measured at 1M rows on the 2-core machine:
 * recon_payments' four indexes build at ~3.3 s per million rows held, take ~4.5 s more per million rows inserted
 * live and ~9 s per million deleted live (README, Benchmarks → Seventh step). The ingest tables, since their
 * statements keep no statement journal (statementFor): the second month's roster file took 7.1 s with its index live
 * against 8.8-9.0 s rebuilt over both months, the bank file 5.4 s against 6.3 s; the first month's files (nothing
 * staying) took as long either way, 11.1-12.5 s for both (README, Benchmarks → Tenth step). One figure for every table.
 */
const LIVE_COST = { insert: 1.4, delete: 2.7 };

const WRITES = new Set(['InsertQueryNode', 'UpdateQueryNode', 'DeleteQueryNode', 'MergeQueryNode']);

function wrote(query: CompiledQuery): boolean {
  return WRITES.has(query.query.kind) || /^\s*commit\b/i.test(query.sql);
}

export function openSqlite(file: string, log?: (event: LogEvent) => void, cacheMiB = CACHE_MIB): Db {
  const handle = new BetterSqlite3(file);
  // Takes effect only on a new database (an existing file keeps the page size it was made with).
  handle.pragma(`page_size = ${PAGE_SIZE}`);
  handle.pragma('journal_mode = WAL');
  handle.pragma('synchronous = NORMAL');
  handle.pragma('busy_timeout = 10000');
  handle.pragma(`cache_size = ${-Math.round(cacheMiB * 1024)}`);
  handle.pragma('temp_store = MEMORY');
  // Let SQLite's sorter use a helper thread (index builds, GROUP BY over a month of payments).
  handle.pragma('threads = 2');
  // A file's checkpoints run on a helper thread (checkpointer.ts); one in memory has no log.
  const onFile = file !== ':memory:' && file !== '';
  if (onFile) handle.pragma('wal_autocheckpoint = 0');
  const ownCheckpoints = () => {
    try {
      handle.pragma('wal_autocheckpoint = 1000');
      return true;
    } catch {
      return false;
    }
  };
  const checkpoints = onFile ? checkpointer(file, ownCheckpoints) : null;
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: handle }),
    plugins: [new CamelCasePlugin()],
    // After a COMMIT, or a write outside a transaction: the log may want a checkpoint. A connection that only
    // reads (the rules' second thread) never asks.
    log: checkpoints
      ? (event) => {
          log?.(event);
          if (!handle.inTransaction && event.level === 'query' && wrote(event.query)) checkpoints.afterCommit();
        }
      : log,
  });

  const statements = new Map<string, BetterSqlite3.Statement>();
  function statementFor(table: TableName, columns: readonly string[], rows: number): BetterSqlite3.Statement {
    const key = `${table}|${columns.join(',')}|${rows}`;
    let stmt = statements.get(key);
    if (!stmt) {
      const template = Object.fromEntries(columns.map((c) => [c, null]));
      // OR FAIL, not SQLite's default ABORT: a statement that may write several rows and abort has to undo its own
      // rows alone, so it keeps a statement journal, a copy of every page it changes that the transaction had
      // already changed. A live index taking keys in random order (the roster's (period, ID) from the third month
      // on) gets ~50 such pages per 50-row statement, 16 KiB copied each time: 1M roster rows into a table of 3M took
      // 9.3-11.1 s that way and 6.0 s without, and the third night's roster file in a whole run 9.2 s against 5.3-5.5 s
      // (README, Benchmarks → Tenth step). A failed row still fails its statement, and write() rolls the whole
      // transaction back, so no row of a failed load is kept either way.
      const compiled: CompiledQuery = kysely
        .insertInto(table)
        .orFail()
        .values(Array.from({ length: rows }, () => template) as never)
        .compile();
      stmt = handle.prepare(compiled.sql);
      statements.set(key, stmt);
    }
    return stmt;
  }

  function insertCells(table: TableName, columns: readonly string[], count: number, fill: FillCells): void {
    const width = columns.length;
    let i = 0;
    const full = statementFor(table, columns, ROWS_PER_STATEMENT);
    const params: unknown[] = new Array(width * ROWS_PER_STATEMENT);
    for (; i + ROWS_PER_STATEMENT <= count; i += ROWS_PER_STATEMENT) {
      fill(i, i + ROWS_PER_STATEMENT, params);
      full.run(params);
    }
    const rest = count - i;
    if (rest > 0) {
      const params: unknown[] = new Array(width * rest);
      fill(i, count, params);
      statementFor(table, columns, rest).run(params);
    }
  }

  function insertRows(table: TableName, fileId: number, rows: readonly object[]): void {
    if (rows.length === 0) return;
    const layout = recordLayout(fileId, rows);
    insertCells(table, layout.columns, rows.length, layout.fill);
  }

  function insertArrays(table: TableName, fileId: number, columns: readonly string[], cells: readonly unknown[]): void {
    const width = columns.length;
    if (width === 0 || cells.length === 0) return;
    insertCells(table, ['fileId', ...columns], cells.length / width, flatLayout(fileId, cells, width));
  }

  // Building an index over N fresh rows (one sort) is about twice as fast as N random B-tree inserts
  // (measured 155k vs 84k rows/s for 1M roster rows), and DDL is transactional in SQLite, so a crash
  // still leaves the file's rows all-or-nothing. But a rebuild covers every row the table keeps, other
  // months' too, while live inserts cost only per row added: set the indexes aside only when the rows
  // arriving (and the rows leaving, which cost even more to delete with the indexes live) outweigh what stays.
  const NOTHING = { restore: async () => {} };
  function deferIndexes(table: TableName, expectedRows: number, periods?: Iterable<string>): { restore(): Promise<void> } {
    if (expectedRows < MIN_DEFERRED_ROWS) return NOTHING;
    const name = snake(table);
    const count = (where = '', params: unknown[] = []) =>
      (handle.prepare(`select count(*) as n from "${name}"${where}`).get(...params) as { n: number }).n;
    const months = periods ? [...new Set(periods)] : [];
    const leaving = months.length > 0 ? count(` where period in (${months.map(() => '?').join(', ')})`, months) : 0;
    const staying = count() - leaving;
    if (staying > (LIVE_COST.insert - 1) * expectedRows + LIVE_COST.delete * leaving) return NOTHING;
    const indexes = handle
      .prepare("select name, sql from sqlite_master where type = 'index' and tbl_name = ? and sql is not null")
      .all(name) as { name: string; sql: string }[];
    for (const ix of indexes) handle.exec(`drop index "${ix.name}"`);
    return {
      async restore() {
        for (const ix of indexes) handle.exec(ix.sql);
      },
    };
  }

  return {
    dialect: 'sqlite',
    kysely,
    file,
    async write<T>(fn: (w: Writer) => Promise<T>): Promise<T> {
      // kysely holds the single connection for the transaction; the prepared statements run on that
      // same connection, so they are inside it.
      return kysely.transaction().execute((trx) =>
        fn({
          kysely: trx,
          insertMany: async (t, c, r) => insertCells(t, c, r.length, arrayLayout(r, c.length)),
          insertRows: async (t, fileId, r) => insertRows(t, fileId, r),
          insertArrays: async (t, fileId, c, cells) => insertArrays(t, fileId, c, cells),
          deferIndexes: async (t, n, periods) => deferIndexes(t, n, periods),
          ensurePartitions: async () => {},
        }),
      );
    },
    async close() {
      // The helper first: the engine's connection, closing last, then copies what is left and removes the log.
      await checkpoints?.close();
      await kysely.destroy();
    },
  };
}
