/**
 * Opens the database named in the config: a file path or `sqlite:` URL (the embedded default, one district
 * or city), or a `postgres://user@host:port/db[?schema=name]` URL (a province or the ministry; the password
 * comes from the RELIEF_DB_PASSWORD environment variable, never from the config). Brings the schema up to
 * date on every open.
 */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Migrator, sql, type LogEvent, type MigrationProvider } from 'kysely';
import { migrations } from './migrations.ts';
import type { openPostgres as OpenPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';
import type { Db } from './types.ts';
import { UserError } from '../errors.ts';

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

export interface OpenOptions {
  /** Sees every query with its time (scripts/explain.ts); nothing personal must reach a log from here. */
  log?: (event: LogEvent) => void;
  /** SQLite: the page cache, MiB (default sqlite.ts CACHE_MIB); a second reader of the same file takes less. */
  cacheMiB?: number;
}

export async function openDatabase(url: string, opts: OpenOptions = {}): Promise<Db> {
  if (isPostgresUrl(url)) {
    // Loaded on demand: the pg driver is not needed by the embedded default.
    const { openPostgres } = (await import('./postgres.ts')) as { openPostgres: typeof OpenPostgres };
    const db = await openPostgres(url, opts.log);
    try {
      await migrate(db);
    } catch (e) {
      await db.close();
      throw e;
    }
    return db;
  }
  const file = url === ':memory:' ? url : resolve(url.replace(/^sqlite:(\/\/)?/i, ''));
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = openSqlite(file, opts.log, opts.cacheMiB);
  await migrate(db);
  return db;
}

async function migrate(db: Db): Promise<void> {
  const provider: MigrationProvider = { getMigrations: async () => migrations(db.dialect) };
  // On PostgreSQL the migration table lives in the connection's own schema, so several engines (or test
  // runs) can share one database, one schema each.
  const migrationTableSchema = await db.migrationSchema?.();
  if (await upToDate(db, migrationTableSchema)) return;
  const { error, results } = await new Migrator({ db: db.kysely, provider, migrationTableSchema }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new UserError('db-migrate', `数据库结构升级失败（${failed}）：${String(error)}`, `Database migration ${failed} failed: ${String(error)}`);
  }
}

/**
 * Every migration already ran: skip the Migrator, whose first step reads the catalogue of the whole
 * database (slow on a PostgreSQL server with many schemas), on every open of every command.
 */
async function upToDate(db: Db, schema: string | undefined): Promise<boolean> {
  const table = schema ? sql.table(`${schema}.kysely_migration`) : sql.table('kysely_migration');
  try {
    const done = await sql<{ name: string }>`select name from ${table}`.execute(db.kysely);
    const names = new Set(done.rows.map((r) => r.name));
    return Object.keys(migrations(db.dialect)).every((m) => names.has(m));
  } catch {
    return false; // no migration table yet: a new database
  }
}
